import type { ScanConfig } from '../config/scan.js';
import type { Job } from '../jobs/index.js';
import type { Logger } from '../obs/index.js';
import type { Database } from '../store/index.js';
import { organizationsWithAccounts, type AccountAccessOptions } from './accounts.js';
import { scanInProgress, scanOrganization } from './service.js';
import type { ScanMode } from './types.js';

/**
 * Worker schedules (seed design): full every 6 h, incremental every 15 min, critical every
 * 5 min. Each visits every organization with real accounts; an organization whose previous
 * scan still runs is skipped this time rather than queued.
 */
export function scanJobs(db: Database, config: ScanConfig, log: Logger, access?: AccountAccessOptions): Job[] {
  if (!config.scheduleEnabled) return [];
  const job = (mode: ScanMode, seconds: number, runAtStart: boolean): Job => ({
    name: `scan-${mode}`,
    intervalMs: seconds * 1000,
    runAtStart,
    async run(signal) {
      const results: Record<string, string> = {};
      for (const org of await organizationsWithAccounts(db)) {
        if (signal.aborted) break;
        if (scanInProgress(org)) {
          results[org] = 'skipped: scan in progress';
          continue;
        }
        const s = await scanOrganization({ db, config, log, access }, org, { mode, trigger: 'schedule', signal });
        results[org] = `${s.status}: ${s.found} found, ${s.new} new, ${s.changed} changed, ${s.gone} gone, ${s.failedSlices.length} failed slices`;
      }
      return results;
    },
  });
  return [
    job('full', config.intervals.fullSeconds, true),
    job('incremental', config.intervals.incrementalSeconds, false),
    job('critical', config.intervals.criticalSeconds, false),
  ];
}
