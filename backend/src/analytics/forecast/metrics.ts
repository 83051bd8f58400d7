/**
 * Accuracy measures exactly as the M4 organisers define them (M4 Competitor's Guide;
 * Makridakis et al. 2020): sMAPE in percent, MASE scaled by the in-sample seasonal naive MAE,
 * OWA relative to Naive2.
 */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]!) + Math.abs(forecast[i]!);
    s += d === 0 ? 0 : (200 * Math.abs(actual[i]! - forecast[i]!)) / d;
  }
  return s / actual.length;
}

/** Mean |x_t − x_{t−m}| over the training sample: MASE's denominator. */
export function maseScale(insample: readonly number[], m: number): number {
  let s = 0;
  for (let t = m; t < insample.length; t++) s += Math.abs(insample[t]! - insample[t - m]!);
  return s / (insample.length - m);
}

export function mase(insample: readonly number[], actual: readonly number[], forecast: readonly number[], m: number): number {
  const scale = maseScale(insample, m);
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i]! - forecast[i]!);
  return s / actual.length / scale;
}

/** OWA = ½ (sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2), on the averages over a set of series. */
export function owa(m: { smape: number; mase: number }, naive2: { smape: number; mase: number }): number {
  return 0.5 * (m.smape / naive2.smape + m.mase / naive2.mase);
}

/** Share of actual values inside [lo, hi]. */
export function coverage(actual: readonly number[], lo: readonly number[], hi: readonly number[]): number {
  let inside = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i]! >= lo[i]! && actual[i]! <= hi[i]!) inside++;
  return inside / actual.length;
}
