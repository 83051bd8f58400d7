import { madSigma, median, normalTail } from './stats.js';

/**
 * Daily cost anomaly scoring. Each day is compared with an expected value built only from
 * earlier days, so a spike never inflates its own baseline:
 * - weekly seasonal baseline: median of the same weekday 1–4 weeks earlier (robust to a past
 *   spike on one of them);
 * - month-start days (day 1: tax, support, reserved-instance fees) add the median of the
 *   previous three months' day-1 bump over their weekly baseline.
 * The residual's scale is the robust sigma (MAD) of the previous 8 weeks' residuals, floored
 * so that near-constant series do not turn cents into alarms.
 */
export interface DailyPoint {
  expected: number;
  actual: number;
  residual: number;
  /** Residual in robust sigmas. */
  z: number;
  /** residual / expected (Infinity when expected is 0 and actual is not). */
  pct: number;
  /** Probability that the day is not ordinary noise: 1 − two-sided normal tail of z. */
  probability: number;
  /** Enough history to judge (4 weeks). */
  scored: boolean;
}

export interface DailyOptions {
  /** Robust sigmas beyond which a day is anomalous. */
  zThreshold: number;
  /** Relative floor of sigma (fraction of the expected value). */
  sigmaFloorPct: number;
  /** Absolute floor of sigma, in currency units. */
  sigmaFloorAbs: number;
}

export const DAILY_DEFAULTS: DailyOptions = { zThreshold: 5, sigmaFloorPct: 0.005, sigmaFloorAbs: 0.5 };

const WEEKS = 4;
const RESIDUAL_WINDOW = 56;

/** ISO dates → day of month, for month-start handling; `start` is the first day (YYYY-MM-DD). */
function dayOfMonth(start: string, i: number): number {
  return new Date(Date.parse(`${start}T00:00:00Z`) + i * 86_400_000).getUTCDate();
}

function weeklyExpected(values: readonly number[], t: number): number | undefined {
  const lags: number[] = [];
  for (let w = 1; w <= WEEKS; w++) if (t - 7 * w >= 0) lags.push(values[t - 7 * w]!);
  return lags.length >= 2 ? median(lags) : undefined;
}

/** Longest run of anomalous days kept out of the baseline; longer runs become the new normal. */
const MAX_CLEANED_RUN = 7;

export function scoreDaily(values: readonly number[], start: string, opts: Partial<DailyOptions> = {}): DailyPoint[] {
  const o = { ...DAILY_DEFAULTS, ...opts };
  const out: DailyPoint[] = [];
  const residuals: number[] = [];
  // Baseline input: anomalous days (in short runs) and month-start charges are replaced by
  // their expected value, so one spike cannot drag the next weeks' baselines up.
  const clean: number[] = [];
  const bumps: number[] = [];
  let run = 0;
  for (let t = 0; t < values.length; t++) {
    const actual = values[t]!;
    const weekly = weeklyExpected(clean, t);
    let expected = weekly;
    const isFirst = dayOfMonth(start, t) === 1;
    // Month-start charges (tax, support, reserved fees) are an additive bump on day 1; for
    // series without them the median bump is noise around zero.
    if (isFirst && weekly !== undefined && bumps.length >= 2) expected = weekly + median(bumps.slice(-3));
    const scored = expected !== undefined && residuals.length >= 21 && (!isFirst || bumps.length >= 2);
    const exp = expected ?? actual;
    const residual = actual - exp;
    const recent = residuals.slice(-RESIDUAL_WINDOW);
    const sigma = Math.max(recent.length >= 14 ? madSigma(recent, 0) : 0, Math.abs(exp) * o.sigmaFloorPct, o.sigmaFloorAbs);
    const z = residual / sigma;
    const pct = exp !== 0 ? residual / Math.abs(exp) : actual === 0 ? 0 : Infinity;
    out.push({ expected: exp, actual, residual, z, pct, probability: scored ? 1 - 2 * normalTail(Math.abs(z)) : 0, scored });
    const anomalous = scored && Math.abs(z) >= o.zThreshold;
    run = anomalous ? run + 1 : 0;
    if (isFirst) {
      if (weekly !== undefined) bumps.push(actual - weekly);
      clean.push(weekly ?? actual);
    } else if (anomalous && run <= MAX_CLEANED_RUN) clean.push(exp);
    else {
      clean.push(actual);
      if (expected !== undefined) residuals.push(residual);
    }
  }
  return out;
}

/** Consecutive anomalous days of one series. */
export interface Episode {
  /** Index of the first and last day. */
  start: number;
  end: number;
  expected: number;
  actual: number;
  impact: number;
  pct: number;
  /** Highest probability over the episode. */
  probability: number;
  /** z of the day with the largest |z|. */
  peakZ: number;
}

export interface Thresholds {
  /** Minimum |impact| of an episode in currency units. */
  minImpact: number;
  /** Minimum |impact| / expected of an episode (0.2 = 20 %). */
  minPct: number;
}

/**
 * Groups anomalous days into episodes and keeps those past the thresholds. A drop on the
 * last day is ignored: the newest day's costs are often still arriving.
 */
export function findEpisodes(points: readonly DailyPoint[], thresholds: Thresholds, opts: Partial<DailyOptions> = {}): Episode[] {
  const o = { ...DAILY_DEFAULTS, ...opts };
  const flags = points.map((p, i) => p.scored && Math.abs(p.z) >= o.zThreshold && !(i === points.length - 1 && p.residual < 0));
  const out: Episode[] = [];
  let i = 0;
  while (i < points.length) {
    if (!flags[i]) {
      i++;
      continue;
    }
    const sign = Math.sign(points[i]!.residual);
    let j = i;
    while (j + 1 < points.length && flags[j + 1] && Math.sign(points[j + 1]!.residual) === sign) j++;
    const days = points.slice(i, j + 1);
    const expected = days.reduce((a, p) => a + p.expected, 0);
    const actual = days.reduce((a, p) => a + p.actual, 0);
    const impact = actual - expected;
    const pct = expected !== 0 ? impact / Math.abs(expected) : Infinity;
    const peak = days.reduce((a, p) => (Math.abs(p.z) > Math.abs(a.z) ? p : a));
    if (Math.abs(impact) >= thresholds.minImpact && Math.abs(pct) >= thresholds.minPct) {
      out.push({ start: i, end: j, expected, actual, impact, pct, probability: Math.max(...days.map((p) => p.probability)), peakZ: peak.z });
    }
    i = j + 1;
  }
  return out;
}

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/**
 * Severity from expected dollar impact (|impact| × probability) relative to the
 * organization's minimum impact: 2× → medium, 5× → high, 20× → critical.
 */
export function severityOf(impact: number, probability: number, minImpact: number): Severity {
  const ratio = (Math.abs(impact) * probability) / Math.max(minImpact, 1e-9);
  if (ratio >= 20) return 'critical';
  if (ratio >= 5) return 'high';
  if (ratio >= 2) return 'medium';
  return 'low';
}
