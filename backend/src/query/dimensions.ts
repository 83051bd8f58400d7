import { FIXED_DIMENSIONS, type Dimension } from '../domain/dimensions.js';
import type { Queryable } from '../store/queryable.js';
import { sourceFor, type DimensionFilter } from './cost.sql.js';
import type { TimeRange } from './model.js';

export interface DimensionValue {
  value: string;
  label: string;
}

/**
 * Distinct values of one dimension for template variables and editor pickers, ordered by
 * spend in the range (the values users care about first). Filters narrow the values the way
 * chained Grafana variables do (service values of the selected accounts).
 */
export async function listDimensionValues(
  db: Queryable,
  organizationId: string,
  dimension: Dimension,
  opts: { range: TimeRange; filters: DimensionFilter[]; search?: string; limit: number },
): Promise<DimensionValue[]> {
  const params: unknown[] = [organizationId, opts.range.from, opts.range.to];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const column = (d: Dimension) => (d.kind === 'fixed' ? FIXED_DIMENSIONS[d.name] : `(tags->>${p(d.key)})`);
  const source = sourceFor({ groupBy: [dimension], filters: opts.filters });
  const col = column(dimension);
  const where = ['organization_id = $1', 'usage_date >= $2::date', 'usage_date < $3::date', `${col} IS NOT NULL`, `${col} <> ''`];
  if (source.where) where.push(source.where);
  for (const f of opts.filters) {
    const cond = `coalesce(${column(f.dimension)}, '') = ANY(${p(f.values)}::text[])`;
    where.push(f.operator === 'in' ? cond : `NOT (${cond})`);
  }
  if (opts.search) where.push(`${col} ILIKE ${p(`%${opts.search.replace(/[\\%_]/g, '\\$&')}%`)}`);
  const { rows } = await db.query<{ value: string }>(
    `SELECT ${col} AS value FROM ${source.table} WHERE ${where.join(' AND ')}
      GROUP BY 1 ORDER BY sum(unblended_cost) DESC, 1 LIMIT ${p(opts.limit)}`,
    params,
  );
  if (dimension.kind === 'fixed' && dimension.name === 'account') {
    const names = await db.query<{ account_id: string; name: string }>(
      'SELECT account_id, name FROM aws_accounts WHERE organization_id = $1 AND account_id = ANY($2::text[])',
      [organizationId, rows.map((r) => r.value)],
    );
    const byId = new Map(names.rows.map((r) => [r.account_id, r.name]));
    return rows.map((r) => ({ value: r.value, label: byId.has(r.value) ? `${byId.get(r.value)} (${r.value})` : r.value }));
  }
  return rows.map((r) => ({ value: r.value, label: r.value }));
}

/** Tag keys present in the range, most frequent first. */
export async function listTagKeys(db: Queryable, organizationId: string, range: TimeRange, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ key: string }>(
    `SELECT k AS key FROM cost_data, jsonb_object_keys(tags) AS k
      WHERE organization_id = $1 AND usage_date >= $2::date AND usage_date < $3::date
      GROUP BY k ORDER BY count(*) DESC, k LIMIT $4`,
    [organizationId, range.from, range.to, limit],
  );
  return rows.map((r) => r.key);
}
