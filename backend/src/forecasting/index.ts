/**
 * Forecasting service: the database- and cache-facing side of analytics' forecasts, trends,
 * decomposition and budgets (query handlers, storage, the worker job).
 */
import type { Cache } from '../cache/index.js';
import type { ForecastConfig } from '../config/forecast.js';
import type { Job } from '../jobs/index.js';
import type { QueryHandler } from '../query/index.js';
import type { Database } from '../store/queryable.js';
import { decompositionQueryHandler, trendQueryHandler } from './analysis.js';
import { budgetQueryHandler, forecastQueryHandler } from './queries.js';
import { recomputeAll, type RecomputeOptions } from './recompute.js';
import type { ForecastSettings } from './service.js';

export { costScopeSchema, scopeKey, loadScopeSeries, type CostScope } from './scope.js';
export { forecastScope, monthEndForecast, periodTotal, DEFAULT_SETTINGS, type ForecastSettings, type ScopeForecast, type PeriodTotal } from './service.js';
export { recomputeForecasts, recomputeAll, type RecomputeSummary } from './recompute.js';
export { budgetStatus, type BudgetStatus } from './budgets.status.js';
export * from './budgets.store.js';
export { forecastQueryHandler, budgetQueryHandler, trendQueryHandler, decompositionQueryHandler };

/** Settings of the race from the configuration (FORECAST_* variables). */
export function forecastSettings(c: ForecastConfig): ForecastSettings {
  return { historyDays: c.historyDays, race: { origins: c.validationOrigins } };
}

export function forecastingQueryHandlers(settings: ForecastSettings): QueryHandler[] {
  return [forecastQueryHandler(settings), budgetQueryHandler(settings), trendQueryHandler, decompositionQueryHandler] as unknown as QueryHandler[];
}

/** Worker job: recompute and store every organization's forecasts (also primes the compute cache). */
export function forecastJob(
  db: Database,
  cache: Cache,
  opts: { intervalMs: number; maxSeries: number; settings: ForecastSettings },
): Job {
  return {
    name: 'forecast-recompute',
    intervalMs: opts.intervalMs,
    runAtStart: true,
    run: async (signal) => {
      const o: RecomputeOptions = { now: new Date(), maxSeries: opts.maxSeries, settings: opts.settings, signal };
      const runs = await recomputeAll(db, cache, o);
      return { organizations: runs.length, series: runs.reduce((a, r) => a + r.series, 0) };
    },
  };
}
