import { forecastSeries, sumInterval, type ForecastOptions, type ForecastResult } from '../analytics/index.js';
import { Cache } from '../cache/index.js';
import type { CostMetric } from '../domain/dimensions.js';
import { addDays, addMonths, daysBetween, monthStart, todayUtc, type IsoDate } from '../domain/time.js';
import type { Queryable } from '../store/queryable.js';
import { loadScopeSeries, scopeKey, type CostScope } from './scope.js';

/** Tuning shared by the query path, the worker job and the API; tests shrink it. */
export interface ForecastSettings {
  /** Days of history a model is fitted on. */
  historyDays: number;
  /** Options of the race (origins, SARIMA grid, candidates). */
  race?: Partial<ForecastOptions>;
}

export const DEFAULT_SETTINGS: ForecastSettings = { historyDays: 400 };

export interface ScopeForecast {
  scope: CostScope;
  seriesKey: string;
  metric: CostMetric;
  currency: string;
  historyStart: IsoDate;
  history: number[];
  /** Day of horizon 1: today (its costs are still arriving, so it is forecast, not observed). */
  forecastStart: IsoDate;
  result: ForecastResult;
}

export interface PeriodTotal {
  period: 'month' | 'quarter';
  from: IsoDate;
  to: IsoDate;
  actual: number;
  mean: number;
  sd: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export function quarterStart(day: IsoDate): IsoDate {
  const m = Number(day.slice(5, 7)) - 1;
  return addMonths(monthStart(day), -(m % 3));
}

/** Horizon that reaches the end of the current quarter (and so the month end too). */
export function horizonToQuarterEnd(today: IsoDate): number {
  return daysBetween(today, addMonths(quarterStart(today), 3));
}

/** Fits and forecasts one series that is already loaded (pure apart from its inputs). */
export function forecastValues(
  values: number[],
  horizon: number,
  settings: ForecastSettings,
): ForecastResult {
  return forecastSeries(values, horizon, { season: 7, nonNegative: true, ...settings.race });
}

function cacheKey(scope: CostScope, metric: CostMetric, today: IsoDate, horizon: number, settings: ForecastSettings): string {
  return Cache.key(['forecast', 1, scopeKey(scope), metric, today, horizon, settings]);
}

/**
 * Forecast of one scope, cached in the compute layer per organization (an ingest bumps the
 * organization's cache generation, which retires every cached forecast at once).
 */
export async function forecastScope(
  deps: { db: Queryable; cache?: Cache },
  organizationId: string,
  scope: CostScope,
  opts: { now: Date; metric?: CostMetric; horizon?: number; settings?: ForecastSettings },
): Promise<ScopeForecast> {
  const settings = opts.settings ?? DEFAULT_SETTINGS;
  const metric = opts.metric ?? 'unblended';
  const today = todayUtc(opts.now);
  const horizon = Math.max(opts.horizon ?? 0, horizonToQuarterEnd(today));
  const compute = async (): Promise<ScopeForecast> => {
    const historyStart = addDays(today, -settings.historyDays);
    const s = await loadScopeSeries(deps.db, organizationId, scope, { from: historyStart, to: today, metric });
    const result = forecastValues(s.values, horizon, settings);
    return { scope, seriesKey: scopeKey(scope), metric, currency: s.currency, historyStart, history: s.values, forecastStart: today, result };
  };
  if (!deps.cache) return compute();
  const json = await deps.cache.wrap(organizationId, 'compute', cacheKey(scope, metric, today, horizon, settings), async () => JSON.stringify(await compute()));
  return JSON.parse(json) as ScopeForecast;
}

export function cacheForecast(cache: Cache, organizationId: string, f: ScopeForecast, horizon: number, settings: ForecastSettings): Promise<void> {
  return cache.set(organizationId, 'compute', cacheKey(f.scope, f.metric, f.forecastStart, horizon, settings), JSON.stringify(f));
}

/** Total of the month or quarter holding the forecast start: actual to date + the sum's own interval. */
export function periodTotal(f: ScopeForecast, period: 'month' | 'quarter'): PeriodTotal {
  const from = period === 'month' ? monthStart(f.forecastStart) : quarterStart(f.forecastStart);
  const to = addMonths(from, period === 'month' ? 1 : 3);
  let actual = 0;
  const offset = daysBetween(f.historyStart, from);
  for (let i = Math.max(0, offset); i < f.history.length; i++) actual += f.history[i]!;
  const iv = sumInterval(f.result, 1, daysBetween(f.forecastStart, to), actual, true);
  return { period, from, to, actual, mean: iv.mean, sd: iv.sd, lo80: iv.lo80, hi80: iv.hi80, lo95: iv.lo95, hi95: iv.hi95 };
}

/**
 * Month-end outlook of a scope, for alerts and budgets: actual month to date plus the
 * forecast of the remaining days, with the interval of the total.
 */
export async function monthEndForecast(
  db: Queryable,
  organizationId: string,
  scope: CostScope,
  now: Date,
  opts: { cache?: Cache; metric?: CostMetric; settings?: ForecastSettings } = {},
): Promise<PeriodTotal & { currency: string; model: string; validationMase: number }> {
  const f = await forecastScope({ db, cache: opts.cache }, organizationId, scope, { now, metric: opts.metric, settings: opts.settings });
  return { ...periodTotal(f, 'month'), currency: f.currency, model: f.result.model, validationMase: f.result.validationMase };
}
