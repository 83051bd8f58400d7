import { z } from 'zod';
import { COST_METRICS, type CostMetric } from '../domain/dimensions.js';
import { daysBetween, type IsoDate } from '../domain/time.js';
import { seriesKey } from '../store/series.queries.js';
import type { Queryable } from '../store/queryable.js';

/**
 * What a forecast or budget covers: the organization (empty), an account, a service, both, or
 * a tag value (optionally within an account or service). Validated at every API edge.
 */
export const costScopeSchema = z
  .strictObject({
    account: z.string().min(1).max(64).optional(),
    service: z.string().min(1).max(256).optional(),
    tag: z.strictObject({ key: z.string().min(1).max(128), value: z.string().max(256) }).optional(),
  })
  .default({});

export type CostScope = z.output<typeof costScopeSchema>;

/** The stable id of a scope's series; matches store/series.queries.ts keys for the same scopes. */
export function scopeKey(scope: CostScope): string {
  const base =
    scope.account && scope.service
      ? seriesKey('account_service', scope)
      : scope.account
        ? seriesKey('account', scope)
        : scope.service
          ? seriesKey('service', scope)
          : 'total';
  return scope.tag ? `${base === 'total' ? '' : `${base}/`}tag:${scope.tag.key}=${scope.tag.value}` : base;
}

export interface ScopeSeries {
  currency: string;
  start: IsoDate;
  values: number[];
}

/**
 * Dense daily series of one scope over [from, to). Account and service scopes read the daily
 * rollup; tag scopes read cost_data (the rollup keeps no tags). When a scope bills in several
 * currencies the one with the most spend is used (amounts in different currencies never add).
 */
export async function loadScopeSeries(
  db: Queryable,
  organizationId: string,
  scope: CostScope,
  opts: { from: IsoDate; to: IsoDate; metric?: CostMetric },
): Promise<ScopeSeries> {
  const column = COST_METRICS[opts.metric ?? 'unblended'];
  const params: unknown[] = [organizationId, opts.from, opts.to];
  const where = ['organization_id = $1', 'usage_date >= $2', 'usage_date < $3'];
  if (scope.account) where.push(`account_id = $${params.push(scope.account)}`);
  if (scope.service) where.push(`service = $${params.push(scope.service)}`);
  if (scope.tag) where.push(`tags @> $${params.push(JSON.stringify({ [scope.tag.key]: scope.tag.value }))}::jsonb`);
  const table = scope.tag ? 'cost_data' : 'cost_daily_rollup';
  const { rows } = await db.query<{ usage_date: string; currency: string; amount: string }>(
    `SELECT usage_date::text AS usage_date, currency, sum(${column})::text AS amount FROM ${table}
      WHERE ${where.join(' AND ')} GROUP BY usage_date, currency`,
    params,
  );
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.currency.trim(), (totals.get(r.currency.trim()) ?? 0) + Number(r.amount));
  const currency = [...totals.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'USD';
  const n = Math.max(0, daysBetween(opts.from, opts.to));
  const values = new Array<number>(n).fill(0);
  for (const r of rows) {
    if (r.currency.trim() !== currency) continue;
    const i = daysBetween(opts.from, r.usage_date.slice(0, 10));
    if (i >= 0 && i < n) values[i] = Number(r.amount);
  }
  return { currency, start: opts.from, values };
}
