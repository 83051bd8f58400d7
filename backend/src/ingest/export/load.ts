import type { Cache } from '../../cache/index.js';
import { AppError } from '../../domain/errors.js';
import { addDays, daysBetween, type IsoDate } from '../../domain/time.js';
import type { Logger } from '../../obs/index.js';
import { ensurePartitions, pgErrorCode, refreshRollup, type Database, type Queryable } from '../../store/index.js';
import { emitCostsIngested } from '../events.js';
import type { IngestMetrics } from '../metrics.js';
import { daysTable, dropStage, finishRun, reapStaleRuns, startRun } from '../runs.js';
import type { BoundMapping, ExportMapping } from './mapping.js';
import type { ExportBatch } from './source.js';
import { distinctMetrics, listRejects, summarizePeriods, sumDays, type RejectedRow, type ValidPeriod } from './passes.js';
import { Stager, type StageProgress } from './stage.js';

export type { RejectedRow } from './passes.js';

export interface ImportDeps {
  db: Database;
  cache?: Cache;
  logger?: Logger;
  metrics?: IngestMetrics;
}

export interface ImportOptions {
  organizationId: string;
  mapping: ExportMapping;
  batch: ExportBatch;
  /** Fraction of rows that may be rejected (0.01 = 1 %) before the whole import fails. */
  rejectThreshold: number;
  trigger?: string;
  onProgress?(p: StageProgress): void;
  /** Runs inside the apply transaction just before COMMIT (tests use it to fail mid-apply). */
  beforeCommit?(tx: Queryable): Promise<void>;
  /** Local CSVs at least this large load as two parts at once (default 64 MiB; tests lower it). */
  splitMinBytes?: number;
}

export interface PeriodSummary {
  billingAccount: string;
  start: IsoDate;
  end: IsoDate;
  rows: number;
  accounts: string[];
}

export interface ImportSummary {
  runId: string;
  source: 'focus' | 'cur';
  location: string;
  version: string;
  rowsRead: number;
  rowsRejected: number;
  /** The first rejected rows (up to 50), in file order. */
  rejects: RejectedRow[];
  rowsWritten: number;
  periods: PeriodSummary[];
  from?: IsoDate;
  to?: IsoDate;
  daysReplaced: number;
  totalsByAccount: { accountId: string; currency: string; unblended: string; amortized: string }[];
}

/** Too many rejected rows: the import fails and no billing period of it is applied. */
export class RejectThresholdError extends AppError {
  constructor(rejected: number, read: number, threshold: number, rejects: RejectedRow[]) {
    const pct = ((100 * rejected) / Math.max(read, 1)).toFixed(2);
    const first = rejects.slice(0, 5).map((r) => `line ${r.line}: ${r.reason}`).join('; ');
    super(
      'validation_failed',
      `${rejected} of ${read} rows rejected (${pct} %), over the threshold of ${(threshold * 100).toFixed(2)} %; nothing was applied. First: ${first}`,
      'rows',
      { rejects },
    );
  }
}

/**
 * Imports one export batch: stage with COPY → validate in SQL → replace each billing period
 * of each billing account in one transaction → refresh the rollup → invalidate → signal.
 * Any failure before COMMIT leaves every previously imported period as it was.
 */
export async function importExport(deps: ImportDeps, opts: ImportOptions): Promise<ImportSummary> {
  const { db } = deps;
  const source = opts.mapping.source;
  await reapStaleRuns(db).catch(() => undefined);
  const run = await startRun(db, {
    organizationId: opts.organizationId,
    source,
    trigger: opts.trigger ?? 'cli',
    location: opts.batch.location,
    stage: true,
  });
  const stage = run.stage!;
  const totalBytes = opts.batch.files.every((f) => f.size !== undefined) ? opts.batch.files.reduce((a, f) => a + f.size!, 0) : undefined;
  let bound: BoundMapping | undefined;
  const stager = new Stager(db, stage, totalBytes, (h) => (bound = opts.mapping.bind(h)), opts.onProgress, opts.splitMinBytes);
  let rowsRejected = 0;
  let t0 = Date.now();
  const phase = (name: string) => {
    deps.logger?.debug({ run_id: run.id, phase: name, ms: Date.now() - t0 }, 'import phase done');
    t0 = Date.now();
  };
  try {
    for (const [i, f] of opts.batch.files.entries()) await stager.stageFile(f, i);
    phase('stage');
    const m = bound!;
    // Fast first: presence checks only, the casts prove the formats. A failing cast means some
    // row is malformed: then the exact (regular expression) checks find and name those rows.
    let summary: ImportSummary | undefined;
    let valid: ValidPeriod[] = [];
    for (const mode of ['fast', 'exact'] as const) {
      try {
        [summary, valid, rowsRejected] = await validateAndApply(deps, opts, { run: run.id, stage, stager, m, mode, rowsRead: stager.rows, phase });
        break;
      } catch (err) {
        if (mode === 'fast' && pgErrorCode(err)?.startsWith('22')) continue;
        throw err;
      }
    }
    summary = summary!;
    await finishRun(db, run.id, {
      status: 'succeeded',
      rowsRead: stager.rows,
      rowsRejected,
      rowsWritten: summary.rowsWritten,
      summary: { ...summary, rejects: summary.rejects.slice(0, 10) },
    });
    deps.metrics?.rows.inc({ source, kind: 'read' }, stager.rows);
    deps.metrics?.rows.inc({ source, kind: 'rejected' }, rowsRejected);
    deps.metrics?.rows.inc({ source, kind: 'written' }, summary.rowsWritten);
    deps.metrics?.runs.inc({ source, status: 'succeeded' });
    if (summary.from && summary.to) {
      await deps.cache?.invalidateOrg(opts.organizationId);
      const accounts = [...new Set(valid.flatMap((p) => p.accounts))];
      await emitCostsIngested({ organizationId: opts.organizationId, source, runId: run.id, from: summary.from, to: summary.to, accounts }, (err) =>
        deps.logger?.warn({ err }, 'costs-ingested listener failed'),
      );
    }
    return summary;
  } catch (err) {
    deps.metrics?.runs.inc({ source, status: 'failed' });
    await finishRun(db, run.id, { status: 'failed', rowsRead: stager.rows, rowsRejected, error: (err as Error).message }).catch(() => undefined);
    throw err;
  } finally {
    await dropStage(db, stage).catch(() => undefined);
  }
}


interface ApplyContext {
  run: string;
  stage: string;
  m: BoundMapping;
  mode: 'fast' | 'exact';
  rowsRead: number;
  stager: Stager;
  phase(name: string): void;
}

async function validateAndApply(deps: ImportDeps, opts: ImportOptions, c: ApplyContext): Promise<[ImportSummary, ValidPeriod[], number]> {
  const { db } = deps;
  const { run, stage, m, mode, rowsRead, phase } = c;
  await sumDays(db, stage, m, mode);
  const periods = await summarizePeriods(db, stage);
  phase('validate');
  const rowsRejected = periods.reduce((a, p) => a + p.rejected, 0);
  const rejects = rowsRejected ? await listRejects(db, c.stager, m, opts.batch.files, mode) : [];
  if (rowsRejected > opts.rejectThreshold * rowsRead) {
    throw new RejectThresholdError(rowsRejected, rowsRead, opts.rejectThreshold, rejects);
  }
  const valid = periods.filter((p) => p.billingAccount !== null) as ValidPeriod[];
  const summary: ImportSummary = {
    runId: run,
    source: opts.mapping.source,
    location: opts.batch.location,
    version: m.version,
    rowsRead,
    rowsRejected,
    rejects,
    rowsWritten: 0,
    periods: valid.map((p) => ({ billingAccount: p.billingAccount, start: p.start, end: p.end, rows: p.rows - p.rejected, accounts: p.accounts })),
    daysReplaced: 0,
    totalsByAccount: [],
  };
  if (valid.length > 0) {
    const from = valid.map((p) => minDate(p.start, p.minDay)).sort()[0]!;
    const to = valid.map((p) => maxDate(p.end, addDays(p.maxDay, 1))).sort().at(-1)!;
    summary.from = from;
    summary.to = to;
    summary.daysReplaced = daysBetween(from, to);
    await ensurePartitions(db, from, to);
    summary.rowsWritten = await db.transaction(async (tx) => {
      const written = await applyPeriods(tx, opts.organizationId, opts.mapping.source, stage, m, valid, run);
      phase('apply');
      await refreshRollup(tx, opts.organizationId, from, to);
      phase('rollup');
      await opts.beforeCommit?.(tx);
      return written;
    });
    summary.totalsByAccount = await totalsByAccount(db, opts.organizationId, opts.mapping.source, valid, from, to);
  }
  return [summary, valid, rowsRejected];
}

async function applyPeriods(
  tx: Queryable,
  organizationId: string,
  source: string,
  stage: string,
  m: BoundMapping,
  periods: ValidPeriod[],
  runId: string,
): Promise<number> {
  await tx.query('SET LOCAL jit = off');
  // One import per organization and source at a time: two imports of one period must not interleave.
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`costwatch:ingest:${organizationId}:${source}`]);
  for (const p of periods) {
    const prev = await tx.query<{ accounts: string[] }>(
      `SELECT accounts FROM ingest_periods WHERE organization_id = $1 AND source = $2 AND billing_account_id = $3 AND period_start = $4`,
      [organizationId, source, p.billingAccount, p.start],
    );
    const accounts = [...new Set([...p.accounts, ...(prev.rows[0]?.accounts ?? [])])];
    await tx.query(
      `DELETE FROM cost_data WHERE organization_id = $1 AND source = $2 AND usage_date >= $3 AND usage_date < $4
         AND account_id = ANY($5::text[])`,
      [organizationId, source, minDate(p.start, p.minDay), maxDate(p.end, addDays(p.maxDay, 1)), accounts],
    );
    await tx.query(
      `INSERT INTO ingest_periods (organization_id, source, billing_account_id, period_start, period_end, accounts, row_count, run_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (organization_id, source, billing_account_id, period_start) DO UPDATE SET period_end = EXCLUDED.period_end,
         accounts = EXCLUDED.accounts, row_count = EXCLUDED.row_count, run_id = EXCLUDED.run_id, updated_at = now()`,
      [organizationId, source, p.billingAccount, p.start, p.end, p.accounts, p.rows - p.rejected, runId],
    );
  }
  // A day's rows from several periods or files add up; expensive per-key work (tags JSON) runs
  // once per summed group.
  const distinct = distinctMetrics(m);
  const v = (e: string) => `sum(v${distinct.indexOf(e)})`;
  const tagsOuter = m.tagsKey ? m.tagsKey.from('tags_key') : 'tags_key';
  const res = await tx.query(
    `INSERT INTO cost_data (organization_id, usage_date, account_id, service, region, usage_type, unblended_cost,
       amortized_cost, net_unblended_cost, net_amortized_cost, usage_quantity, usage_unit, currency, tags, source)
     SELECT $1::uuid, d, acct, svc, region, ut, ${v(m.unblended)}, ${v(m.amortized)}, ${v(m.netUnblended)}, ${v(m.netAmortized)},
            ${v(m.quantity)}, max(unit), cur, ${tagsOuter}, $2::text
       FROM ${daysTable(stage)} WHERE NOT bad
      GROUP BY d, acct, svc, region, ut, cur, ${tagsOuter}
     ON CONFLICT (organization_id, usage_date, account_id, service, region, usage_type, source, currency, tags)
     DO UPDATE SET unblended_cost = EXCLUDED.unblended_cost, amortized_cost = EXCLUDED.amortized_cost,
       net_unblended_cost = EXCLUDED.net_unblended_cost, net_amortized_cost = EXCLUDED.net_amortized_cost,
       usage_quantity = EXCLUDED.usage_quantity, usage_unit = EXCLUDED.usage_unit, ingested_at = now()`,
    [organizationId, source],
  );
  return res.rowCount;
}

async function totalsByAccount(db: Queryable, organizationId: string, source: string, periods: ValidPeriod[], from: IsoDate, to: IsoDate) {
  const accounts = [...new Set(periods.flatMap((p) => p.accounts))];
  const { rows } = await db.query<{ account_id: string; currency: string; unblended: string; amortized: string }>(
    `SELECT account_id, currency, sum(unblended_cost)::text AS unblended, sum(amortized_cost)::text AS amortized FROM cost_data
      WHERE organization_id = $1 AND source = $2 AND usage_date >= $3 AND usage_date < $4 AND account_id = ANY($5::text[])
      GROUP BY account_id, currency ORDER BY sum(unblended_cost) DESC`,
    [organizationId, source, from, to, accounts],
  );
  return rows.map((r) => ({ accountId: r.account_id, currency: r.currency, unblended: r.unblended, amortized: r.amortized }));
}

const minDate = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
const maxDate = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
