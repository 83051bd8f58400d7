import { COST_METRICS, FIXED_DIMENSIONS, type CostMetric, type Dimension } from '../domain/dimensions.js';
import type { TimeRange } from './model.js';

export type Granularity = 'day' | 'week' | 'month' | 'total';

export interface DimensionFilter {
  dimension: Dimension;
  operator: 'in' | 'not_in';
  values: string[];
}

export interface CostSqlSpec {
  organizationId: string;
  range: TimeRange;
  metric: CostMetric;
  granularity: Granularity;
  groupBy: Dimension[];
  filters: DimensionFilter[];
}

/** The rollup answers any query that neither groups nor filters by usage type or tags. */
export function canUseRollup(spec: Pick<CostSqlSpec, 'groupBy' | 'filters'>): boolean {
  const dims = [...spec.groupBy, ...spec.filters.map((f) => f.dimension)];
  return dims.every((d) => d.kind === 'fixed' && d.name !== 'usage_type');
}

const GRAIN_LETTER = { account: 'a', service: 's', region: 'r' } as const;

/**
 * The smallest table that answers the query: a coarse grain of cost_daily_grain when the
 * query touches at most two of account/service/region, the base rollup for all three, raw
 * cost_data when usage type or tags are involved. Returns the FROM clause and extra WHERE.
 */
export function sourceFor(spec: Pick<CostSqlSpec, 'groupBy' | 'filters'>): { table: string; where?: string; name: string } {
  if (!canUseRollup(spec)) return { table: 'cost_data', name: 'cost_data' };
  const used = new Set([...spec.groupBy, ...spec.filters.map((f) => f.dimension)].map((d) => (d.kind === 'fixed' ? d.name : '')));
  if (used.size === 3) return { table: 'cost_daily_rollup', name: 'rollup' };
  const grain = (['account', 'service', 'region'] as const).filter((d) => used.has(d)).map((d) => GRAIN_LETTER[d]).join('');
  return { table: 'cost_daily_grain', where: `grain = '${grain}'`, name: `rollup:${grain || 'total'}` };
}

/**
 * Builds one parameterised statement. Identifiers come only from fixed maps; every user
 * value (including tag keys) is a bind parameter, so filter values are always data.
 */
export function buildCostSql(spec: CostSqlSpec): { text: string; params: unknown[] } {
  const params: unknown[] = [spec.organizationId, spec.range.from, spec.range.to];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const source = sourceFor(spec);
  const column = (d: Dimension) => (d.kind === 'fixed' ? FIXED_DIMENSIONS[d.name] : `coalesce(tags->>${p(d.key)}, '')`);

  const bucket =
    spec.granularity === 'total'
      ? `${p(spec.range.from)}::date`
      : spec.granularity === 'day'
        ? 'usage_date'
        : `date_trunc('${spec.granularity}', usage_date)::date`;

  const groupCols = spec.groupBy.map((d, i) => `${column(d)} AS g${i}`);
  const where = ['organization_id = $1', 'usage_date >= $2::date', 'usage_date < $3::date'];
  if (source.where) where.push(source.where);
  for (const f of spec.filters) {
    const cond = `${column(f.dimension)} = ANY(${p(f.values)}::text[])`;
    where.push(f.operator === 'in' ? cond : `NOT (${cond})`);
  }
  const metric = COST_METRICS[spec.metric];
  // A daily query on the grain that holds exactly its dimensions already has one row per
  // (day, group, currency): no aggregation needed. Callers do not rely on row order.
  const grouped = spec.groupBy.map((d) => d.kind === 'fixed' && d.name);
  const exact = source.table === 'cost_daily_grain' && spec.granularity === 'day' && spec.filters.every((f) => f.dimension.kind === 'fixed' && grouped.includes(f.dimension.name));
  if (exact) {
    const text = `SELECT usage_date AS bucket, ${[...groupCols, 'currency', `${metric} AS amount`].join(', ')} FROM ${source.table} WHERE ${where.join(' AND ')}`;
    return { text, params };
  }
  const select = [`${bucket} AS bucket`, ...groupCols, 'currency', `sum(${metric}) AS amount`];
  const groupRefs = ['bucket', ...spec.groupBy.map((_, i) => `g${i}`), 'currency'];
  const text = `SELECT ${select.join(', ')} FROM ${source.table} WHERE ${where.join(' AND ')} GROUP BY ${groupRefs.join(', ')}`;
  return { text, params };
}
