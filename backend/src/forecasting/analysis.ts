import { z } from 'zod';
import { analyzeTrend, decompose } from '../analytics/index.js';
import { addDays, addMonths, daysBetween, monthStart } from '../domain/time.js';
import { currencyUnit, epochMs, timeField, type FieldDTO, type QueryHandler } from '../query/index.js';
import { metricSchema } from './queries.js';
import { costScopeSchema, loadScopeSeries, scopeKey } from './scope.js';

const num = (name: string, values: readonly (number | null)[], config?: Record<string, unknown>): FieldDTO => ({
  name,
  type: 'number',
  values: values.map((v) => (v === null || !Number.isFinite(v) ? null : Math.round(v * 1e6) / 1e6)),
  ...(config ? { config } : {}),
});

export const trendQuerySchema = z.object({
  refId: z.string(),
  type: z.literal('trend'),
  scope: costScopeSchema,
  metric: metricSchema,
  hide: z.boolean().optional(),
});

/**
 * `trend`: daily cost with 7- and 30-day moving averages and the regression line over the
 * range (timeseries frame), and a one-row table with the slope, its 95 % interval,
 * month-over-month, month-to-date and year-over-year changes. Data before the range is read
 * so that the averages are full at its start and year-over-year has its year.
 */
export const trendQueryHandler: QueryHandler<typeof trendQuerySchema> = {
  type: 'trend',
  schema: trendQuerySchema,
  async execute(ctx, q, range) {
    const lookback = addMonths(monthStart(addDays(range.to, -1)), -13);
    const from = lookback < addDays(range.from, -29) ? lookback : addDays(range.from, -29);
    const s = await loadScopeSeries(ctx.db, ctx.organizationId, q.scope, { from, to: range.to, metric: q.metric });
    const offset = daysBetween(from, range.from);
    const days = daysBetween(range.from, range.to);
    const t = analyzeTrend(from, s.values, { regressionDays: days });
    const unit = currencyUnit(s.currency);
    const pick = <T>(xs: readonly T[]) => xs.slice(offset);
    const labels = { series: scopeKey(q.scope) };
    const change = (c: typeof t.monthOverMonth) => (c ? c.change : null);
    return [
      {
        name: `trend ${labels.series}`,
        refId: q.refId,
        fields: [
          timeField('time', Array.from({ length: days }, (_, i) => epochMs(addDays(range.from, i)))),
          { ...num('cost', pick(s.values), { unit }), labels },
          { ...num('ma7', pick(t.ma7), { unit }), labels },
          { ...num('ma30', pick(t.ma30), { unit }), labels },
          { ...num('regression', pick(t.line), { unit }), labels },
        ],
      },
      {
        name: `trend statistics ${labels.series}`,
        refId: q.refId,
        meta: { preferredVisualisationType: 'table' },
        fields: [
          num('slope_per_day', [t.regression.slope], { unit }),
          num('slope_ci95_lo', [t.regression.ci95[0]], { unit }),
          num('slope_ci95_hi', [t.regression.ci95[1]], { unit }),
          num('slope_stderr', [t.regression.stderr], { unit }),
          { name: 'slope_significant', type: 'boolean', values: [t.regression.significant] },
          num('r2', [t.regression.r2]),
          num('month_over_month', [change(t.monthOverMonth)], { unit: 'percentunit' }),
          num('month_to_date', [change(t.monthToDate)], { unit: 'percentunit' }),
          num('year_over_year', [change(t.yearOverYear)], { unit: 'percentunit' }),
          num('last_month', [t.monthOverMonth?.current.total ?? null], { unit }),
          num('previous_month', [t.monthOverMonth?.previous.total ?? null], { unit }),
          num('same_month_last_year', [t.yearOverYear?.previous.total ?? null], { unit }),
        ],
      },
    ];
  },
};

export const decompositionQuerySchema = z.object({
  refId: z.string(),
  type: z.literal('decomposition'),
  scope: costScopeSchema,
  metric: metricSchema,
  hide: z.boolean().optional(),
});

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** `decomposition`: cost = trend + weekly + monthly + remainder over the range, plus the effects as tables. */
export const decompositionQueryHandler: QueryHandler<typeof decompositionQuerySchema> = {
  type: 'decomposition',
  schema: decompositionQuerySchema,
  async execute(ctx, q, range) {
    const s = await loadScopeSeries(ctx.db, ctx.organizationId, q.scope, { from: range.from, to: range.to, metric: q.metric });
    const d = decompose(range.from, s.values);
    const unit = currencyUnit(s.currency);
    const labels = { series: scopeKey(q.scope) };
    return [
      {
        name: `decomposition ${labels.series}`,
        refId: q.refId,
        meta: { custom: { strength: d.strength, method: 'classical additive, median indices' } },
        fields: [
          timeField('time', s.values.map((_, i) => epochMs(addDays(range.from, i)))),
          { ...num('cost', s.values, { unit }), labels },
          { ...num('trend', d.trend, { unit }), labels },
          { ...num('weekly', d.weekly, { unit }), labels },
          { ...num('monthly', d.monthly, { unit }), labels },
          { ...num('remainder', d.remainder, { unit }), labels },
        ],
      },
      {
        name: `weekday effects ${labels.series}`,
        refId: q.refId,
        meta: { preferredVisualisationType: 'table' },
        fields: [
          { name: 'weekday', type: 'string', values: WEEKDAYS },
          num('effect', d.weekdayEffects, { unit }),
        ],
      },
      {
        name: `day-of-month effects ${labels.series}`,
        refId: q.refId,
        meta: { preferredVisualisationType: 'table' },
        fields: [
          num('day', d.dayOfMonthEffects.map((_, i) => i + 1)),
          num('effect', d.dayOfMonthEffects, { unit }),
        ],
      },
    ];
  },
};
