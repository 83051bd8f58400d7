import { nelderMead, squash } from './optim.js';
import type { Forecaster, ModelForecast } from './types.js';

/** Seasonal naive: tomorrow repeats the same weekday last week. A random walk at lag m. */
export function seasonalNaiveForecaster(season: number): Forecaster {
  const m = Math.max(1, season);
  return {
    name: m > 1 ? 'snaive' : 'naive',
    forecast(y, h): ModelForecast {
      if (y.length < m + 1) throw new Error(`seasonal naive needs more than ${m} observations`);
      const n = y.length;
      let sse = 0;
      for (let t = m; t < n; t++) sse += (y[t]! - y[t - m]!) ** 2;
      return {
        model: m > 1 ? `snaive(${m})` : 'naive',
        params: { season: m },
        mean: Array.from({ length: h }, (_, i) => y[n - m + (i % m)]!),
        psi: Array.from({ length: h }, (_, j) => (j % m === 0 ? 1 : 0)),
        sigma2: sse / Math.max(1, n - m),
      };
    },
  };
}

/** Additive seasonal indices by position modulo m from a centred moving average (classical). */
export function seasonalIndices(y: readonly number[], m: number): number[] {
  const n = y.length;
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  const half = Math.floor(m / 2);
  for (let t = half; t < n - half; t++) {
    let trend: number;
    if (m % 2 === 1) {
      let s = 0;
      for (let k = -half; k <= half; k++) s += y[t + k]!;
      trend = s / m;
    } else {
      if (t + half >= n) break;
      let s = (y[t - half]! + y[t + half]!) / 2;
      for (let k = -half + 1; k < half; k++) s += y[t + k]!;
      trend = s / m;
    }
    sums[t % m]! += y[t]! - trend;
    counts[t % m]!++;
  }
  const idx = sums.map((s, i) => (counts[i] ? s / counts[i]! : 0));
  const mean = idx.reduce((a, b) => a + b, 0) / m;
  return idx.map((v) => v - mean);
}

/** M4's 90 % autocorrelation test for seasonality at lag m. */
export function isSeasonal(y: readonly number[], m: number): boolean {
  const n = y.length;
  if (m <= 1 || n < 3 * m) return false;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const denom = y.reduce((a, v) => a + (v - mean) ** 2, 0);
  if (denom === 0) return false;
  const acf = (k: number) => {
    let s = 0;
    for (let t = k; t < n; t++) s += (y[t]! - mean) * (y[t - k]! - mean);
    return s / denom;
  };
  let tcrit = 1;
  for (let k = 1; k < m; k++) tcrit += 2 * acf(k) ** 2;
  return Math.abs(acf(m)) > 1.645 * Math.sqrt(tcrit / n);
}

/**
 * The Theta method as benchmarked in M4 (Assimakopoulos & Nikolopoulos; Hyndman & Billah's
 * SES-with-drift form): seasonally adjust when the ACF test says so, SES plus half the OLS
 * slope, reseasonalise. Additive adjustment because cost series contain zeros.
 */
export function thetaForecaster(season: number): Forecaster {
  return {
    name: 'theta',
    forecast(y, h): ModelForecast {
      const n = y.length;
      if (n < 4) throw new Error('theta needs at least 4 observations');
      const m = Math.max(1, season);
      const seasonal = isSeasonal(y, m) ? seasonalIndices(y, m) : undefined;
      const x = seasonal ? y.map((v, t) => v - seasonal[t % m]!) : y.slice();
      const ses = (alpha: number) => {
        let level = x[0]!;
        let sse = 0;
        for (let t = 1; t < n; t++) {
          const e = x[t]! - level;
          sse += e * e;
          level += alpha * e;
        }
        return { level, sse };
      };
      const { x: opt } = nelderMead((p) => ses(squash(p[0]!, 0.001, 0.999)).sse, [0], { maxIter: 60, tol: 1e-7 });
      const alpha = squash(opt[0]!, 0.001, 0.999);
      const { level, sse } = ses(alpha);
      // OLS slope of x on t: the theta=0 line, whose drift Theta adds at half weight.
      const tm = (n - 1) / 2;
      const xm = x.reduce((a, b) => a + b, 0) / n;
      let sxy = 0;
      let sxx = 0;
      for (let t = 0; t < n; t++) {
        sxy += (t - tm) * (x[t]! - xm);
        sxx += (t - tm) ** 2;
      }
      const b0 = sxy / sxx;
      const drift = (i: number) => (b0 / 2) * (i - 1 + 1 / alpha - Math.pow(1 - alpha, n) / alpha);
      return {
        model: seasonal ? `theta(${m})` : 'theta',
        params: { alpha, drift: b0 / 2, season: seasonal ? m : 1 },
        mean: Array.from({ length: h }, (_, i) => level + drift(i + 1) + (seasonal ? seasonal[(n + i) % m]! : 0)),
        psi: Array.from({ length: h }, (_, j) => (j === 0 ? 1 : alpha)),
        sigma2: sse / Math.max(1, n - 2),
      };
    },
  };
}
