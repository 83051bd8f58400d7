import { todayUtc } from '../domain/time.js';
import type { Job } from '../jobs/scheduler.js';
import type { Logger } from '../obs/index.js';
import type { Database } from '../store/queryable.js';
import { recomputeAnomalies, type RecomputeResult } from './detect.js';

/**
 * Recomputes every organization's anomalies. One organization's failure is logged and the
 * others still run; the scheduler never overlaps two runs.
 */
export async function recomputeAllAnomalies(
  db: Database,
  opts: { historyDays: number; now?: Date; log?: Logger; signal?: AbortSignal },
): Promise<{ organizations: number; failed: number; anomalies: number }> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM organizations ORDER BY created_at');
  let failed = 0;
  let anomalies = 0;
  for (const { id } of rows) {
    if (opts.signal?.aborted) break;
    try {
      const r: RecomputeResult = await recomputeAnomalies(db, id, { today: todayUtc(opts.now), lookbackDays: opts.historyDays, log: opts.log });
      anomalies += r.episodes;
    } catch (err) {
      failed++;
      opts.log?.error({ org_id: id, err }, 'anomaly recompute failed');
    }
  }
  return { organizations: rows.length, failed, anomalies };
}

export function anomalyDetectionJob(db: Database, opts: { intervalMs: number; historyDays: number; log?: Logger }): Job {
  return {
    name: 'anomaly-detection',
    intervalMs: opts.intervalMs,
    runAtStart: true,
    run: (signal) => recomputeAllAnomalies(db, { historyDays: opts.historyDays, log: opts.log, signal }),
  };
}
