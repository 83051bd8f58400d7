import { z } from 'zod';
import { COST_METRIC_NAMES, type CostMetric } from '../../domain/dimensions.js';
import { parseOrThrow } from '../../domain/validation.js';
import { costScopeSchema, forecastSettings, monthEndForecast, recomputeForecasts, scopeKey, type ForecastSettings } from '../../forecasting/index.js';
import { budgetRoutes } from './budgets.js';
import type { ApiDeps } from '../context.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

const metric = z.enum(COST_METRIC_NAMES as [CostMetric, ...CostMetric[]]).default('unblended');
const listQuery = z.object({ series: z.string().min(1).max(600).optional(), metric });
const monthEndBody = z.strictObject({ scope: costScopeSchema, metric });

/** Stored forecasts (what the worker computed) and on-demand recomputation. */
export function forecastRoutes(deps: ApiDeps, opts: { settings?: ForecastSettings; maxSeries?: number } = {}): RouteDef[] {
  const now = () => deps.now?.() ?? new Date();
  return [
    {
      method: 'GET',
      path: '/api/v1/forecasts',
      permission: 'forecasts:read',
      summary: 'Stored daily forecasts (mean, 80 %/95 % bounds, model, validation error); `series` selects one series key',
      handler: async (c) => {
        const p = principalOf(c);
        const q = parseOrThrow(listQuery, c.req.query());
        const params: unknown[] = [p.organizationId, q.metric];
        const filter = q.series ? `AND series_key = $${params.push(q.series)}` : '';
        const { rows } = await deps.db.query(
          `SELECT series_key, scope, forecast_date::text AS date, mean::float8 AS mean, lo80::float8 AS lo80, hi80::float8 AS hi80,
                  lo95::float8 AS lo95, hi95::float8 AS hi95, currency, model, parameters, validation_error, generated_at
             FROM cost_forecasts WHERE organization_id = $1 AND metric = $2 ${filter}
            ORDER BY series_key, forecast_date LIMIT 20000`,
          params,
        );
        return c.json({ forecasts: rows });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/forecasts/totals',
      permission: 'forecasts:read',
      summary: 'Stored month-end and quarter-end totals per series with the interval of each total',
      handler: async (c) => {
        const p = principalOf(c);
        const q = parseOrThrow(listQuery, c.req.query());
        const params: unknown[] = [p.organizationId, q.metric];
        const filter = q.series ? `AND series_key = $${params.push(q.series)}` : '';
        const { rows } = await deps.db.query(
          `SELECT series_key, scope, period, period_start::text AS period_start, period_end::text AS period_end,
                  actual_to_date::float8 AS actual, mean::float8 AS mean, lo80::float8 AS lo80, hi80::float8 AS hi80,
                  lo95::float8 AS lo95, hi95::float8 AS hi95, currency, model, validation_error, generated_at
             FROM cost_forecast_totals WHERE organization_id = $1 AND metric = $2 ${filter}
            ORDER BY series_key, period`,
          params,
        );
        return c.json({ totals: rows });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/forecasts/month-end',
      permission: 'forecasts:read',
      summary: 'Month-end total of one scope (organization, account, service, tag), computed now (cached)',
      exampleBody: { scope: { service: 'AWS Lambda' } },
      handler: async (c) => {
        const p = principalOf(c);
        const body = parseOrThrow(monthEndBody, await readJson(c));
        const m = await monthEndForecast(deps.db, p.organizationId, body.scope, now(), { cache: deps.cache, metric: body.metric, settings: opts.settings });
        return c.json({ series: scopeKey(body.scope), ...m });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/forecasts/recompute',
      permission: 'ingest:run',
      summary: "Recompute and store the organization's forecasts now",
      exampleBody: {},
      handler: async (c) => {
        const p = principalOf(c);
        const text = (await c.req.text()).trim();
        const body = parseOrThrow(z.strictObject({ metric }), text ? await readJson(c) : {});
        const summary = await recomputeForecasts(deps.db, deps.cache, p.organizationId, {
          now: now(),
          metric: body.metric,
          maxSeries: opts.maxSeries,
          settings: opts.settings,
        });
        return c.json(summary);
      },
    },
  ];
}

/** Budgets and forecasts, tuned by the FORECAST_* configuration. */
export function forecastingRoutes(deps: ApiDeps): RouteDef[] {
  const settings = forecastSettings(deps.config.forecast);
  return [...budgetRoutes(deps, settings), ...forecastRoutes(deps, { settings, maxSeries: deps.config.forecast.maxSeries })];
}
