import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { accessFor, getAccount, markIngested, type SecretCodec } from '../../accounts/index.js';
import { clientConfig } from '../../aws/index.js';
import type { Cache } from '../../cache/index.js';
import { ValidationError } from '../../domain/errors.js';
import { addDays, addMonths, monthStart, todayUtc, type IsoDate } from '../../domain/time.js';
import type { Logger } from '../../obs/index.js';
import { ensurePartitions, refreshRollup, upsertCostRows, type Database, type Queryable } from '../../store/index.js';
import { emitCostsIngested } from '../events.js';
import { CE_REQUEST_USD, type IngestMetrics } from '../metrics.js';
import { finishRun, startRun } from '../runs.js';
import { fetchCostAndUsage } from './fetch.js';
import { planFor } from './plan.js';
import { toCostRows } from './rows.js';

export interface CeDeps {
  db: Database;
  codec: SecretCodec;
  cache?: Cache;
  logger?: Logger;
  metrics?: IngestMetrics;
}

export interface CeOptions {
  organizationId: string;
  /** Registry id (aws_accounts.id). */
  accountId: string;
  from?: IsoDate;
  to?: IsoDate;
  budget: number;
  repullDays: number;
  maxRetries: number;
  tagKey?: string;
  endpoint?: string;
  trigger?: string;
  now?: Date;
  minBackoffMs?: number;
  onPage?(page: number, requests: number): void;
  /** Called once the run is recorded (the API answers 202 with its id). */
  onRunCreated?(runId: string): void;
  beforeCommit?(tx: Queryable): Promise<void>;
}

export interface CeSummary {
  runId: string;
  account: string;
  plan: string;
  from: IsoDate;
  to: IsoDate;
  backfill: boolean;
  requests: number;
  throttled: number;
  pages: number;
  requestCostUsd: string;
  rowsRead: number;
  rowsWritten: number;
  daysReplaced: number;
  totalsByAccount: { accountId: string; currency: string; unblended: string }[];
}

/** CE keeps 13 months (this month and the 12 before it) at DAILY granularity. */
export function ceRange(o: { from?: IsoDate; to?: IsoDate; repullDays: number; firstRun: boolean; today: IsoDate }): { from: IsoDate; to: IsoDate } {
  const to = o.to ?? o.today;
  const from = o.from ?? (o.firstRun ? addMonths(monthStart(o.today), -12) : addDays(to, -o.repullDays));
  if (from >= to) throw new ValidationError(`empty range: from ${from} must be before to ${to}`, 'from');
  return { from, to };
}

/**
 * Pulls [from, to) for one account and replaces the Cost Explorer rows of that range in one
 * transaction: restated days overwrite what was there, nothing is added twice, and a failed
 * fetch (budget, throttling beyond retries, network) writes nothing at all.
 */
export async function ingestCostExplorer(deps: CeDeps, o: CeOptions): Promise<CeSummary> {
  const { db } = deps;
  const account = await getAccount(db, o.organizationId, o.accountId);
  const today = todayUtc(o.now);
  const { from, to } = ceRange({ ...o, firstRun: account.lastIngestAt === null, today });
  const plan = planFor(account, o.tagKey);
  const run = await startRun(db, { organizationId: o.organizationId, source: 'ce', trigger: o.trigger ?? 'cli', location: `${account.accountId} ${from}..${to}` });
  o.onRunCreated?.(run.id);
  const stats = { results: [], requests: 0, throttled: 0, pages: 0 };
  try {
    const access = await accessFor(db, deps.codec, o.organizationId, account.id, o.endpoint);
    // Standard mode with one attempt: no SDK retries and no adaptive client-side delays; fetch.ts retries and counts.
    const client = new CostExplorerClient({ ...clientConfig(access, 'us-east-1'), maxAttempts: 1, retryMode: 'standard' });
    const fetched = await fetchCostAndUsage({
      db,
      organizationId: o.organizationId,
      client,
      plan,
      from,
      to,
      budget: o.budget,
      maxRetries: o.maxRetries,
      minBackoffMs: o.minBackoffMs,
      metrics: deps.metrics,
      now: o.now ? () => o.now! : undefined,
      onPage: o.onPage,
    }, stats);
    const requests = fetched.requests;
    client.destroy();
    const rows = toCostRows(fetched.results, plan, account.accountId);
    await ensurePartitions(db, from, to);
    const written = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`costwatch:ingest:${o.organizationId}:ce`]);
      // A payer's pull covers every member account; a member's pull covers itself.
      await tx.query(
        `DELETE FROM cost_data WHERE organization_id = $1 AND source = 'ce' AND usage_date >= $2 AND usage_date < $3
           AND ($4::text IS NULL OR account_id = $4)`,
        [o.organizationId, from, to, plan.kind === 'account-service' ? null : account.accountId],
      );
      const n = await upsertCostRows(tx, o.organizationId, rows);
      await refreshRollup(tx, o.organizationId, from, to);
      await markIngested(tx, o.organizationId, account.id);
      await o.beforeCommit?.(tx);
      return n;
    });
    const totals = await db.query<{ account_id: string; currency: string; unblended: string }>(
      `SELECT account_id, currency, sum(unblended_cost)::text AS unblended FROM cost_data
        WHERE organization_id = $1 AND source = 'ce' AND usage_date >= $2 AND usage_date < $3 GROUP BY 1, 2 ORDER BY sum(unblended_cost) DESC`,
      [o.organizationId, from, to],
    );
    const summary: CeSummary = {
      runId: run.id,
      account: account.accountId,
      plan: plan.kind,
      from,
      to,
      backfill: account.lastIngestAt === null && !o.from,
      requests,
      throttled: fetched.throttled,
      pages: fetched.pages,
      requestCostUsd: (requests * CE_REQUEST_USD).toFixed(2),
      rowsRead: fetched.results.reduce((a, r) => a + (r.Groups?.length ?? 0), 0),
      rowsWritten: written,
      daysReplaced: Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000),
      totalsByAccount: totals.rows.map((r) => ({ accountId: r.account_id, currency: r.currency, unblended: r.unblended })),
    };
    await finishRun(db, run.id, { status: 'succeeded', rowsRead: summary.rowsRead, rowsWritten: written, ceRequests: requests, summary });
    deps.metrics?.runs.inc({ source: 'ce', status: 'succeeded' });
    deps.metrics?.rows.inc({ source: 'ce', kind: 'written' }, written);
    await deps.cache?.invalidateOrg(o.organizationId);
    const accounts = [...new Set(rows.map((r) => r.accountId))];
    await emitCostsIngested({ organizationId: o.organizationId, source: 'ce', runId: run.id, from, to, accounts }, (err) =>
      deps.logger?.warn({ err }, 'costs-ingested listener failed'),
    );
    return summary;
  } catch (err) {
    deps.metrics?.runs.inc({ source: 'ce', status: 'failed' });
    await finishRun(db, run.id, { status: 'failed', ceRequests: stats.requests, error: (err as Error).message }).catch(() => undefined);
    if (err instanceof Error) Object.assign(err, { ceRequests: stats.requests });
    throw err;
  }
}
