import type { Cache } from '../cache/index.js';
import type { CostMetric } from '../domain/dimensions.js';
import { addDays, todayUtc } from '../domain/time.js';
import { loadDailySeries, type SeriesLevel } from '../store/series.queries.js';
import type { Database, Queryable } from '../store/queryable.js';
import { cacheForecast, DEFAULT_SETTINGS, forecastValues, horizonToQuarterEnd, periodTotal, type ForecastSettings, type ScopeForecast } from './service.js';

export interface RecomputeOptions {
  now: Date;
  metric?: CostMetric;
  levels?: SeriesLevel[];
  /** Most series forecast per run, by spend (the long tail of tiny series is not worth the CPU). */
  maxSeries?: number;
  settings?: ForecastSettings;
  signal?: AbortSignal;
}

export interface RecomputeSummary {
  organizationId: string;
  series: number;
  rows: number;
  models: Record<string, number>;
  durationMs: number;
}

const money = (v: number) => (Number.isFinite(v) ? v.toFixed(6) : '0');

/**
 * Forecasts every series of an organization (total, accounts, services, account × service) to
 * the end of the quarter and replaces its stored forecasts in one transaction, so readers see
 * the old run or the new one, never a mix. Also primes the compute cache.
 */
export async function recomputeForecasts(db: Database, cache: Cache | undefined, organizationId: string, opts: RecomputeOptions): Promise<RecomputeSummary> {
  const started = Date.now();
  const settings = opts.settings ?? DEFAULT_SETTINGS;
  const metric = opts.metric ?? 'unblended';
  const today = todayUtc(opts.now);
  const horizon = horizonToQuarterEnd(today);
  const historyStart = addDays(today, -settings.historyDays);
  const all = await loadDailySeries(db, organizationId, { from: historyStart, to: today, metric, levels: opts.levels, minTotal: 0.01 });
  const ranked = all
    .map((s) => ({ s, total: s.values.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => (a.s.level === 'total' ? -1 : b.s.level === 'total' ? 1 : b.total - a.total))
    .slice(0, opts.maxSeries ?? 200)
    .map((x) => x.s);
  const forecasts: ScopeForecast[] = [];
  const models: Record<string, number> = {};
  for (const s of ranked) {
    if (opts.signal?.aborted) break;
    const result = forecastValues(s.values, horizon, settings);
    const key = s.currency === 'USD' ? s.key : `${s.key}#${s.currency}`;
    forecasts.push({ scope: s.scope, seriesKey: key, metric, currency: s.currency, historyStart, history: s.values, forecastStart: today, result });
    const family = result.model.replace(/\(.*/, '');
    models[family] = (models[family] ?? 0) + 1;
    // Yield between series so that a worker sharing the event loop with the API stays responsive.
    await new Promise((r) => setImmediate(r));
  }
  let rows = 0;
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM cost_forecasts WHERE organization_id = $1 AND metric = $2', [organizationId, metric]);
    await tx.query('DELETE FROM cost_forecast_totals WHERE organization_id = $1 AND metric = $2', [organizationId, metric]);
    for (const f of forecasts) rows += await storeForecast(tx, organizationId, f);
  });
  if (cache) for (const f of forecasts) if (!f.seriesKey.includes('#')) await cacheForecast(cache, organizationId, f, horizon, settings);
  return { organizationId, series: forecasts.length, rows, models, durationMs: Date.now() - started };
}

async function storeForecast(tx: Queryable, organizationId: string, f: ScopeForecast): Promise<number> {
  const r = f.result;
  const dates = r.mean.map((_, i) => addDays(f.forecastStart, i));
  const validation = { mase: r.validationMase, candidates: r.candidates };
  const validationError = Number.isFinite(r.validationMase) ? r.validationMase : null;
  await tx.query(
    `INSERT INTO cost_forecasts (organization_id, series_key, scope, metric, forecast_date, mean, lo80, hi80, lo95, hi95,
                                 currency, model, parameters, validation_error, validation)
     SELECT $1, $2, $3::jsonb, $4, d, m, l8, h8, l9, h9, $5, $6, $7::jsonb, $8, $9::jsonb
       FROM unnest($10::date[], $11::numeric[], $12::numeric[], $13::numeric[], $14::numeric[], $15::numeric[]) AS u(d, m, l8, h8, l9, h9)`,
    [
      organizationId, f.seriesKey, JSON.stringify(f.scope), f.metric, f.currency, r.model, JSON.stringify(r.params), validationError,
      JSON.stringify(validation), dates, r.mean.map(money), r.lo80.map(money), r.hi80.map(money), r.lo95.map(money), r.hi95.map(money),
    ],
  );
  for (const period of ['month', 'quarter'] as const) {
    const t = periodTotal(f, period);
    await tx.query(
      `INSERT INTO cost_forecast_totals (organization_id, series_key, scope, metric, period, period_start, period_end, actual_to_date,
                                         mean, lo80, hi80, lo95, hi95, currency, model, validation_error)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [organizationId, f.seriesKey, JSON.stringify(f.scope), f.metric, period, t.from, t.to, money(t.actual), money(t.mean),
        money(t.lo80), money(t.hi80), money(t.lo95), money(t.hi95), f.currency, r.model, validationError],
    );
  }
  return dates.length;
}

/** Recomputes every organization that has cost data: the worker job. */
export async function recomputeAll(db: Database, cache: Cache | undefined, opts: RecomputeOptions): Promise<RecomputeSummary[]> {
  const { rows } = await db.query<{ organization_id: string }>('SELECT DISTINCT organization_id FROM cost_daily_rollup');
  const out: RecomputeSummary[] = [];
  for (const r of rows) {
    if (opts.signal?.aborted) break;
    out.push(await recomputeForecasts(db, cache, r.organization_id, opts));
  }
  return out;
}
