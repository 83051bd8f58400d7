/** Standard normal helpers (no dependency for two functions). */
export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;

/** Φ(x); overrun probabilities need a few digits, not double precision. */
export function normalCdf(x: number): number {
  // Abramowitz & Stegun 7.1.26 on |x|/√2: absolute error below 1.5e-7.
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-z * z);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}
