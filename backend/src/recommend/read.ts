import { ConflictError, NotFoundError } from '../domain/errors.js';
import { dec, sum, type Decimal } from '../domain/money.js';
import type { Queryable } from '../store/queryable.js';
import { CATALOG } from './checks/index.js';

export type Status = 'open' | 'dismissed' | 'resolved';
export const STATUSES: readonly Status[] = ['open', 'dismissed', 'resolved'];

export interface Recommendation {
  id: string;
  checkId: string;
  title: string;
  action: string;
  why: string;
  resource: { key: string; id: string | null; type: string; resourceId: string; name: string | null; arn: string | null };
  accountId: string | null;
  region: string | null;
  service: string | null;
  estimatedMonthlySavings: string;
  currency: string;
  pricingBasis: Record<string, unknown>;
  evidence: Record<string, unknown>;
  confidence: 'low' | 'medium' | 'high';
  status: Status;
  dismissReason: string | null;
  firstDetectedAt: string;
  lastDetectedAt: string;
  resolvedAt: string | null;
}

export interface ListFilter {
  status?: Status[];
  checkId?: string[];
  accountId?: string[];
  service?: string[];
  region?: string[];
  confidence?: string[];
  search?: string;
  minSavings?: string;
}

export interface ListOptions extends ListFilter {
  sort?: 'savings' | 'first_detected' | 'last_detected' | 'check';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

const WHY = new Map(CATALOG.map((c) => [c.id, c.why]));

const COLUMNS = `o.id, o.check_id, o.title, o.description, o.resource_key, o.resource_id, o.account_id, o.region, o.service,
  o.estimated_monthly_savings::text AS savings, o.currency, o.pricing_basis, o.evidence, o.confidence, o.status,
  o.dismiss_reason, o.first_detected_at, o.last_detected_at, o.resolved_at, r.name AS resource_name, r.arn AS resource_arn`;

type Row = Record<string, unknown>;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const obj = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : (v ?? {})) as Record<string, unknown>;

function toRecommendation(r: Row): Recommendation {
  const key = String(r.resource_key);
  const [, , type = '', ...rest] = key.split('/');
  return {
    id: String(r.id),
    checkId: String(r.check_id),
    title: String(r.title),
    action: String(r.description ?? ''),
    why: WHY.get(String(r.check_id)) ?? '',
    resource: { key, id: (r.resource_id as string) ?? null, type, resourceId: rest.join('/'), name: (r.resource_name as string) ?? null, arn: (r.resource_arn as string) ?? null },
    accountId: (r.account_id as string) ?? null,
    region: (r.region as string) ?? null,
    service: (r.service as string) ?? null,
    estimatedMonthlySavings: dec(r.savings as string).toFixed(6),
    currency: String(r.currency).trim(),
    pricingBasis: obj(r.pricing_basis),
    evidence: obj(r.evidence),
    confidence: r.confidence as Recommendation['confidence'],
    status: r.status as Status,
    dismissReason: (r.dismiss_reason as string) ?? null,
    firstDetectedAt: iso(r.first_detected_at)!,
    lastDetectedAt: iso(r.last_detected_at)!,
    resolvedAt: iso(r.resolved_at),
  };
}

/** WHERE clause for the filters; the organization is always $1. */
function where(organizationId: string, f: ListFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [organizationId];
  const parts = ['o.organization_id = $1'];
  const any = (col: string, values?: string[]) => {
    if (!values?.length) return;
    params.push(values);
    parts.push(`${col} = ANY($${params.length}::text[])`);
  };
  any('o.status', f.status);
  any('o.check_id', f.checkId);
  any('o.account_id', f.accountId);
  any('o.service', f.service);
  any('o.region', f.region);
  any('o.confidence', f.confidence);
  if (f.search) {
    params.push(`%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    parts.push(`(o.resource_key ILIKE $${params.length} OR o.title ILIKE $${params.length} OR coalesce(r.name, '') ILIKE $${params.length})`);
  }
  if (f.minSavings !== undefined) {
    params.push(f.minSavings);
    parts.push(`o.estimated_monthly_savings >= $${params.length}::numeric`);
  }
  return { sql: parts.join(' AND '), params };
}

const SORT: Record<NonNullable<ListOptions['sort']>, string> = {
  savings: 'o.estimated_monthly_savings',
  first_detected: 'o.first_detected_at',
  last_detected: 'o.last_detected_at',
  check: 'o.check_id',
};

export async function listRecommendations(db: Queryable, organizationId: string, o: ListOptions = {}): Promise<{ items: Recommendation[]; total: number }> {
  const w = where(organizationId, o);
  const order = `${SORT[o.sort ?? 'savings']} ${o.order === 'asc' ? 'ASC' : 'DESC'}, o.id`;
  const limit = o.limit ?? 50;
  const offset = o.offset ?? 0;
  const from = 'FROM optimization_recommendations o LEFT JOIN aws_resources r ON r.id = o.resource_id';
  const [items, count] = await Promise.all([
    db.query<Row>(`SELECT ${COLUMNS} ${from} WHERE ${w.sql} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`, w.params),
    db.query<{ n: string }>(`SELECT count(*)::text AS n ${from} WHERE ${w.sql}`, w.params),
  ]);
  return { items: items.rows.map(toRecommendation), total: Number(count.rows[0]?.n ?? 0) };
}

export async function getRecommendation(db: Queryable, organizationId: string, id: string): Promise<Recommendation> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM optimization_recommendations o LEFT JOIN aws_resources r ON r.id = o.resource_id
      WHERE o.organization_id = $1 AND o.id = $2`,
    [organizationId, id],
  );
  if (!rows[0]) throw new NotFoundError(`recommendation ${id} not found`, 'id');
  return toRecommendation(rows[0]);
}

/** Daily utilization of the recommendation's resource for the detail sparkline. */
export async function utilizationOf(db: Queryable, organizationId: string, resourceId: string | null, days = 30, now = new Date()) {
  if (!resourceId) return {};
  const from = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const { rows } = await db.query<{ metric_name: string; d: string; avg_value: number | null; max_value: number | null }>(
    `SELECT metric_name, stat_date::text AS d, avg_value, max_value FROM resource_usage_metrics
      WHERE organization_id = $1 AND resource_id = $2 AND stat_date >= $3::date ORDER BY metric_name, stat_date`,
    [organizationId, resourceId, from],
  );
  const out: Record<string, { date: string; avg: number | null; max: number | null }[]> = {};
  for (const r of rows) (out[r.metric_name] ??= []).push({ date: r.d, avg: r.avg_value, max: r.max_value });
  return out;
}

export async function dismissRecommendation(db: Queryable, organizationId: string, id: string, reason: string): Promise<Recommendation> {
  const current = await getRecommendation(db, organizationId, id);
  if (current.status === 'resolved') throw new ConflictError('a resolved recommendation cannot be dismissed', 'id');
  await db.query(`UPDATE optimization_recommendations SET status = 'dismissed', dismiss_reason = $3 WHERE organization_id = $1 AND id = $2`, [organizationId, id, reason]);
  return getRecommendation(db, organizationId, id);
}

export async function reopenRecommendation(db: Queryable, organizationId: string, id: string): Promise<Recommendation> {
  const current = await getRecommendation(db, organizationId, id);
  if (current.status === 'resolved') throw new ConflictError('a resolved recommendation reopens by itself when a scan finds the waste again', 'id');
  await db.query(`UPDATE optimization_recommendations SET status = 'open', dismiss_reason = NULL WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  return getRecommendation(db, organizationId, id);
}

export interface SavingsSummary {
  currency: string;
  count: number;
  total: string;
  byAccount: { key: string; count: number; savings: string }[];
  byService: { key: string; count: number; savings: string }[];
  byCheck: { key: string; title: string; count: number; savings: string }[];
}

function group(rows: { key: string; savings: string }[]): { key: string; count: number; savings: string }[] {
  const m = new Map<string, { n: number; values: string[] }>();
  for (const r of rows) {
    const g = m.get(r.key) ?? { n: 0, values: [] };
    g.n++;
    g.values.push(r.savings);
    m.set(r.key, g);
  }
  return [...m]
    .map(([key, g]) => ({ key, count: g.n, total: sum(g.values) }))
    .sort((a, b) => b.total.comparedTo(a.total) || a.key.localeCompare(b.key))
    .map((g) => ({ key: g.key, count: g.count, savings: g.total.toFixed(6) }));
}

/**
 * Potential monthly savings, exact: every row's numeric(18,6) summed with decimal.js, so the
 * total equals the sum of its parts (by account, service or check) to the last digit.
 */
export async function savingsSummary(db: Queryable, organizationId: string, f: ListFilter = { status: ['open'] }): Promise<SavingsSummary> {
  const w = where(organizationId, f);
  const { rows } = await db.query<{ account_id: string | null; service: string | null; check_id: string; title: string; savings: string; currency: string }>(
    `SELECT o.account_id, o.service, o.check_id, o.title, o.estimated_monthly_savings::text AS savings, o.currency
       FROM optimization_recommendations o LEFT JOIN aws_resources r ON r.id = o.resource_id WHERE ${w.sql}`,
    w.params,
  );
  const total: Decimal = sum(rows.map((r) => r.savings));
  const titles = new Map(rows.map((r) => [r.check_id, r.title]));
  return {
    currency: rows[0]?.currency.trim() ?? 'USD',
    count: rows.length,
    total: total.toFixed(6),
    byAccount: group(rows.map((r) => ({ key: r.account_id ?? '(none)', savings: r.savings }))),
    byService: group(rows.map((r) => ({ key: r.service ?? '(none)', savings: r.savings }))),
    byCheck: group(rows.map((r) => ({ key: r.check_id, savings: r.savings }))).map((g) => ({ ...g, title: titles.get(g.key) ?? g.key })),
  };
}
