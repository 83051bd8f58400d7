import { gaussian, prng } from '../../domain/random.js';

/**
 * Synthetic daily cost series with known anomalies, for tests and scripts/eval-anomaly.ts:
 * weekly seasonality, growth, multiplicative noise, optional month-start charges, and
 * injected spikes (factor × for a few days) whose truth is returned with the data.
 */
export interface InjectedAnomaly {
  start: number;
  days: number;
  factor: number;
}

export interface SyntheticSeries {
  start: string;
  values: number[];
  anomalies: InjectedAnomaly[];
}

export { prng, gaussian } from '../../domain/random.js';

export interface SyntheticOptions {
  days: number;
  start: string;
  base: number;
  noise: number;
  weekday: number;
  growth: number;
  monthStart: number;
  anomalies: InjectedAnomaly[];
}

/** One series; `monthStart` adds that fraction of the base on each month's first day. */
export function syntheticSeries(rand: () => number, o: SyntheticOptions): SyntheticSeries {
  const t0 = Date.parse(`${o.start}T00:00:00Z`);
  const values = Array.from({ length: o.days }, (_, t) => {
    const d = new Date(t0 + t * 86_400_000);
    const dow = d.getUTCDay();
    const weekday = dow >= 1 && dow <= 5 ? o.weekday : 1;
    const spike = o.anomalies.find((a) => t >= a.start && t < a.start + a.days);
    const level = o.base * (1 + (o.growth * t) / o.days) * weekday * (spike ? spike.factor : 1);
    const month = d.getUTCDate() === 1 ? o.base * o.monthStart * 30 : 0;
    return Math.max(0, level * (1 + o.noise * gaussian(rand)) + month);
  });
  return { start: o.start, values, anomalies: o.anomalies };
}

/** A random realistic series with 0–2 spikes after day 60 (factor 1.2–5, 1–5 days). */
export function randomCostSeries(rand: () => number, days = 365): SyntheticSeries {
  const count = Math.floor(rand() * 3);
  const anomalies: InjectedAnomaly[] = [];
  for (let k = 0; k < count; k++) {
    const start = 60 + Math.floor(rand() * (days - 70));
    if (anomalies.some((a) => Math.abs(a.start - start) < 30)) continue;
    anomalies.push({ start, days: 1 + Math.floor(rand() * 5), factor: 1.2 + rand() * 3.8 });
  }
  return syntheticSeries(rand, {
    days,
    start: '2025-01-01',
    base: 20 + rand() * 2000,
    noise: 0.01 + rand() * 0.07,
    weekday: 1 + rand() * 0.4,
    growth: rand() * 0.6,
    monthStart: rand() < 0.2 ? 0.1 : 0,
    anomalies: anomalies.sort((a, b) => a.start - b.start),
  });
}
