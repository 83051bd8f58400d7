import { z } from 'zod';
import { COST_METRIC_NAMES, type CostMetric } from '../domain/dimensions.js';
import { addDays, addMonths, daysBetween, monthStart, todayUtc } from '../domain/time.js';
import { currencyUnit, epochMs, timeField, type FieldDTO, type FrameDTO, type QueryHandler } from '../query/index.js';
import { budgetStatus } from './budgets.status.js';
import { costScopeSchema, scopeKey } from './scope.js';
import { forecastScope, periodTotal, quarterStart, type ForecastSettings } from './service.js';

export const metricSchema = z
  .enum(COST_METRIC_NAMES as [CostMetric, ...CostMetric[]], { error: `metric must be one of ${COST_METRIC_NAMES.join(', ')}` })
  .default('unblended');

export const forecastQuerySchema = z.object({
  refId: z.string(),
  type: z.literal('forecast'),
  scope: costScopeSchema,
  metric: metricSchema,
  /** Days ahead, or to the end of the month / quarter. The dashboard's range end extends it. */
  horizon: z.union([z.number().int().min(1).max(366), z.enum(['month_end', 'quarter_end'])]).default(30),
  hide: z.boolean().optional(),
});

const num = (name: string, values: (number | null)[], unit: string, extra: Record<string, unknown> = {}): FieldDTO => ({
  name,
  type: 'number',
  values: values.map((v) => (v === null ? null : Math.round(v * 1e6) / 1e6)),
  config: { unit, ...extra },
});

/**
 * `forecast`: one frame with actual (the range's history), mean and the 80 %/95 % bands on
 * the same time axis, so Grafana can draw the bands with "fill below to" overrides
 * (docs/forecasting.md), and a table frame with the month-end and quarter-end totals, each with
 * the interval of the sum.
 */
export function forecastQueryHandler(settings: ForecastSettings): QueryHandler<typeof forecastQuerySchema> {
  return {
    type: 'forecast',
    schema: forecastQuerySchema,
    async execute(ctx, q, range) {
      const today = todayUtc(ctx.now);
      const requested =
        q.horizon === 'month_end'
          ? daysBetween(today, addMonths(monthStart(today), 1))
          : q.horizon === 'quarter_end'
            ? daysBetween(today, addMonths(quarterStart(today), 3))
            : q.horizon;
      const horizon = Math.min(366, Math.max(requested, daysBetween(today, range.to)));
      const f = await forecastScope(ctx, ctx.organizationId, q.scope, { now: ctx.now, metric: q.metric, horizon, settings });
      const from = range.from < today ? range.from : today;
      const histDays = Math.max(0, daysBetween(from, today));
      const offset = daysBetween(f.historyStart, from);
      const times: number[] = [];
      const actual: (number | null)[] = [];
      const cols: Record<'mean' | 'lo80' | 'hi80' | 'lo95' | 'hi95', (number | null)[]> = { mean: [], lo80: [], hi80: [], lo95: [], hi95: [] };
      for (let i = 0; i < histDays + horizon; i++) {
        times.push(epochMs(addDays(from, i)));
        const hi = offset + i;
        actual.push(i < histDays ? (hi >= 0 && hi < f.history.length ? f.history[hi]! : 0) : null);
        const k = i - histDays;
        for (const c of Object.keys(cols) as (keyof typeof cols)[]) cols[c].push(k >= 0 ? f.result[c][k]! : null);
      }
      const unit = currencyUnit(f.currency);
      const labels = { series: f.seriesKey };
      const series: FrameDTO = {
        name: `forecast ${f.seriesKey}`,
        refId: q.refId,
        meta: { custom: { model: f.result.model, validationMase: f.result.validationMase, candidates: f.result.candidates, params: f.result.params } },
        fields: [
          timeField('time', times),
          { ...num('actual', actual, unit), labels },
          { ...num('mean', cols.mean, unit), labels },
          { ...num('lo80', cols.lo80, unit), labels },
          { ...num('hi80', cols.hi80, unit), labels },
          { ...num('lo95', cols.lo95, unit), labels },
          { ...num('hi95', cols.hi95, unit), labels },
        ],
      };
      const totals = (['month', 'quarter'] as const).map((p) => periodTotal(f, p));
      const table: FrameDTO = {
        name: `period totals ${f.seriesKey}`,
        refId: q.refId,
        meta: { preferredVisualisationType: 'table' },
        fields: [
          { name: 'period', type: 'string', values: totals.map((t) => t.period) },
          timeField('from', totals.map((t) => epochMs(t.from))),
          timeField('to', totals.map((t) => epochMs(t.to))),
          num('actual', totals.map((t) => t.actual), unit),
          num('mean', totals.map((t) => t.mean), unit),
          num('lo80', totals.map((t) => t.lo80), unit),
          num('hi80', totals.map((t) => t.hi80), unit),
          num('lo95', totals.map((t) => t.lo95), unit),
          num('hi95', totals.map((t) => t.hi95), unit),
          { name: 'model', type: 'string', values: totals.map(() => f.result.model) },
        ],
      };
      return [series, table];
    },
  };
}

export const budgetQuerySchema = z.object({
  refId: z.string(),
  type: z.literal('budget'),
  budgetId: z.uuid().optional(),
  hide: z.boolean().optional(),
});

/** `budget`: one table row per budget (or the one asked for) with actual, forecast and overrun risk. */
export function budgetQueryHandler(settings: ForecastSettings): QueryHandler<typeof budgetQuerySchema> {
  return {
    type: 'budget',
    schema: budgetQuerySchema,
    // Budgets change through the API without touching cost data: never serve a stale answer.
    cacheable: false,
    async execute(ctx, q) {
      const rows = await budgetStatus(ctx.db, ctx.organizationId, q.budgetId ?? 'all', ctx.now, { cache: ctx.cache, settings });
      const col = (name: string, values: unknown[], type: FieldDTO['type'] = 'number', config?: Record<string, unknown>): FieldDTO => ({ name, type, values, ...(config ? { config } : {}) });
      const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
      return [
        {
          name: 'budgets',
          refId: q.refId,
          meta: { preferredVisualisationType: 'table' },
          fields: [
            col('id', rows.map((r) => r.budget.id), 'string'),
            col('name', rows.map((r) => r.budget.name), 'string'),
            col('period', rows.map((r) => r.budget.period), 'string'),
            col('scope', rows.map((r) => scopeKey(r.budget.scope)), 'string'),
            timeField('from', rows.map((r) => epochMs(r.period.from))),
            timeField('to', rows.map((r) => epochMs(r.period.to))),
            col('amount', rows.map((r) => r6(r.amount))),
            col('actual', rows.map((r) => r6(r.actual))),
            col('forecast', rows.map((r) => r6(r.forecast.mean))),
            col('lo80', rows.map((r) => r6(r.forecast.lo80))),
            col('hi80', rows.map((r) => r6(r.forecast.hi80))),
            col('lo95', rows.map((r) => r6(r.forecast.lo95))),
            col('hi95', rows.map((r) => r6(r.forecast.hi95))),
            col('variance', rows.map((r) => r6(r.variance))),
            col('utilisation', rows.map((r) => r.utilisation), 'number', { unit: 'percentunit' }),
            col('overrun_probability', rows.map((r) => r.overrunProbability), 'number', { unit: 'percentunit', min: 0, max: 1 }),
            col('currency', rows.map((r) => r.currency), 'string'),
            col('model', rows.map((r) => r.model), 'string'),
          ],
        },
      ];
    },
  };
}
