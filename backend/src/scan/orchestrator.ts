import type { Logger } from '../obs/index.js';
import type { Database } from '../store/index.js';
import { scanRegions } from './accounts.js';
import { ClientPool } from './clients.js';
import { enrich, PriceBook, type AllocationKey } from './enrich/index.js';
import { createLimiter, keyedLimiter } from './limiter.js';
import { CircuitBreaker, CircuitOpenError, retry, withTimeout } from './resilience.js';
import { INCREMENTAL_TYPES, SCANNERS, type Scanner, type TagSelector } from './scanners/index.js';
import { applySlice, createRun, finishRun, markSliceStale, upsertUsage, type SliceKey } from './store.js';
import { GLOBAL_REGION, RESOURCE_TYPES, type ResourceType, type ScanAccount, type ScanMode, type ScanProgress, type ScanSummary, type SliceFailure } from './types.js';
import { collectUtilization, utilizationTargets } from './utilization.js';

export interface ScanSettings {
  allocationKeys: AllocationKey[];
  /** Configured region allow-list (SCAN_REGIONS); empty: every enabled region. */
  regions: string[];
  perAccountConcurrency: number;
  perApiConcurrency: number;
  taskTimeoutMs: number;
  /** Task-level retries of transient failures, on top of the SDK's own per-call retries. */
  retries: number;
  retryBaseMs: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
  pricingApi: boolean;
  utilizationDays: number;
  criticalSelector?: TagSelector;
}

export interface ScanRequest {
  mode: ScanMode;
  trigger: 'schedule' | 'api' | 'cli' | 'test' | 'bench';
  accounts?: string[];
  regions?: string[];
  types?: ResourceType[];
  /** Collect CloudWatch utilization after inventory (full runs; default true there). */
  utilization?: boolean;
  onProgress?: ScanProgress;
  /** Shutdown: tasks not yet started are skipped (reported as failed, their slices left as they were). */
  signal?: AbortSignal;
  /** Called once the run row exists (the API answers with its id before the scan ends). */
  onRunCreated?: (runId: string) => void;
}

interface Task {
  account: ScanAccount;
  region: string;
  scanner: Scanner;
}

function typesFor(req: ScanRequest): ResourceType[] {
  const base = req.mode === 'full' ? [...RESOURCE_TYPES] : req.mode === 'incremental' ? INCREMENTAL_TYPES : RESOURCE_TYPES.filter((t) => SCANNERS[t].supportsSelector);
  return req.types?.length ? base.filter((t) => req.types!.includes(t)) : base;
}

class ScanAbortedError extends Error {
  override readonly name = 'ScanAbortedError';
}

const message = (err: unknown) => `${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)}`.slice(0, 500);

/**
 * One scan run: account × region × type tasks under bounded concurrency (per account, per
 * account+API), each with retries, a timeout and its account/region's circuit breaker. A
 * task's result is written in one transaction; a failed task marks its slice stale and
 * leaves its rows alone. Never throws for an AWS failure: the summary says what failed.
 */
export async function runScan(db: Database, organizationId: string, accounts: ScanAccount[], req: ScanRequest, settings: ScanSettings, log?: Logger): Promise<ScanSummary> {
  const started = Date.now();
  const selected = req.accounts?.length ? accounts.filter((a) => req.accounts!.includes(a.accountId)) : accounts;
  const run = await createRun(db, organizationId, req.mode, req.trigger, { accounts: req.accounts, regions: req.regions, types: req.types });
  req.onRunCreated?.(run.id);
  const pool = new ClientPool();
  const prices = new PriceBook({ access: selected[0]?.access, useApi: settings.pricingApi });
  const perAccount = keyedLimiter(settings.perAccountConcurrency);
  const perApi = keyedLimiter(settings.perApiConcurrency);
  // Slices touch disjoint rows, so on PostgreSQL they are written in parallel; PGlite has one connection.
  const writes = createLimiter(db.kind === 'pg' ? 4 : 1);
  const breakers = new Map<string, CircuitBreaker>();
  const breakerFor = (k: string) => breakers.get(k) ?? breakers.set(k, new CircuitBreaker(settings.breakerThreshold, settings.breakerCooldownMs)).get(k)!;
  const failures: SliceFailure[] = [];
  const totals = { found: 0, new: 0, changed: 0, gone: 0, slices: 0 };
  const types = typesFor(req);
  const complete = req.mode !== 'critical';
  const selector = req.mode === 'critical' ? settings.criticalSelector : undefined;

  // Regions per account (discovery itself is retried; a failed discovery fails that account's scan).
  const tasks: Task[] = [];
  await Promise.all(
    selected.map(async (account) => {
      try {
        if (account.accessError) throw new Error(account.accessError);
        if (req.signal?.aborted) throw new ScanAbortedError('scan stopped before it started (shutdown)');
        const regions = await retry(
          () => withTimeout(settings.taskTimeoutMs, (signal) => scanRegions(pool.for(account.accountId, account.access, 'us-east-1'), { account: account.regions, config: settings.regions, run: req.regions }, signal)),
          { retries: settings.retries, baseMs: settings.retryBaseMs, maxMs: settings.retryBaseMs * 20 },
        );
        for (const type of types) {
          const scanner = SCANNERS[type];
          if (scanner.scope === 'account') tasks.push({ account, region: GLOBAL_REGION, scanner });
          else for (const region of regions) tasks.push({ account, region, scanner });
        }
      } catch (err) {
        failures.push({ accountId: account.accountId, region: GLOBAL_REGION, type: 'regions', error: message(err) });
        log?.warn({ account: account.accountId, err: message(err) }, 'region discovery failed; account skipped this run');
      }
    }),
  );

  let done = 0;
  const regionOk = new Map<string, Set<ResourceType>>();
  const runTask = async (t: Task): Promise<void> => {
    const key: SliceKey = { organizationId, runId: run.id, accountId: t.account.accountId, region: t.region, type: t.scanner.type };
    const breaker = breakerFor(`${t.account.accountId}|${t.region}`);
    const sliceName = `${t.account.accountId}/${t.region}/${t.scanner.type}`;
    let ok = false;
    try {
      const resources = await perAccount(t.account.accountId)(() =>
        perApi(`${t.account.accountId}|${t.scanner.api}`)(async () => {
          if (req.signal?.aborted) throw new ScanAbortedError('scan stopped before this slice ran (shutdown)');
          if (!breaker.allow()) throw new CircuitOpenError(`circuit open for ${t.account.accountId}/${t.region} after repeated failures`);
          try {
            const out = await retry(
              () =>
                withTimeout(settings.taskTimeoutMs, async (signal) => {
                  const region = t.region === GLOBAL_REGION ? 'us-east-1' : t.region;
                  const clients = pool.for(t.account.accountId, t.account.access, region);
                  const found = await t.scanner.scan({ accountId: t.account.accountId, region, clients, signal, selector, clientsFor: (r) => pool.for(t.account.accountId, t.account.access, r) });
                  const inRegion = t.region === GLOBAL_REGION && req.regions?.length ? found.filter((r) => req.regions!.includes(r.region)) : found;
                  return enrich(inRegion, { prices, allocationKeys: settings.allocationKeys, ec2: clients.ec2, signal });
                }),
              { retries: settings.retries, baseMs: settings.retryBaseMs, maxMs: settings.retryBaseMs * 20 },
            );
            breaker.success();
            return out;
          } catch (err) {
            if (!(err instanceof CircuitOpenError) && !(err instanceof ScanAbortedError)) breaker.failure();
            throw err;
          }
        }),
      );
      // An S3 listing narrowed to some regions is not the whole slice: nothing may be marked gone.
      const sliceComplete = complete && !(t.region === GLOBAL_REGION && req.regions?.length);
      const res = await writes(() => applySlice(db, key, resources, sliceComplete, run.startedAt));
      totals.found += res.found;
      totals.new += res.new;
      totals.changed += res.changed;
      totals.gone += res.gone;
      ok = true;
      const k = `${t.account.accountId}|${t.region}`;
      regionOk.set(k, (regionOk.get(k) ?? new Set()).add(t.scanner.type));
    } catch (err) {
      failures.push({ accountId: key.accountId, region: t.region, type: t.scanner.type, error: message(err) });
      log?.warn({ slice: sliceName, err: message(err) }, 'scan slice failed; its inventory is kept and marked stale');
      if (!(err instanceof ScanAbortedError)) await writes(() => markSliceStale(db, key, message(err))).catch((e) => log?.error({ slice: sliceName, err: message(e) }, 'could not mark slice stale'));
    } finally {
      totals.slices++;
      req.onProgress?.({ done: ++done, total: tasks.length, slice: sliceName, ok });
    }
  };
  await Promise.all(tasks.map(runTask));

  const utilizationErrors: string[] = [];
  if (req.mode === 'full' && (req.utilization ?? true)) {
    const byAccount = new Map(selected.map((a) => [a.accountId, a]));
    await Promise.all(
      [...regionOk.keys()]
        .filter((k) => !k.endsWith(`|${GLOBAL_REGION}`))
        .map((k) => {
          const [accountId, region] = k.split('|') as [string, string];
          const account = byAccount.get(accountId)!;
          return perAccount(accountId)(async () => {
            if (req.signal?.aborted) return;
            try {
              const targets = await writes(() => utilizationTargets(db, organizationId, accountId, region));
              if (!targets.length) return;
              const cw = pool.for(accountId, account.access, region).cloudwatch;
              const { rows } = await retry(() => withTimeout(settings.taskTimeoutMs, (signal) => collectUtilization(cw, targets, { days: settings.utilizationDays, signal })), {
                retries: settings.retries,
                baseMs: settings.retryBaseMs,
                maxMs: settings.retryBaseMs * 20,
              });
              await writes(() => db.transaction((tx) => upsertUsage(tx, organizationId, rows)));
            } catch (err) {
              utilizationErrors.push(`${accountId}/${region}: ${message(err)}`);
              log?.warn({ account: accountId, region, err: message(err) }, 'utilization collection failed');
            }
          });
        }),
    );
  }
  pool.destroy();
  prices.destroy();

  const failedRegions = [...new Set(failures.map((f) => `${f.accountId}:${f.region}`))].sort();
  const summary: ScanSummary = {
    runId: run.id,
    mode: req.mode,
    status: failures.length === 0 ? 'succeeded' : failures.length >= Math.max(1, totals.slices) ? 'failed' : 'partial',
    ...totals,
    failedSlices: failures,
    failedRegions,
    utilizationErrors,
    durationMs: Date.now() - started,
  };
  await finishRun(db, summary).catch((err) => log?.error({ run: run.id, err: message(err) }, 'could not record scan summary'));
  log?.info({ run: run.id, mode: req.mode, found: totals.found, new: totals.new, changed: totals.changed, gone: totals.gone, failed: failures.length, duration_ms: summary.durationMs }, 'scan finished');
  return summary;
}
