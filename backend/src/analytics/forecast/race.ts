import { etsForecaster } from './ets.js';
import { gaussianInterval, stepVariances } from './intervals.js';
import { DAILY_SARIMA_GRID, NONSEASONAL_SARIMA_GRID, sarimaForecaster } from './sarima.js';
import { seasonalNaiveForecaster, thetaForecaster } from './simple.js';
import type { Forecaster, ForecastOptions, ForecastResult, ModelForecast } from './types.js';

/** Averages forecasts; errors of the members are treated as one innovation stream (ψ and σ averaged). */
export function combine(parts: ModelForecast[]): ModelForecast {
  const h = parts[0]!.mean.length;
  const sigma = parts.reduce((a, p) => a + Math.sqrt(p.sigma2), 0) / parts.length;
  return {
    model: `comb(${parts.map((p) => p.model).join(',')})`,
    params: Object.fromEntries(parts.map((p) => [p.model, JSON.stringify(p.params)])),
    mean: Array.from({ length: h }, (_, i) => parts.reduce((a, p) => a + p.mean[i]!, 0) / parts.length),
    psi: Array.from({ length: h }, (_, j) => parts.reduce((a, p) => a + Math.sqrt(p.sigma2) * p.psi[j]!, 0) / parts.length / (sigma || 1)),
    sigma2: sigma * sigma,
  };
}

function candidates(opts: ForecastOptions): Forecaster[] {
  const m = Math.max(1, opts.season);
  const grid = opts.sarimaGrid ?? (m > 1 ? DAILY_SARIMA_GRID : NONSEASONAL_SARIMA_GRID);
  const all = [seasonalNaiveForecaster(m), etsForecaster(m), thetaForecaster(m), ...grid.map((o, i) => ({ ...sarimaForecaster(o, m), name: `sarima${i}` }))];
  return opts.candidates ? all.filter((c) => opts.candidates!.some((n) => c.name.startsWith(n))) : all;
}

const COMB = 'comb';
// A validation error beyond ~2.6 σ (χ²₁ 99 %) counts as 2.6 σ when calibrating: one spike in a
// validation window must not widen every interval of the series.
const WINSOR = 6.63;

function tryForecast(f: Forecaster, y: readonly number[], h: number): ModelForecast | undefined {
  try {
    return f.forecast(y, h);
  } catch {
    return undefined;
  }
}

/** Members of the combination: ETS, Theta and the best SARIMA order (by validation). */
function combMembers(score: Map<string, number>): string[] {
  const sarima = [...score.entries()].filter(([k]) => k.startsWith('sarima')).sort((a, b) => a[1] - b[1])[0];
  return ['ets', 'theta', ...(sarima ? [sarima[0]] : [])].filter((k) => score.has(k));
}

/**
 * Forecasts one series: every candidate is validated on rolling origins (the last `origins`
 * windows of `validationHorizon` days, each fitted only on data before it), scored by MASE,
 * and the winner — a single model or the ETS/Theta/SARIMA combination — is refitted on all
 * data. Interval widths are then calibrated by the winner's own validation errors: the
 * variance is scaled by mean(e²/Var̂) over the origins, so a model whose residual variance
 * understates its real out-of-sample error (the usual case) gets honest intervals.
 */
export function forecastSeries(series: readonly number[], h: number, opts: ForecastOptions): ForecastResult {
  const m = Math.max(1, opts.season);
  let start = 0;
  while (start < series.length && series[start] === 0) start++;
  const y = series.slice(start);
  const pool = candidates(opts);
  const origins = opts.origins ?? 2;
  const hv = Math.max(1, opts.validationHorizon ?? Math.min(h, Math.max(2 * m, 14), 28));
  let scale = 0;
  for (let t = m; t < y.length; t++) scale += Math.abs(y[t]! - y[t - m]!);
  scale = scale / Math.max(1, y.length - m) || 1;

  const score = new Map<string, number>();
  const ratio = new Map<string, number[]>();
  const enough = y.length - origins * hv >= Math.max(3 * m, 16);
  if (origins > 0 && enough) {
    const errs = new Map<string, { abs: number; n: number; r: number[] }>();
    const add = (name: string, f: ModelForecast, actual: readonly number[]) => {
      const e = errs.get(name) ?? { abs: 0, n: 0, r: [] };
      const v = stepVariances(f.psi, f.sigma2);
      actual.forEach((a, i) => {
        e.abs += Math.abs(a - f.mean[i]!);
        e.n++;
        if (v[i]! > 0) e.r.push(Math.min(WINSOR, (a - f.mean[i]!) ** 2 / v[i]!));
      });
      errs.set(name, e);
    };
    const failed = new Set<string>();
    for (let k = origins; k >= 1; k--) {
      const cut = y.length - k * hv;
      const train = y.slice(0, cut);
      const actual = y.slice(cut, cut + hv);
      const fits = new Map<string, ModelForecast>();
      for (const c of pool) {
        if (failed.has(c.name)) continue;
        const f = tryForecast(c, train, hv);
        if (f) fits.set(c.name, f);
        else failed.add(c.name);
      }
      fits.forEach((f, name) => add(name, f, actual));
      const sar = [...fits.keys()].filter((k) => k.startsWith('sarima'));
      // Per-origin combination with every SARIMA order: scored for each, kept for the best below.
      for (const s of sar.length ? sar : ['']) {
        const members = ['ets', 'theta', s].filter((n) => fits.has(n));
        if (members.length >= 2) add(`${COMB}:${s}`, combine(members.map((n) => fits.get(n)!)), actual);
      }
    }
    for (const [name, e] of errs) {
      if (failed.has(name) || (name.startsWith(COMB) && [...failed].some((f) => name.endsWith(f)))) continue;
      score.set(name, e.abs / e.n / scale);
      ratio.set(name, e.r);
    }
  }

  // The combination is scored with the SARIMA order that scores best on its own.
  const members = combMembers(new Map([...score].filter(([k]) => !k.startsWith(COMB))));
  const sarimaMember = members.find((k) => k.startsWith('sarima')) ?? '';
  const combKey = `${COMB}:${sarimaMember}`;
  const ranked = [...score.entries()].filter(([k]) => !k.startsWith(COMB) || k === combKey).sort((a, b) => a[1] - b[1]);
  const fallbackOrder = score.size === 0 ? pool.map((c) => c.name).filter((n) => n !== 'snaive' && n !== 'naive') : [];

  let final: ModelForecast | undefined;
  let chosen = '';
  for (const name of ranked.length ? ranked.map(([k]) => k) : [COMB, ...fallbackOrder, 'snaive', 'naive']) {
    if (name.startsWith(COMB)) {
      const names = ranked.length ? members : pool.filter((c) => c.name === 'ets' || c.name === 'theta' || c.name === 'sarima0').map((c) => c.name);
      const fits = names.map((n) => tryForecast(pool.find((c) => c.name === n)!, y, h)).filter((f): f is ModelForecast => !!f);
      if (fits.length >= 2) final = combine(fits);
    } else {
      const c = pool.find((p) => p.name === name);
      if (c) final = tryForecast(c, y, h);
    }
    if (final) {
      chosen = name;
      break;
    }
  }
  if (!final) final = flatForecast(y, h);

  // Calibration: clamp so that a few lucky or unlucky origins cannot collapse or explode the band.
  const r = ratio.get(chosen);
  const factor = r && r.length >= 5 ? Math.min(4, Math.max(0.5, r.reduce((a, b) => a + b, 0) / r.length)) : 1;
  const sigma2 = final.sigma2 * factor;
  const v = stepVariances(final.psi, sigma2);
  const iv = final.mean.map((mu, i) => gaussianInterval(mu, Math.sqrt(v[i]!), opts.nonNegative));
  return {
    model: final.model,
    params: { ...final.params, varianceScale: factor },
    validationMase: score.get(chosen) ?? NaN,
    candidates: Object.fromEntries([...score.entries()].filter(([k]) => !k.startsWith(COMB) || k === combKey).map(([k, v]) => [k.startsWith(COMB) ? COMB : k, v])),
    mean: final.mean,
    lo80: iv.map((x) => x.lo80),
    hi80: iv.map((x) => x.hi80),
    lo95: iv.map((x) => x.lo95),
    hi95: iv.map((x) => x.hi95),
    psi: final.psi,
    sigma2,
  };
}

/** Too little history for any model: the recent mean, with the recent spread as a random walk. */
function flatForecast(y: readonly number[], h: number): ModelForecast {
  const tail = y.slice(-14);
  const mean = tail.length ? tail.reduce((a, b) => a + b, 0) / tail.length : 0;
  const sigma2 = tail.length > 1 ? tail.reduce((a, b) => a + (b - mean) ** 2, 0) / (tail.length - 1) : 0;
  return { model: 'mean', params: { window: tail.length }, mean: new Array<number>(h).fill(mean), psi: new Array<number>(h).fill(1), sigma2 };
}
