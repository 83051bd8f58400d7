/** Small statistics helpers shared by the detectors (pure, no dependencies). */

/** Upper tail of the standard normal, P(Z > z) (Abramowitz-Stegun 7.1.26), accurate to ~1e-7. */
export function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

export function median(values: readonly number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median absolute deviation scaled to a normal sigma. */
export function madSigma(values: readonly number[], center = median(values)): number {
  return 1.4826 * median(values.map((v) => Math.abs(v - center)));
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
