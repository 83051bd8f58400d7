import { NotFoundError } from '../domain/errors.js';
import type { Queryable } from '../store/index.js';

export interface ResourceFilter {
  types?: string[];
  accounts?: string[];
  regions?: string[];
  states?: string[];
  /** key=value (exact) or key (present). */
  tags?: { key: string; value?: string }[];
  /** Substring of resource id or name (case-insensitive). */
  search?: string;
  includeDeleted?: boolean;
  sort?: 'cost' | 'name' | 'last_seen';
  limit: number;
  offset: number;
}

export interface ResourceRow {
  id: string;
  accountId: string;
  region: string;
  type: string;
  resourceId: string;
  arn: string | null;
  name: string | null;
  state: string | null;
  tags: Record<string, string>;
  costAllocation: Record<string, string>;
  attributes: Record<string, unknown>;
  monthlyCost: string | null;
  currency: string;
  pricing: Record<string, unknown>;
  firstSeenAt: string;
  lastSeenAt: string;
  deletedAt: string | null;
  stale: boolean;
  isDemo: boolean;
  cpuAvg30d: number | null;
  cpuMax30d: number | null;
}

/** A stale slice's resources still show, flagged: their last scan attempt failed. */
const SELECT = `
  SELECT r.id, r.account_id, r.region, r.resource_type, r.resource_id, r.arn, r.name, r.state, r.tags, r.cost_allocation, r.attributes,
         r.monthly_cost::text AS monthly_cost, r.currency, r.pricing, r.first_seen_at, r.last_seen_at, r.deleted_at, r.is_demo,
         COALESCE(s.status = 'stale', false) AS stale, u.cpu_avg, u.cpu_max, count(*) OVER () AS total
  FROM aws_resources r
  LEFT JOIN scan_slices s ON s.organization_id = r.organization_id AND s.account_id = r.account_id AND s.resource_type = r.resource_type
       AND s.region = CASE WHEN r.resource_type = 's3_bucket' THEN '*' ELSE r.region END
  LEFT JOIN LATERAL (
    SELECT avg(m.avg_value) AS cpu_avg, max(m.max_value) AS cpu_max FROM resource_usage_metrics m
    WHERE m.resource_id = r.id AND m.metric_name = 'CPUUtilization' AND m.stat_date >= current_date - 30
  ) u ON true`;

const ORDER = { cost: 'r.monthly_cost DESC NULLS LAST, r.id', name: 'r.name NULLS LAST, r.resource_id, r.id', last_seen: 'r.last_seen_at DESC, r.id' };

function toRow(r: Record<string, unknown>): ResourceRow {
  const ts = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: r.id as string,
    accountId: r.account_id as string,
    region: r.region as string,
    type: r.resource_type as string,
    resourceId: r.resource_id as string,
    arn: (r.arn as string) ?? null,
    name: (r.name as string) ?? null,
    state: (r.state as string) ?? null,
    tags: r.tags as Record<string, string>,
    costAllocation: r.cost_allocation as Record<string, string>,
    attributes: r.attributes as Record<string, unknown>,
    monthlyCost: (r.monthly_cost as string) ?? null,
    currency: String(r.currency).trim(),
    pricing: r.pricing as Record<string, unknown>,
    firstSeenAt: ts(r.first_seen_at)!,
    lastSeenAt: ts(r.last_seen_at)!,
    deletedAt: ts(r.deleted_at),
    stale: Boolean(r.stale),
    isDemo: Boolean(r.is_demo),
    cpuAvg30d: r.cpu_avg === null || r.cpu_avg === undefined ? null : Number(r.cpu_avg),
    cpuMax30d: r.cpu_max === null || r.cpu_max === undefined ? null : Number(r.cpu_max),
  };
}

export async function listResources(db: Queryable, organizationId: string, f: ResourceFilter): Promise<{ total: number; items: ResourceRow[] }> {
  const where = ['r.organization_id = $1'];
  const params: unknown[] = [organizationId];
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (!f.includeDeleted) where.push('r.deleted_at IS NULL');
  if (f.types?.length) add((p) => `r.resource_type = ANY(${p}::text[])`, f.types);
  if (f.accounts?.length) add((p) => `r.account_id = ANY(${p}::text[])`, f.accounts);
  if (f.regions?.length) add((p) => `r.region = ANY(${p}::text[])`, f.regions);
  if (f.states?.length) add((p) => `r.state = ANY(${p}::text[])`, f.states);
  for (const t of f.tags ?? []) {
    if (t.value === undefined) add((p) => `r.tags ? ${p}`, t.key);
    else add((p) => `r.tags @> ${p}::jsonb`, JSON.stringify({ [t.key]: t.value }));
  }
  if (f.search) add((p) => `(r.resource_id ILIKE ${p} OR r.name ILIKE ${p})`, `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  params.push(f.limit, f.offset);
  const { rows } = await db.query<Record<string, unknown>>(
    `${SELECT} WHERE ${where.join(' AND ')} ORDER BY ${ORDER[f.sort ?? 'cost']} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  let total = rows.length ? Number(rows[0]!.total) : 0;
  if (!rows.length && f.offset > 0) {
    const c = await db.query<{ n: string }>(`SELECT count(*) AS n FROM aws_resources r WHERE ${where.join(' AND ')}`, params.slice(0, -2));
    total = Number(c.rows[0]!.n);
  }
  return { total, items: rows.map(toRow) };
}

export async function getResource(db: Queryable, organizationId: string, id: string) {
  const { rows } = await db.query<Record<string, unknown>>(`${SELECT} WHERE r.organization_id = $1 AND r.id = $2`, [organizationId, id]);
  if (!rows[0]) throw new NotFoundError(`resource ${id} not found`, 'id');
  const [history, usage] = await Promise.all([
    db.query<{ changed_at: Date; old_state: string | null; new_state: string | null; run_id: string | null }>(
      'SELECT changed_at, old_state, new_state, run_id FROM resource_state_history WHERE organization_id = $1 AND resource_id = $2 ORDER BY changed_at DESC, id DESC LIMIT 100',
      [organizationId, id],
    ),
    db.query<{ metric_name: string; stat_date: string; avg_value: number | null; max_value: number | null; unit: string }>(
      `SELECT metric_name, stat_date::text AS stat_date, avg_value, max_value, unit FROM resource_usage_metrics
       WHERE organization_id = $1 AND resource_id = $2 AND stat_date >= current_date - 31 ORDER BY metric_name, stat_date`,
      [organizationId, id],
    ),
  ]);
  return {
    ...toRow(rows[0]),
    history: history.rows.map((h) => ({ changedAt: new Date(h.changed_at).toISOString(), oldState: h.old_state, newState: h.new_state, runId: h.run_id })),
    utilization: usage.rows.map((u) => ({ metric: u.metric_name, date: u.stat_date, avg: u.avg_value, max: u.max_value, unit: u.unit })),
  };
}

export async function getScanRun(db: Queryable, organizationId: string, id: string) {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id, mode, trigger, filters, status, started_at, finished_at, found, new, changed, gone, failed_slices, summary
     FROM scan_runs WHERE organization_id = $1 AND id = $2`,
    [organizationId, id],
  );
  const r = rows[0];
  if (!r) throw new NotFoundError(`scan run ${id} not found`, 'id');
  return {
    id: r.id as string,
    mode: r.mode as string,
    trigger: r.trigger as string,
    filters: r.filters,
    status: r.status as string,
    startedAt: new Date(r.started_at as string).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at as string).toISOString() : null,
    found: r.found,
    new: r.new,
    changed: r.changed,
    gone: r.gone,
    failedSlices: (r.summary as { failedSlices?: unknown[] })?.failedSlices ?? [],
    failedRegions: (r.summary as { failedRegions?: string[] })?.failedRegions ?? [],
  };
}
