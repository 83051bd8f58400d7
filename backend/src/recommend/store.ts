import type { Queryable } from '../store/queryable.js';
import type { Detected } from './evaluate.js';
import type { DailyMetric, ResourceRecord } from './model.js';

/** SQL for the evaluator: read the scanned inventory, write recommendations idempotently. */

interface ResourceRow {
  id: string;
  account_id: string;
  region: string;
  resource_type: string;
  resource_id: string;
  name: string | null;
  state: string | null;
  attributes: Record<string, unknown> | string;
  tags: Record<string, string> | string;
  monthly_cost: string | null;
  first_seen_at: Date | string;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export async function loadInventory(db: Queryable, organizationId: string): Promise<ResourceRecord[]> {
  const { rows } = await db.query<ResourceRow>(
    `SELECT id, account_id, region, resource_type, resource_id, name, state, attributes, tags,
            monthly_cost::text AS monthly_cost, first_seen_at
       FROM aws_resources
      WHERE organization_id = $1 AND deleted_at IS NULL`,
    [organizationId],
  );
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    region: r.region,
    type: r.resource_type,
    resourceId: r.resource_id,
    name: r.name,
    state: r.state,
    attributes: json(r.attributes) ?? {},
    tags: json(r.tags) ?? {},
    monthlyCost: r.monthly_cost,
    firstSeenAt: new Date(r.first_seen_at),
  }));
}

/** Daily utilization since `fromDate`, keyed by aws_resources.id then metric name, oldest first. */
export async function loadMetrics(db: Queryable, organizationId: string, fromDate: string): Promise<Map<string, Map<string, DailyMetric[]>>> {
  const { rows } = await db.query<{ resource_id: string; metric_name: string; d: string; avg_value: number | null; max_value: number | null }>(
    `SELECT resource_id, metric_name, stat_date::text AS d, avg_value, max_value
       FROM resource_usage_metrics
      WHERE organization_id = $1 AND stat_date >= $2::date
      ORDER BY resource_id, metric_name, stat_date`,
    [organizationId, fromDate],
  );
  const out = new Map<string, Map<string, DailyMetric[]>>();
  for (const r of rows) {
    let byName = out.get(r.resource_id);
    if (!byName) out.set(r.resource_id, (byName = new Map()));
    let list = byName.get(r.metric_name);
    if (!list) byName.set(r.metric_name, (list = []));
    list.push({ date: r.d, avg: r.avg_value === null ? null : Number(r.avg_value), max: r.max_value === null ? null : Number(r.max_value) });
  }
  return out;
}

export interface PersistResult {
  detected: number;
  opened: number;
  resolved: number;
}

/**
 * Upserts every finding of this evaluation and resolves what was not found again, in one
 * transaction. The unique key (organization, check, resource_key) makes re-runs idempotent;
 * a dismissal survives re-detection; a resolved recommendation that comes back is reopened.
 */
export async function persistFindings(tx: Queryable, organizationId: string, found: readonly Detected[], now: Date): Promise<PersistResult> {
  const cols = {
    resourceId: found.map((f) => f.resource.id),
    key: found.map((f) => f.resourceKey),
    check: found.map((f) => f.check.id),
    title: found.map((f) => f.check.title),
    action: found.map((f) => f.finding.action),
    account: found.map((f) => f.resource.accountId),
    region: found.map((f) => f.resource.region),
    service: found.map((f) => f.check.service),
    savings: found.map((f) => f.finding.savings.toFixed(6)),
    basis: found.map((f) => JSON.stringify(f.finding.pricingBasis)),
    evidence: found.map((f) => JSON.stringify(f.finding.evidence)),
    confidence: found.map((f) => f.finding.confidence),
  };
  const upsert = await tx.query<{ opened: boolean }>(
    `INSERT INTO optimization_recommendations AS o
       (organization_id, resource_id, resource_key, check_id, title, description, account_id, region, service,
        estimated_monthly_savings, pricing_basis, evidence, confidence, first_detected_at, last_detected_at)
     SELECT $1, u.resource_id, u.key, u.check_id, u.title, u.action, u.account, u.region, u.service,
            u.savings, u.basis::jsonb, u.evidence::jsonb, u.confidence, $14, $14
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::numeric[], $11::text[], $12::text[], $13::text[])
            AS u(resource_id, key, check_id, title, action, account, region, service, savings, basis, evidence, confidence)
     ON CONFLICT (organization_id, check_id, resource_key) DO UPDATE SET
       resource_id = EXCLUDED.resource_id,
       title = EXCLUDED.title,
       description = EXCLUDED.description,
       account_id = EXCLUDED.account_id,
       region = EXCLUDED.region,
       service = EXCLUDED.service,
       estimated_monthly_savings = EXCLUDED.estimated_monthly_savings,
       pricing_basis = EXCLUDED.pricing_basis,
       evidence = EXCLUDED.evidence,
       confidence = EXCLUDED.confidence,
       last_detected_at = EXCLUDED.last_detected_at,
       status = CASE WHEN o.status = 'resolved' THEN 'open' ELSE o.status END,
       resolved_at = NULL
     RETURNING (xmax = 0) AS opened`,
    [organizationId, cols.resourceId, cols.key, cols.check, cols.title, cols.action, cols.account, cols.region, cols.service,
     cols.savings, cols.basis, cols.evidence, cols.confidence, now],
  );
  const resolved = await tx.query(
    `UPDATE optimization_recommendations o
        SET status = 'resolved', resolved_at = $2
      WHERE o.organization_id = $1 AND o.status <> 'resolved'
        AND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[]) AS f(check_id, key)
                         WHERE f.check_id = o.check_id AND f.key = o.resource_key)`,
    [organizationId, now, cols.check, cols.key],
  );
  return { detected: found.length, opened: upsert.rows.filter((r) => r.opened).length, resolved: resolved.rowCount };
}
