import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nabNormalise, nabRows, nabScoreAt, nabSweep, probationaryLength, scaledSigmoid } from './nab-score.js';

interface Fixture {
  file: string;
  start: string;
  stepMs: number;
  windows: [string, string][];
  threshold: number;
  expected: { score: number; fp: number };
  scores: string;
}
const fixtures = (JSON.parse(readFileSync(new URL('./fixtures/nab-numenta.json', import.meta.url), 'utf8')) as { files: Fixture[] }).files;
const ms = (s: string) => Date.parse(`${s.slice(0, 19).replace(' ', 'T')}Z`);

function load(f: Fixture) {
  const scores = f.scores.split(' ').map(Number);
  const t0 = Date.parse(f.start);
  const timestamps = scores.map((_, i) => t0 + i * f.stepMs);
  return { scores, rows: nabRows(timestamps, f.windows.map(([a, b]) => [ms(a), ms(b)] as [number, number])) };
}

describe('NAB scorer', () => {
  it('matches the scaled sigmoid values NAB documents', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3)).toBe(-1);
  });

  it('uses min(15 % of rows, 750) probationary rows', () => {
    expect(probationaryLength(4032)).toBe(604);
    expect(probationaryLength(10_000)).toBe(750);
  });

  it.each(fixtures.map((f) => [f.file, f] as const))('reproduces Numenta HTM published standard score on %s', (_name, f) => {
    const { scores, rows } = load(f);
    const res = nabScoreAt(rows, scores, f.threshold);
    expect(res.score).toBeCloseTo(f.expected.score, 9);
    expect(res.fp).toBe(f.expected.fp);
  });

  it('sweep agrees with scoring at each threshold, and normalises null to 0 and perfect to 100', () => {
    const files = fixtures.map(load);
    const sweep = nabSweep(files);
    for (const point of [sweep[0]!, sweep[Math.floor(sweep.length / 2)]!, sweep.at(-1)!]) {
      const direct = files.reduce((a, f) => a + nabScoreAt(f.rows, f.scores, point.threshold).score, 0);
      expect(point.score).toBeCloseTo(direct, 9);
    }
    const windows = files.reduce((a, f) => a + f.rows.windows, 0);
    expect(windows).toBe(5);
    expect(nabNormalise(-windows, windows)).toBe(0);
    expect(nabNormalise(windows, windows)).toBe(100);
    // A perfect detector: one detection on the first row of each window.
    const perfect = files.map((f) => ({ rows: f.rows, scores: f.scores.map((_, i) => (f.rows.window[i]! >= 0 && (i === 0 || f.rows.window[i - 1] !== f.rows.window[i]) ? 1 : 0)) }));
    const best = nabSweep(perfect).reduce((a, b) => (b.score > a.score ? b : a));
    expect(nabNormalise(best.score, windows)).toBeCloseTo(100, 6);
  });
});
