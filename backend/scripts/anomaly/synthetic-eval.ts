import { findEpisodes, scoreDaily, type DailyPoint, type Episode } from '../../src/analytics/anomaly/daily.js';
import { IsolationForest } from '../../src/analytics/anomaly/isolation-forest.js';
import { prng, randomCostSeries, type SyntheticSeries } from '../../src/analytics/anomaly/synthetic.js';

export interface DetectionMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Mean days from an anomaly's first day to its first flagged day. */
  delay: number;
  tp: number;
  fp: number;
  fn: number;
}

export function makeSyntheticSet(n: number, seed = 7): SyntheticSeries[] {
  const rand = prng(seed);
  return Array.from({ length: n }, () => randomCostSeries(rand));
}

/** Episode-level matching: a flagged episode overlapping a true anomaly is a hit. */
export function evaluateEpisodes(set: SyntheticSeries[], detect: (s: SyntheticSeries) => Episode[]): DetectionMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const delays: number[] = [];
  for (const s of set) {
    const eps = detect(s);
    for (const e of eps) if (!s.anomalies.some((a) => e.start < a.start + a.days && e.end >= a.start)) fp++;
    for (const a of s.anomalies) {
      const hit = eps.filter((e) => e.start < a.start + a.days && e.end >= a.start);
      if (hit.length) {
        tp++;
        delays.push(Math.max(0, Math.min(...hit.map((e) => e.start)) - a.start));
      } else fn++;
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, delay: delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : 0, tp, fp, fn };
}

const THRESHOLDS = { minImpact: 0, minPct: 0.1 };

export function robustZDetector(zThreshold = 4) {
  return (s: SyntheticSeries) => findEpisodes(scoreDaily(s.values, s.start), THRESHOLDS, { zThreshold });
}

function features(p: DailyPoint, i: number): number[] {
  return [p.z, Math.max(-5, Math.min(5, Number.isFinite(p.pct) ? p.pct : 5)), i % 7, Math.log1p(Math.max(p.expected, 0))];
}

/**
 * Isolation Forest over (residual z, % change, day of week, level), trained on the series'
 * own scored days; a day is anomalous when its isolation score passes `cut`.
 */
export function isolationForestDetector(cut = 0.6) {
  return (s: SyntheticSeries) => {
    const pts = scoreDaily(s.values, s.start);
    const idx = pts.map((p, i) => (p.scored ? i : -1)).filter((i) => i >= 0);
    const forest = new IsolationForest(idx.map((i) => features(pts[i]!, i)), { seed: 3 });
    const flagged = pts.map((p, i) => ({ ...p, z: p.scored && forest.score(features(p, i)) >= cut ? Math.sign(p.residual || 1) * 1e9 : 0 }));
    return findEpisodes(flagged, THRESHOLDS, { zThreshold: 1e8 }).map((e) => ({ ...e, peakZ: 0 }));
  };
}
