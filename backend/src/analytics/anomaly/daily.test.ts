import { describe, expect, it } from 'vitest';
import { findEpisodes, scoreDaily, severityOf } from './daily.js';
import { IsolationForest } from './isolation-forest.js';
import { rankRootCauses, topCause } from './root-cause.js';
import { prng, syntheticSeries } from './synthetic.js';

const base = { days: 200, start: '2025-01-01', base: 1000, noise: 0.03, weekday: 1.3, growth: 0.3, monthStart: 0, anomalies: [] };

describe('daily cost anomaly scoring', () => {
  it('finds an injected 3-day spike with its start, end and impact, and nothing else', () => {
    const s = syntheticSeries(prng(1), { ...base, anomalies: [{ start: 150, days: 3, factor: 2 }] });
    const eps = findEpisodes(scoreDaily(s.values, s.start), { minImpact: 100, minPct: 0.1 });
    expect(eps).toHaveLength(1);
    expect(eps[0]).toMatchObject({ start: 150, end: 152 });
    expect(eps[0]!.impact).toBeGreaterThan(2500);
    expect(eps[0]!.probability).toBeGreaterThan(0.999);
  });

  it('does not flag weekly seasonality or month-start charges', () => {
    const s = syntheticSeries(prng(2), { ...base, days: 365, monthStart: 0.15 });
    expect(findEpisodes(scoreDaily(s.values, s.start), { minImpact: 0, minPct: 0 })).toEqual([]);
  });

  it('uses only earlier days for the expected value (a spike does not move its own baseline)', () => {
    const s = syntheticSeries(prng(3), base);
    const a = scoreDaily(s.values, s.start);
    const spiked = [...s.values];
    spiked[120] = spiked[120]! * 5;
    const b = scoreDaily(spiked, s.start);
    expect(b[120]!.expected).toBe(a[120]!.expected);
    expect(b.slice(0, 120)).toEqual(a.slice(0, 120));
    // …nor the baseline of the same weekday a week later.
    expect(Math.abs(b[127]!.expected - a[127]!.expected)).toBeLessThan(a[127]!.expected * 0.05);
  });

  it('applies the thresholds: minimum impact and minimum percent', () => {
    const s = syntheticSeries(prng(4), { ...base, anomalies: [{ start: 150, days: 1, factor: 1.5 }] });
    const pts = scoreDaily(s.values, s.start);
    expect(findEpisodes(pts, { minImpact: 100, minPct: 0.1 })).toHaveLength(1);
    expect(findEpisodes(pts, { minImpact: 100_000, minPct: 0.1 })).toHaveLength(0);
    expect(findEpisodes(pts, { minImpact: 100, minPct: 2 })).toHaveLength(0);
  });

  it('ignores a drop on the newest day (costs still arriving) but not an earlier one', () => {
    const s = syntheticSeries(prng(5), base);
    const v = [...s.values];
    v[199] = 0;
    expect(findEpisodes(scoreDaily(v, s.start), { minImpact: 0, minPct: 0 })).toEqual([]);
    v[190] = 0;
    expect(findEpisodes(scoreDaily(v, s.start), { minImpact: 0, minPct: 0 }).map((e) => e.start)).toEqual([190]);
  });

  it('grades severity by expected dollar impact relative to the minimum', () => {
    expect(severityOf(150, 0.99, 100)).toBe('low');
    expect(severityOf(300, 0.99, 100)).toBe('medium');
    expect(severityOf(-600, 0.99, 100)).toBe('high');
    expect(severityOf(5000, 0.999, 100)).toBe('critical');
    expect(severityOf(5000, 0.01, 100)).toBe('low');
  });
});

describe('root cause ranking', () => {
  it('ranks values by their share of the deviation in the anomaly direction', () => {
    const causes = rankRootCauses(
      [
        { dimension: 'service', value: 'Lambda', actual: 600, expected: 100 },
        { dimension: 'service', value: 'EC2', actual: 1010, expected: 1000 },
        { dimension: 'service', value: 'S3', actual: 90, expected: 100 },
        { dimension: 'account', value: '111', actual: 1500, expected: 1000 },
        { dimension: 'account', value: '222', actual: 200, expected: 200 },
      ],
      500,
    );
    expect(topCause(causes, 'service')).toMatchObject({ value: 'Lambda', deviation: 500, share: 1 });
    expect(topCause(causes, 'account')?.value).toBe('111');
    expect(causes.find((c) => c.value === 'S3')).toBeUndefined();
  });
});

describe('isolation forest', () => {
  it('scores an isolated point higher than points of the dense cluster', () => {
    const rand = prng(9);
    const data = Array.from({ length: 300 }, () => [rand(), rand()]);
    const f = new IsolationForest(data, { seed: 1 });
    expect(f.score([5, 5])).toBeGreaterThan(0.6);
    expect(f.score([5, 5]) - f.score([0.5, 0.5])).toBeGreaterThan(0.15);
    expect(f.score([0.5, 0.5])).toBeLessThan(0.5);
  });
});
