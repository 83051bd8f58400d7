import type { SecretCodec } from '../accounts/index.js';
import type { Cache } from '../cache/index.js';
import type { IngestConfig } from '../config/ingest.js';
import type { Job } from '../jobs/index.js';
import type { Logger } from '../obs/index.js';
import type { Database } from '../store/index.js';
import { ingestCostExplorer } from './ce/ingest.js';
import { ingestExportLocation, type ExportFormat } from './exports.js';
import type { IngestMetrics } from './metrics.js';

export interface IngestJobDeps {
  db: Database;
  cache: Cache;
  logger: Logger;
  metrics: IngestMetrics;
  codec: SecretCodec;
  config: IngestConfig;
}

/**
 * Pulls Cost Explorer for every registered (non-demo) account whose last pull is older than
 * the configured interval. The job itself ticks hourly, so a restarted worker neither skips a
 * day nor pays for an extra pull.
 */
export async function runDueCostExplorer(d: IngestJobDeps, now = new Date()): Promise<{ pulled: number; failed: number }> {
  const due = await d.db.query<{ id: string; organization_id: string; account_id: string }>(
    `SELECT id, organization_id, account_id FROM aws_accounts
      WHERE NOT is_demo AND status = 'active'
        AND (last_ingest_at IS NULL OR last_ingest_at < $1::timestamptz - make_interval(secs => $2))
      ORDER BY last_ingest_at NULLS FIRST`,
    [now.toISOString(), d.config.ce.intervalHours * 3600 * 0.95],
  );
  let pulled = 0;
  let failed = 0;
  for (const a of due.rows) {
    try {
      const s = await ingestCostExplorer(d, {
        organizationId: a.organization_id,
        accountId: a.id,
        budget: d.config.ce.dailyRequestBudget,
        repullDays: d.config.ce.repullDays,
        maxRetries: d.config.ce.maxRetries,
        tagKey: d.config.ce.tagKey,
        endpoint: d.config.awsEndpoint,
        trigger: 'worker',
        now,
      });
      pulled++;
      d.logger.info({ org_id: a.organization_id, account: a.account_id, requests: s.requests, rows: s.rowsWritten, from: s.from, to: s.to }, 'cost explorer ingested');
    } catch (err) {
      failed++;
      d.logger.error({ org_id: a.organization_id, account: a.account_id, err: (err as Error).message }, 'cost explorer ingest failed');
    }
  }
  return { pulled, failed };
}

/** Imports manifests that appeared (or were rewritten) under the watched export locations. */
export async function runExportPoll(d: IngestJobDeps): Promise<{ imported: number; failed: number }> {
  const sources = await d.db.query<{ organization_id: string; format: ExportFormat; location: string; aws_account_id: string | null }>(
    'SELECT organization_id, format, location, aws_account_id FROM ingest_export_sources WHERE enabled ORDER BY created_at',
  );
  let imported = 0;
  let failed = 0;
  for (const s of sources.rows) {
    try {
      const res = await ingestExportLocation(
        { ...d, endpoint: d.config.awsEndpoint },
        {
          organizationId: s.organization_id,
          format: s.format,
          location: s.location,
          account: s.aws_account_id ?? undefined,
          rejectThreshold: d.config.rejectThreshold,
          trigger: 'worker',
          onlyNew: true,
        },
      );
      imported += res.length;
      for (const r of res) d.logger.info({ org_id: s.organization_id, location: r.location, rows: r.rowsRead, rejected: r.rowsRejected }, 'export ingested');
    } catch (err) {
      failed++;
      d.logger.error({ org_id: s.organization_id, location: s.location, err: (err as Error).message }, 'export ingest failed');
    }
  }
  return { imported, failed };
}

export function ingestJobs(d: IngestJobDeps): Job[] {
  const jobs: Job[] = [];
  if (d.config.ce.scheduleEnabled) {
    jobs.push({ name: 'ingest-cost-explorer', intervalMs: 3600_000, runAtStart: true, run: () => runDueCostExplorer(d) });
  }
  if (d.config.exports.scheduleEnabled) {
    jobs.push({ name: 'ingest-exports', intervalMs: d.config.exports.pollMinutes * 60_000, runAtStart: true, run: () => runExportPoll(d) });
  }
  return jobs;
}
