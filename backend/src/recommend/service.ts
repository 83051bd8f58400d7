import { addDays, toIsoDate } from '../domain/time.js';
import type { Database } from '../store/queryable.js';
import { runChecks, type ThresholdOverrides } from './evaluate.js';
import { loadInventory, loadMetrics, persistFindings, type PersistResult } from './store.js';

/** The longest metric window any check reads (ec2-overprovisioned, rds-low-cpu: 30 days) plus slack. */
const METRIC_LOOKBACK_DAYS = 35;

export interface EvaluateOptions {
  now?: Date;
  thresholds?: ThresholdOverrides;
  log?: { warn(obj: object, msg: string): void };
}

/**
 * Evaluates the catalog over one organization's current inventory and stores the result.
 * Call after every scan (the scan job does); safe to call any number of times.
 */
export async function evaluateOrganization(db: Database, organizationId: string, opts: EvaluateOptions = {}): Promise<PersistResult> {
  const now = opts.now ?? new Date();
  const resources = await loadInventory(db, organizationId);
  const metrics = await loadMetrics(db, organizationId, addDays(toIsoDate(now), -METRIC_LOOKBACK_DAYS));
  const found = runChecks(resources, metrics, {
    now,
    thresholds: opts.thresholds,
    onError: (check, r, err) => opts.log?.warn({ check: check.id, resource: r.resourceId, err: (err as Error).message }, 'recommendation check failed on a resource'),
  });
  return db.transaction((tx) => persistFindings(tx, organizationId, found, now));
}

/** Every organization that has scanned resources (the worker's periodic pass). */
export async function evaluateAllOrganizations(db: Database, opts: EvaluateOptions = {}): Promise<Map<string, PersistResult>> {
  const { rows } = await db.query<{ organization_id: string }>('SELECT DISTINCT organization_id FROM aws_resources');
  const out = new Map<string, PersistResult>();
  for (const r of rows) out.set(r.organization_id, await evaluateOrganization(db, r.organization_id, opts));
  return out;
}
