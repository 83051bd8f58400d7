import { z } from 'zod';
import { COST_METRIC_NAMES, dimensionName, parseDimension, type CostMetric } from '../domain/dimensions.js';
import { dec, Decimal, toNumber } from '../domain/money.js';
import { addDays, addMonths, monthStart, weekStart, type IsoDate } from '../domain/time.js';
import { currencyUnit, epochMs, timeField, type FieldDTO, type FrameDTO } from './frames.js';
import { buildCostSql, sourceFor, type Granularity } from './cost.sql.js';
import type { TimeRange } from './model.js';
import type { QueryContext, QueryHandler } from './registry.js';

const dimension = z.string().min(1).max(140).transform((raw, ctx) => {
  try {
    return parseDimension(raw);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

export const costQuerySchema = z.object({
  refId: z.string(),
  type: z.literal('cost'),
  metric: z.enum(COST_METRIC_NAMES as [CostMetric, ...CostMetric[]], { error: `metric must be one of ${COST_METRIC_NAMES.join(', ')}` }).default('unblended'),
  granularity: z.enum(['day', 'week', 'month', 'total']).default('day'),
  groupBy: z.array(dimension).max(2, 'groupBy takes at most two dimensions').default([]),
  filters: z
    .array(
      z.object({
        dimension,
        operator: z.enum(['in', 'not_in']).default('in'),
        values: z.array(z.string().max(512)).max(500),
      }),
    )
    .max(20)
    .default([]),
  topN: z.number().int().min(1).max(1000).optional(),
  format: z.enum(['timeseries', 'table']).default('timeseries'),
  hide: z.boolean().optional(),
});
export type CostQuery = z.output<typeof costQuerySchema>;

export const OTHER = 'Other';
const NONE_LABEL = '(none)';

interface Row {
  bucket: string;
  currency: string;
  amount: string;
  [g: `g${number}`]: string;
}

function buckets(range: TimeRange, granularity: Granularity): IsoDate[] {
  if (granularity === 'total') return [range.from];
  const out: IsoDate[] = [];
  const first = granularity === 'day' ? range.from : granularity === 'week' ? weekStart(range.from) : monthStart(range.from);
  for (let d = first; d < range.to; ) {
    out.push(d);
    d = granularity === 'day' ? addDays(d, 1) : granularity === 'week' ? addDays(d, 7) : addMonths(d, 1);
  }
  return out;
}

/** Exact decimal text as read from numeric columns, or a Decimal once several rows were added. */
type Amount = string | Decimal;

interface Series {
  labels: Record<string, string>;
  currency: string;
  byBucket: Map<IsoDate, Amount>;
  /** For ranking only (top N); amounts shown are exact. */
  rank: number;
}

function add(a: Amount | undefined, b: Amount): Amount {
  return a === undefined ? b : dec(a).plus(b);
}

/**
 * Groups rows into series (one per group and currency), then folds all but the top N into
 * "Other". Most rows are alone in their bucket, so amounts stay as exact text until two meet.
 */
export function toSeries(rows: Row[], query: CostQuery): Series[] {
  const names = query.groupBy.map(dimensionName);
  const cols = names.map((_, i) => `g${i}` as const);
  const map = new Map<string, Series>();
  // Runs once per row of the answer (thousands): the key is plain text, labels are built once per series.
  for (const r of rows) {
    let key = r.currency;
    for (const col of cols) key += `\u0000${r[col] || NONE_LABEL}`;
    let s = map.get(key);
    if (!s) {
      const labels: Record<string, string> = {};
      names.forEach((n, i) => (labels[n] = r[cols[i]!] || NONE_LABEL));
      map.set(key, (s = { labels, currency: r.currency.trim(), byBucket: new Map(), rank: 0 }));
    }
    const bucket = String(r.bucket).slice(0, 10);
    s.byBucket.set(bucket, add(s.byBucket.get(bucket), r.amount));
    s.rank += Number(r.amount);
  }
  const series = [...map.values()].sort((a, b) => b.rank - a.rank);
  if (!query.topN || series.length <= query.topN || names.length === 0) return series;
  const kept = series.slice(0, query.topN);
  const others = new Map<string, Series>();
  for (const s of series.slice(query.topN)) {
    let o = others.get(s.currency);
    if (!o) {
      const labels = Object.fromEntries(names.map((n) => [n, OTHER]));
      others.set(s.currency, (o = { labels, currency: s.currency, byBucket: new Map(), rank: 0 }));
    }
    for (const [b, v] of s.byBucket) o.byBucket.set(b, add(o.byBucket.get(b), v));
    o.rank += s.rank;
  }
  return [...kept, ...others.values()];
}

/** Money to a frame number: the nearest double to the exact decimal. */
function num(v: Amount | undefined): number {
  return v === undefined ? 0 : typeof v === 'string' ? Number(v) : toNumber(v);
}

function displayName(s: Series, multiCurrency: boolean): string {
  const parts = Object.values(s.labels);
  if (multiCurrency) parts.push(s.currency);
  return parts.length ? parts.join(' / ') : 'Total';
}

export function toFrames(series: Series[], query: CostQuery, range: TimeRange, meta: Record<string, unknown>): FrameDTO[] {
  const times = buckets(range, query.granularity);
  const multiCurrency = new Set(series.map((s) => s.currency)).size > 1;
  const names = query.groupBy.map(dimensionName);
  if (query.format === 'table') {
    const fields: FieldDTO[] = [];
    const rows = series.flatMap((s) =>
      [...s.byBucket.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([b, v]) => ({ s, b, v })),
    );
    if (query.granularity !== 'total') fields.push(timeField('time', rows.map((r) => epochMs(r.b))));
    for (const n of names) fields.push({ name: n, type: 'string', values: rows.map((r) => r.s.labels[n]) });
    fields.push({ name: 'currency', type: 'string', values: rows.map((r) => r.s.currency) });
    fields.push({
      name: query.metric,
      type: 'number',
      values: rows.map((r) => num(r.v)),
      config: { unit: multiCurrency ? undefined : currencyUnit(series[0]?.currency ?? 'USD'), decimals: 2 },
    });
    return [{ refId: query.refId, name: query.refId, meta, fields }];
  }
  const epochs = times.map(epochMs);
  return series.map((s) => ({
    refId: query.refId,
    name: displayName(s, multiCurrency),
    meta,
    fields: [
      timeField('time', epochs),
      {
        name: query.metric,
        type: 'number',
        labels: multiCurrency ? { ...s.labels, currency: s.currency } : s.labels,
        values: times.map((t) => num(s.byBucket.get(t))),
        config: { unit: currencyUnit(s.currency), displayNameFromDS: displayName(s, multiCurrency) },
      },
    ],
  }));
}

export const costQueryHandler: QueryHandler<typeof costQuerySchema> = {
  type: 'cost',
  schema: costQuerySchema,
  async execute(ctx: QueryContext, query: CostQuery, range: TimeRange) {
    const spec = {
      organizationId: ctx.organizationId,
      range,
      metric: query.metric,
      granularity: query.granularity,
      groupBy: query.groupBy,
      filters: query.filters,
    };
    const sql = buildCostSql(spec);
    const { rows } = await ctx.db.query<Row>(sql.text, sql.params);
    const meta = { custom: { source: sourceFor(spec).name, metric: query.metric } };
    return toFrames(toSeries(rows, query), query, range, meta);
  },
};
