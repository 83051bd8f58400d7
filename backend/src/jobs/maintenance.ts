import { addMonths, monthStart, todayUtc } from '../domain/time.js';
import { dropExpiredPartitions, ensurePartitions, type Database } from '../store/index.js';
import type { Job } from './scheduler.js';

/** Creates cost_data partitions ahead of time and drops those past retention. */
export async function maintainPartitions(
  db: Database,
  opts: { aheadMonths: number; retentionMonths: number; now?: Date },
): Promise<{ created: string[]; dropped: string[] }> {
  const today = todayUtc(opts.now);
  const created = await ensurePartitions(db, addMonths(monthStart(today), -1), addMonths(monthStart(today), opts.aheadMonths + 1));
  const dropped = await dropExpiredPartitions(db, opts.retentionMonths, today);
  return { created, dropped };
}

export function partitionMaintenanceJob(db: Database, opts: { aheadMonths: number; retentionMonths: number; intervalMs: number }): Job {
  return {
    name: 'partition-maintenance',
    intervalMs: opts.intervalMs,
    runAtStart: true,
    run: () => maintainPartitions(db, opts),
  };
}
