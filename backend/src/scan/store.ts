import type { Database, Queryable } from '../store/index.js';
import { GLOBAL_REGION, type EnrichedResource, type ResourceType, type ScanMode, type ScanSummary } from './types.js';

/** Stable text of a tag map, so `{a,b}` and `{b,a}` compare equal. */
function stable(o: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
}

export async function createRun(db: Queryable, organizationId: string, mode: ScanMode, trigger: string, filters: object): Promise<{ id: string; startedAt: Date }> {
  const { rows } = await db.query<{ id: string; started_at: Date }>(
    'INSERT INTO scan_runs (organization_id, mode, trigger, filters) VALUES ($1, $2, $3, $4::jsonb) RETURNING id, started_at',
    [organizationId, mode, trigger, JSON.stringify(filters)],
  );
  return { id: rows[0]!.id, startedAt: new Date(rows[0]!.started_at) };
}

export async function finishRun(db: Queryable, s: ScanSummary): Promise<void> {
  await db.query(
    `UPDATE scan_runs SET status = $2, finished_at = now(), found = $3, new = $4, changed = $5, gone = $6, failed_slices = $7, summary = $8::jsonb
     WHERE id = $1`,
    [s.runId, s.status, s.found, s.new, s.changed, s.gone, s.failedSlices.length, JSON.stringify(s)],
  );
}

export interface SliceKey {
  organizationId: string;
  runId: string;
  accountId: string;
  /** GLOBAL_REGION for account-wide types (S3). */
  region: string;
  type: ResourceType;
}

export interface SliceResult {
  found: number;
  new: number;
  changed: number;
  gone: number;
}

const BATCH = 2000;

/**
 * Writes one slice's resources in one transaction: upsert (first_seen kept, last_seen moved,
 * deleted_at cleared), state history for changed and revived resources, and, when the
 * slice was scanned completely, deleted_at for what the scan no longer found.
 */
export async function applySlice(db: Database, key: SliceKey, resources: EnrichedResource[], complete: boolean, seenAt: Date): Promise<SliceResult> {
  return db.transaction(async (tx) => {
    const regional = key.region !== GLOBAL_REGION;
    const { rows: existing } = await tx.query<{ id: string; region: string; resource_id: string; state: string | null; tags: Record<string, string>; monthly_cost: string | null; deleted_at: Date | null }>(
      `SELECT id, region, resource_id, state, tags, monthly_cost::text AS monthly_cost, deleted_at FROM aws_resources
       WHERE organization_id = $1 AND account_id = $2 AND resource_type = $3 AND ($4::text IS NULL OR region = $4) AND resource_id = ANY($5::text[])`,
      [key.organizationId, key.accountId, key.type, regional ? key.region : null, resources.map((r) => r.id)],
    );
    const before = new Map(existing.map((e) => [`${e.region}|${e.resource_id}`, e]));
    let created = 0;
    let changed = 0;
    const history: { k: string; old: string | null; next: string }[] = [];
    for (const r of resources) {
      const k = `${r.region}|${r.id}`;
      const e = before.get(k);
      // A new resource's first state is its row (first_seen_at, state): history records changes only.
      if (!e) created++;
      else if (e.deleted_at || e.state !== r.state || stable(e.tags) !== stable(r.tags) || e.monthly_cost !== r.monthlyCost) {
        changed++;
        if (e.deleted_at) history.push({ k, old: 'deleted', next: r.state });
        else if (e.state !== r.state) history.push({ k, old: e.state, next: r.state });
      }
    }
    const ids = new Map<string, string>();
    for (let i = 0; i < resources.length; i += BATCH) {
      const b = resources.slice(i, i + BATCH);
      const { rows } = await tx.query<{ id: string; region: string; resource_id: string }>(
        `INSERT INTO aws_resources (organization_id, account_id, resource_type, first_seen_at, last_seen_at, last_run_id,
           region, resource_id, arn, name, state, attributes, tags, monthly_cost, cost_allocation, pricing)
         SELECT $1::uuid, $2, $3, $4::timestamptz, $4::timestamptz, $5::uuid,
           t.region, t.rid, t.arn, t.name, t.state, t.attrs::jsonb, t.tags::jsonb, t.cost::numeric, t.alloc::jsonb, t.pricing::jsonb
         FROM unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
           AS t(region, rid, arn, name, state, attrs, tags, cost, alloc, pricing)
         ON CONFLICT (organization_id, account_id, region, resource_type, resource_id) DO UPDATE SET
           arn = EXCLUDED.arn, name = EXCLUDED.name, state = EXCLUDED.state, attributes = EXCLUDED.attributes, tags = EXCLUDED.tags,
           monthly_cost = EXCLUDED.monthly_cost, cost_allocation = EXCLUDED.cost_allocation, pricing = EXCLUDED.pricing,
           last_seen_at = EXCLUDED.last_seen_at, last_run_id = EXCLUDED.last_run_id, deleted_at = NULL
         RETURNING id, region, resource_id`,
        [
          key.organizationId, key.accountId, key.type, seenAt, key.runId,
          b.map((r) => r.region), b.map((r) => r.id), b.map((r) => r.arn ?? null), b.map((r) => r.name ?? null), b.map((r) => r.state),
          b.map((r) => JSON.stringify(r.attributes)), b.map((r) => JSON.stringify(r.tags)), b.map((r) => r.monthlyCost),
          b.map((r) => JSON.stringify(r.costAllocation)), b.map((r) => JSON.stringify(r.pricing)),
        ],
      );
      for (const row of rows) ids.set(`${row.region}|${row.resource_id}`, row.id);
    }
    let gone: { id: string; state: string | null }[] = [];
    if (complete) {
      ({ rows: gone } = await tx.query<{ id: string; state: string | null }>(
        `UPDATE aws_resources SET deleted_at = $6::timestamptz
         WHERE organization_id = $1 AND account_id = $2 AND resource_type = $3 AND ($4::text IS NULL OR region = $4)
           AND deleted_at IS NULL AND NOT (resource_id = ANY($5::text[]))
         RETURNING id, state`,
        [key.organizationId, key.accountId, key.type, regional ? key.region : null, resources.map((r) => r.id), seenAt],
      ));
    }
    const hist = [
      ...history.map((h) => ({ id: ids.get(h.k)!, old: h.old, next: h.next })),
      ...gone.map((g) => ({ id: g.id, old: g.state, next: 'deleted' })),
    ];
    if (hist.length) {
      await tx.query(
        `INSERT INTO resource_state_history (organization_id, run_id, changed_at, resource_id, old_state, new_state)
         SELECT $1::uuid, $2::uuid, $3::timestamptz, t.id, t.old, t.next FROM unnest($4::uuid[], $5::text[], $6::text[]) AS t(id, old, next)`,
        [key.organizationId, key.runId, seenAt, hist.map((h) => h.id), hist.map((h) => h.old), hist.map((h) => h.next)],
      );
    }
    if (complete) {
      await tx.query(
        `INSERT INTO scan_slices (organization_id, account_id, region, resource_type, status, last_run_id, last_attempt_at, last_success_at, last_error, resource_count)
         VALUES ($1, $2, $3, $4, 'ok', $5, now(), now(), NULL, $6)
         ON CONFLICT (organization_id, account_id, region, resource_type) DO UPDATE SET status = 'ok', last_run_id = EXCLUDED.last_run_id,
           last_attempt_at = now(), last_success_at = now(), last_error = NULL, resource_count = EXCLUDED.resource_count`,
        [key.organizationId, key.accountId, key.region, key.type, key.runId, resources.length],
      );
    }
    return { found: resources.length, new: created, changed, gone: gone.length };
  });
}

/** The slice's rows are left exactly as they were; only the slice is flagged stale. */
export async function markSliceStale(db: Queryable, key: SliceKey, error: string): Promise<void> {
  await db.query(
    `INSERT INTO scan_slices (organization_id, account_id, region, resource_type, status, last_run_id, last_attempt_at, last_error)
     VALUES ($1, $2, $3, $4, 'stale', $5, now(), $6)
     ON CONFLICT (organization_id, account_id, region, resource_type) DO UPDATE SET status = 'stale', last_run_id = EXCLUDED.last_run_id,
       last_attempt_at = now(), last_error = EXCLUDED.last_error`,
    [key.organizationId, key.accountId, key.region, key.type, key.runId, error.slice(0, 500)],
  );
}

export interface UsageRow {
  resourceUuid: string;
  metric: string;
  date: string;
  avg: number | null;
  max: number | null;
  unit: string;
}

export async function upsertUsage(db: Queryable, organizationId: string, rows: UsageRow[]): Promise<number> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const b = rows.slice(i, i + BATCH);
    await db.query(
      `INSERT INTO resource_usage_metrics (organization_id, resource_id, metric_name, stat_date, avg_value, max_value, unit)
       SELECT $1::uuid, t.rid, t.metric, t.d, t.avg, t.max, t.unit
       FROM unnest($2::uuid[], $3::text[], $4::date[], $5::float8[], $6::float8[], $7::text[]) AS t(rid, metric, d, avg, max, unit)
       ON CONFLICT (resource_id, metric_name, stat_date) DO UPDATE SET avg_value = EXCLUDED.avg_value, max_value = EXCLUDED.max_value, unit = EXCLUDED.unit`,
      [organizationId, b.map((r) => r.resourceUuid), b.map((r) => r.metric), b.map((r) => r.date), b.map((r) => r.avg), b.map((r) => r.max), b.map((r) => r.unit)],
    );
  }
  return rows.length;
}
