import type { Job } from '../jobs/index.js';
import type { Database } from '../store/queryable.js';
import type { ThresholdOverrides } from './evaluate.js';
import { evaluateOrganization } from './service.js';

export interface RecommendationJobOptions {
  intervalMs: number;
  /** Re-evaluate even without inventory changes this often (utilization arrives after inventory). */
  refreshMs?: number;
  thresholds?: ThresholdOverrides;
  log?: { warn(obj: object, msg: string): void };
  now?: () => Date;
}

/**
 * Evaluates every organization whose inventory changed since its last evaluation (a scan
 * wrote last_seen_at or deleted_at), or whose last evaluation is older than refreshMs.
 * Returns one line per evaluated organization for the job log.
 */
export async function evaluateChangedOrganizations(db: Database, opts: Omit<RecommendationJobOptions, 'intervalMs'> = {}): Promise<Record<string, string>> {
  const now = opts.now?.() ?? new Date();
  const refreshMs = opts.refreshMs ?? 3_600_000;
  // The marker travels as text: a JS Date would drop PostgreSQL's microseconds and make every
  // inventory look newer than its last evaluation.
  const { rows } = await db.query<{ organization_id: string; marker: string | null }>(
    `SELECT r.organization_id, r.marker::text AS marker
       FROM (SELECT organization_id, greatest(max(last_seen_at), max(deleted_at)) AS marker
               FROM aws_resources GROUP BY organization_id) r
       LEFT JOIN recommendation_evaluations e ON e.organization_id = r.organization_id
      WHERE e.organization_id IS NULL
         OR r.marker > e.inventory_marker
         OR e.evaluated_at < $1`,
    [new Date(now.getTime() - refreshMs)],
  );
  const out: Record<string, string> = {};
  for (const r of rows) {
    let res;
    try {
      res = await evaluateOrganization(db, r.organization_id, { now, thresholds: opts.thresholds, log: opts.log });
    } catch (err) {
      // One organization's failure (bad data, a lost connection) must not starve the others.
      opts.log?.warn({ org_id: r.organization_id, err: (err as Error).message }, 'recommendation evaluation failed');
      out[r.organization_id] = `failed: ${(err as Error).message}`;
      continue;
    }
    await db.query(
      `INSERT INTO recommendation_evaluations (organization_id, inventory_marker, evaluated_at, detected, opened, resolved)
       VALUES ($1, $2::timestamptz, $3, $4, $5, $6)
       ON CONFLICT (organization_id) DO UPDATE SET inventory_marker = EXCLUDED.inventory_marker, evaluated_at = EXCLUDED.evaluated_at,
         detected = EXCLUDED.detected, opened = EXCLUDED.opened, resolved = EXCLUDED.resolved`,
      [r.organization_id, r.marker, now, res.detected, res.opened, res.resolved],
    );
    out[r.organization_id] = `${res.detected} detected, ${res.opened} new, ${res.resolved} resolved`;
  }
  return out;
}

/** Worker job: recommendations follow every scan within one interval. */
export function recommendationJob(db: Database, opts: RecommendationJobOptions): Job {
  return {
    name: 'recommendations',
    intervalMs: opts.intervalMs,
    runAtStart: true,
    run: () => evaluateChangedOrganizations(db, opts),
  };
}
