import { nelderMead, squash } from './optim.js';
import type { Forecaster, ModelForecast } from './types.js';

/**
 * Additive-error exponential smoothing, ETS(A, N|Ad, N|A), in innovations form (Hyndman et al.
 * 2008). Variants are fitted by least squares (the Gaussian MLE for additive errors) and chosen
 * by AICc. Multiplicative forms are left out: cost series contain zeros, and the additive
 * forms give the closed-form ψ-weights that interval sums need.
 */
interface Variant {
  trend: boolean;
  season: number;
}

interface Fit {
  variant: Variant;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  level: number;
  slope: number;
  seasonal: number[];
  sse: number;
  n: number;
}

function params(x: number[], v: Variant) {
  const alpha = squash(x[0]!, 1e-4, 0.9999);
  let i = 1;
  const beta = v.trend ? alpha * squash(x[i++]!, 1e-4, 0.9999) : 0;
  const phi = v.trend ? squash(x[i++]!, 0.8, 0.98) : 1;
  const gamma = v.season > 1 ? (1 - alpha) * squash(x[i++]!, 1e-4, 0.9999) : 0;
  return { alpha, beta, gamma, phi };
}

function initialStates(y: readonly number[], v: Variant) {
  const m = Math.max(1, v.season);
  const k = Math.min(y.length, Math.max(m, 7));
  const mean = (a: number, b: number) => y.slice(a, b).reduce((s, t) => s + t, 0) / Math.max(1, b - a);
  const level = v.season > 1 ? mean(0, m) : mean(0, Math.min(3, y.length));
  const slope = v.trend ? (y.length >= 2 * k ? (mean(k, 2 * k) - mean(0, k)) / k : 0) : 0;
  const seasonal = v.season > 1 ? Array.from({ length: m }, (_, i) => y[i]! - level) : [];
  return { level, slope, seasonal };
}

function run(y: readonly number[], v: Variant, p: { alpha: number; beta: number; gamma: number; phi: number }): Fit {
  const init = initialStates(y, v);
  let { level, slope } = init;
  const s = init.seasonal.slice();
  const m = v.season;
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const si = m > 1 ? s[t % m]! : 0;
    const e = y[t]! - (level + p.phi * slope + si);
    sse += e * e;
    const newLevel = level + p.phi * slope + p.alpha * e;
    slope = p.phi * slope + p.beta * e;
    level = newLevel;
    if (m > 1) s[t % m] = si + p.gamma * e;
  }
  // Rotate so that seasonal[0] belongs to the first forecast step.
  const seasonal = m > 1 ? Array.from({ length: m }, (_, i) => s[(y.length + i) % m]!) : [];
  return { variant: v, ...p, level, slope, seasonal, sse, n: y.length };
}

function fitVariant(y: readonly number[], v: Variant): Fit {
  const x0 = [0, ...(v.trend ? [-1, 1] : []), ...(v.season > 1 ? [-2] : [])];
  const { x } = nelderMead((x) => run(y, v, params(x, v)).sse, x0, { maxIter: 60 * x0.length, tol: 1e-6 });
  return run(y, v, params(x, v));
}

function aicc(f: Fit): number {
  const k = 1 + (f.variant.trend ? 2 : 0) + (f.variant.season > 1 ? 1 + f.variant.season - 1 : 0) + 1 + (f.variant.trend ? 1 : 0);
  const n = f.n;
  const aic = n * Math.log(Math.max(f.sse, 1e-12) / n) + 2 * k;
  return n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Infinity;
}

function forecastFrom(f: Fit, h: number): ModelForecast {
  const mean: number[] = [];
  const psi: number[] = [1];
  const m = f.variant.season;
  let phiH = 0;
  for (let i = 1; i <= h; i++) {
    phiH += Math.pow(f.phi, i);
    mean.push(f.level + (f.variant.trend ? phiH * f.slope : 0) + (m > 1 ? f.seasonal[(i - 1) % m]! : 0));
    // c_j = α + β φ_j + γ·[j mod m = 0]  (Hyndman et al. 2008, table 6.1, class 1)
    if (i < h) psi.push(f.alpha + (f.variant.trend ? f.beta * phiH : 0) + (m > 1 && i % m === 0 ? f.gamma : 0));
  }
  const k = 1 + (f.variant.trend ? 2 : 0) + (m > 1 ? 1 : 0);
  return {
    model: `ets(A,${f.variant.trend ? 'Ad' : 'N'},${m > 1 ? 'A' : 'N'})`,
    params: { alpha: f.alpha, beta: f.beta, gamma: f.gamma, phi: f.phi, season: m },
    mean,
    psi,
    sigma2: f.sse / Math.max(1, f.n - k),
  };
}

export function etsForecaster(season: number): Forecaster {
  return {
    name: 'ets',
    forecast(y, h) {
      if (y.length < 4) throw new Error('ets needs at least 4 observations');
      // With a seasonal period and enough data only the seasonal forms compete: a non-seasonal
      // fit is the seasonal one with γ→0 anyway, and halving the fits keeps the race fast.
      const variants: Variant[] =
        season > 1 && y.length >= 2 * season + 4
          ? [{ trend: false, season }, { trend: true, season }]
          : [{ trend: false, season: 1 }, { trend: true, season: 1 }];
      let best: Fit | undefined;
      let bestScore = Infinity;
      for (const v of variants) {
        if (v.trend && y.length < 10) continue;
        const f = fitVariant(y, v);
        const score = aicc(f);
        if (score < bestScore) [best, bestScore] = [f, score];
      }
      return forecastFrom(best!, h);
    },
  };
}
