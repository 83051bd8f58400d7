import { gaussian as normal, prng } from '../../domain/random.js';

/** Seeded uniform source (the shared mulberry32). */
export const rng = prng;

/** A generator of standard normal draws from a uniform source. */
export function gaussian(rand: () => number): () => number {
  return () => normal(rand);
}

export interface SyntheticSeries {
  id: string;
  /** Day 0 is a Monday, 1 January (so day-of-week and day-of-month are known). */
  values: number[];
  /** The noise-free expected value of each day. */
  expected: number[];
}

/**
 * Synthetic daily cost series with a known generating process, for evaluation and tests:
 * a level that drifts as a random walk with a trend, a weekday/weekend pattern, an optional
 * first-of-month charge (support, tax) and Gaussian noise. Seeded, so runs are reproducible.
 */
export function syntheticCostSeries(count: number, length: number, seed = 42): SyntheticSeries[] {
  const rand = rng(seed);
  const z = gaussian(rand);
  const out: SyntheticSeries[] = [];
  for (let s = 0; s < count; s++) {
    const base = 20 * Math.exp(rand() * 5); // $20 … $3,000 a day
    const trend = base * (rand() * 0.004 - 0.001); // −0.1 % … +0.3 % of base per day
    const weekend = rand() < 0.6 ? 0.55 + rand() * 0.4 : 1;
    const monthly = rand() < 0.3 ? base * (1 + rand() * 3) : 0;
    const walk = base * 0.01 * rand();
    const noise = base * (0.02 + rand() * 0.08);
    let level = base;
    const values: number[] = [];
    const expected: number[] = [];
    const date = new Date(Date.UTC(2024, 0, 1));
    for (let t = 0; t < length; t++) {
      level += trend + walk * z();
      const dow = date.getUTCDay();
      const e = Math.max(0, level * (dow === 0 || dow === 6 ? weekend : 1) + (date.getUTCDate() === 1 ? monthly : 0));
      expected.push(e);
      values.push(Math.max(0, e + noise * z()));
      date.setUTCDate(date.getUTCDate() + 1);
    }
    out.push({ id: `syn${s}`, values, expected });
  }
  return out;
}
