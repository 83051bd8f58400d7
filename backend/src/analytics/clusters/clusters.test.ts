import { describe, expect, it } from 'vitest';
import { prng, syntheticSeries } from '../anomaly/synthetic.js';
import { clusterProfiles, kmeans } from './index.js';

const opts = { days: 180, start: '2025-01-01', base: 100, noise: 0.02, weekday: 1, growth: 0, monthStart: 0, anomalies: [] };

describe('usage pattern clustering', () => {
  it('separates steady, weekday-heavy, growing, spiky and batch series and labels them', () => {
    const r = prng(11);
    const inputs = [
      ...[1, 2, 3].map((i) => ({ key: `steady${i}`, ...syntheticSeries(r, { ...opts, base: 50 * i }) })),
      ...[1, 2, 3].map((i) => ({ key: `weekday${i}`, ...syntheticSeries(r, { ...opts, base: 30 * i, weekday: 1.8 }) })),
      ...[1, 2, 3].map((i) => ({ key: `growing${i}`, ...syntheticSeries(r, { ...opts, base: 70 * i, growth: 2 }) })),
      ...[1, 2, 3].map((i) => {
        const s = syntheticSeries(r, { ...opts, base: 40 * i });
        return { key: `spiky${i}`, start: s.start, values: s.values.map((v, d) => (d % 23 === 5 || d % 31 === 7 ? v * 6 : v)) };
      }),
      ...[1, 2, 3].map((i) => ({ key: `batch${i}`, start: '2025-01-01', values: Array.from({ length: 180 }, (_, d) => (d % 7 === 2 ? 500 * i : 0)) })),
    ];
    const { clusters } = clusterProfiles(inputs, 5);
    const labelOf = (key: string) => clusters.find((c) => c.members.includes(key))?.label;
    for (const kind of ['steady', 'weekday', 'growing', 'spiky', 'batch']) {
      const expected = kind === 'weekday' ? 'weekday-heavy' : kind;
      expect([1, 2, 3].map((i) => labelOf(`${kind}${i}`)), kind).toEqual([expected, expected, expected]);
    }
  });

  it('k-means is deterministic and never makes more clusters than points', () => {
    const pts = [[0], [0.1], [10], [10.2]];
    expect(kmeans(pts, 2)).toEqual(kmeans(pts, 2));
    expect(new Set(kmeans(pts, 2).assignment).size).toBe(2);
    expect(kmeans([[1]], 5).centroids).toHaveLength(1);
  });
});
