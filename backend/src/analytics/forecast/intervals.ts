import { normalCdf, Z80, Z95 } from './normal.js';

/** Var(e_h) for h = 1..H: σ² Σ_{j<h} ψ_j². */
export function stepVariances(psi: readonly number[], sigma2: number): number[] {
  let acc = 0;
  return psi.map((p) => (acc += p * p) * sigma2);
}

/**
 * Variance of the summed errors of horizons a..b (1-based, inclusive). With
 * e_h = Σ_{k≤h} ψ_{h−k} ε_{T+k}, the sum is Σ_k ε_{T+k} Σ_{h=max(a,k)}^{b} ψ_{h−k}: each
 * innovation counts once with the summed weight it carries into the window. Summing the
 * per-day bounds instead would treat the days as perfectly correlated and be far too wide for
 * stationary errors (and too narrow never); this is the exact h-step error covariance.
 */
export function sumVariance(psi: readonly number[], sigma2: number, a: number, b: number): number {
  if (b < a) return 0;
  const prefix = [0];
  for (let j = 0; j < b; j++) prefix.push(prefix[j]! + (psi[j] ?? 0));
  let v = 0;
  for (let k = 1; k <= b; k++) {
    const w = prefix[b - k + 1]! - prefix[Math.max(a, k) - k]!;
    v += w * w;
  }
  return v * sigma2;
}

export interface Interval {
  mean: number;
  sd: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export function gaussianInterval(mean: number, sd: number, nonNegative = false): Interval {
  const clip = (v: number) => (nonNegative ? Math.max(0, v) : v);
  return { mean, sd, lo80: clip(mean - Z80 * sd), hi80: mean + Z80 * sd, lo95: clip(mean - Z95 * sd), hi95: mean + Z95 * sd };
}

/** The interval of Σ mean_h over horizons a..b, plus a known offset (e.g. the actual to date). */
export function sumInterval(
  f: { mean: readonly number[]; psi: readonly number[]; sigma2: number },
  a: number,
  b: number,
  offset = 0,
  nonNegative = false,
): Interval {
  let mean = offset;
  for (let h = a; h <= b; h++) mean += f.mean[h - 1] ?? 0;
  const sd = Math.sqrt(sumVariance(f.psi, f.sigma2, a, b));
  const iv = gaussianInterval(mean, sd, false);
  if (!nonNegative) return iv;
  // Costs already incurred are a floor for the total.
  const floor = Math.max(0, offset);
  return { ...iv, lo80: Math.max(floor, iv.lo80), lo95: Math.max(floor, iv.lo95) };
}

/** P(total > threshold) under the Gaussian forecast distribution. */
export function probabilityAbove(mean: number, sd: number, threshold: number): number {
  if (sd <= 0) return mean > threshold ? 1 : 0;
  return 1 - normalCdf((threshold - mean) / sd);
}
