import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { findAccount, listAccounts, secretCodec } from '../accounts/index.js';
import { ValidationError } from '../domain/errors.js';
import {
  addExportSource,
  ceRequestsOn,
  ingestCostExplorer,
  ingestExportLocation,
  ingestMetrics,
  listRuns,
  type CeSummary,
  type ExportFormat,
  type ImportSummary,
} from '../ingest/index.js';
import { todayUtc } from '../domain/time.js';
import { resolveOrg } from './org.js';
import { withCoreServices } from './shared.js';

const mb = (n: number) => (n / 1048576).toFixed(1);
const day = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new ValidationError(`${v}: expected YYYY-MM-DD`, 'from');
  return v;
};

function printExportSummary(s: ImportSummary): void {
  console.log(`\n${s.location} (${s.source} ${s.version})`);
  console.log(`  rows read      ${s.rowsRead}`);
  console.log(`  rows rejected  ${s.rowsRejected}`);
  for (const r of s.rejects.slice(0, 20)) console.log(`    line ${r.line}${r.file ? ` of ${r.file}` : ''}: ${r.reason}`);
  if (s.rowsRejected > 20) console.log(`    … ${s.rowsRejected - 20} more`);
  console.log(`  rows written   ${s.rowsWritten} daily rows`);
  console.log(`  days replaced  ${s.daysReplaced}${s.from ? ` (${s.from} to ${s.to}, end exclusive)` : ''}`);
  for (const p of s.periods) console.log(`  period         ${p.start}..${p.end} of billing account ${p.billingAccount}: ${p.rows} rows, ${p.accounts.length} account(s)`);
  console.log('  totals by account (unblended / amortized):');
  for (const t of s.totalsByAccount.slice(0, 15)) console.log(`    ${t.accountId.padEnd(16)} ${t.unblended} / ${t.amortized} ${t.currency}`);
  if (s.totalsByAccount.length > 15) console.log(`    … ${s.totalsByAccount.length - 15} more accounts`);
}

function printCeSummary(s: CeSummary, budget: number, usedToday: number): void {
  console.log(`\nCost Explorer ${s.account} (${s.plan}${s.backfill ? ', first run: 13-month backfill' : ''})`);
  console.log(`  range          ${s.from} to ${s.to} (end exclusive), ${s.daysReplaced} days replaced`);
  console.log(`  requests       ${s.requests} ($${s.requestCostUsd}), ${s.throttled} throttled, ${s.pages} pages; today ${usedToday}/${budget}`);
  console.log(`  rows           ${s.rowsRead} groups read, ${s.rowsWritten} daily rows written`);
  for (const t of s.totalsByAccount) console.log(`    ${t.accountId.padEnd(16)} ${t.unblended} ${t.currency}`);
}

/** `costwatch ingest ce|focus|cur|watch|runs`. */
export function registerIngestCommands(program: Command): void {
  const ingest = program.command('ingest').description('load costs from Cost Explorer or from FOCUS / CUR exports');

  ingest
    .command('ce')
    .description('pull Cost Explorer (13-month backfill on the first run, then the last INGEST_CE_REPULL_DAYS days)')
    .option('--org <slug>', 'organization (default: the only one)')
    .option('--account <id>', 'one registered account (12-digit id or registry id); default: all')
    .option('--from <YYYY-MM-DD>', 'first day', day)
    .option('--to <YYYY-MM-DD>', 'day after the last', day)
    .option('--json', 'print the summaries as JSON', false)
    .action((o: { org?: string; account?: string; from?: string; to?: string; json: boolean }) =>
      withCoreServices(async (s) => {
        const org = await resolveOrg(s.db, o.org, false);
        const cfg = s.config.ingest;
        const targets = o.account ? [await findAccount(s.db, org, o.account)] : (await listAccounts(s.db, org)).filter((a) => !a.isDemo);
        if (!targets.length) throw new ValidationError('no AWS accounts registered: costwatch accounts add <id> <name>', 'account');
        const summaries: CeSummary[] = [];
        for (const a of targets) {
          const bar = new SingleBar({ format: `${a.accountId} | pages {value} | requests {requests} ($ {cost})`, hideCursor: true }, Presets.shades_classic);
          bar.start(0, 0, { requests: 0, cost: '0.00' });
          try {
            const summary = await ingestCostExplorer(
              { db: s.db, codec: secretCodec, cache: s.cache, logger: s.logger, metrics: ingestMetrics(s.metrics.registry) },
              {
                organizationId: org,
                accountId: a.id,
                from: o.from,
                to: o.to,
                budget: cfg.ce.dailyRequestBudget,
                repullDays: cfg.ce.repullDays,
                maxRetries: cfg.ce.maxRetries,
                tagKey: cfg.ce.tagKey,
                endpoint: cfg.awsEndpoint,
                onPage: (p, r) => bar.update(p, { requests: r, cost: (r * 0.01).toFixed(2) }),
              },
            );
            bar.stop();
            summaries.push(summary);
            if (!o.json) printCeSummary(summary, cfg.ce.dailyRequestBudget, await ceRequestsOn(s.db, org, todayUtc()));
          } catch (err) {
            bar.stop();
            const sent = (err as { ceRequests?: number }).ceRequests ?? 0;
            console.error(`✗ ${a.accountId}: ${(err as Error).message} (${sent} requests sent, $${(sent * 0.01).toFixed(2)}); previous data left as it was`);
            process.exitCode = 1;
          }
        }
        if (o.json) console.log(JSON.stringify({ summaries, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }, null, 2));
      }),
    );

  for (const format of ['focus', 'cur'] as const) {
    ingest
      .command(`${format} <location>`)
      .description(`import a ${format === 'focus' ? 'FOCUS 1.0-1.2' : 'legacy CUR / CUR 2.0'} export: a .csv, .csv.gz or .parquet file, a directory, or s3://bucket/prefix (Data Exports layout)`)
      .option('--org <slug>', 'organization (default: the only one)')
      .option('--account <id>', 'registered account whose credentials read the bucket (default credential chain without)')
      .option('--max-reject-ratio <fraction>', 'fail when more than this share of rows is rejected (default INGEST_REJECT_THRESHOLD)', Number)
      .option('--json', 'print the summaries as JSON', false)
      .action((location: string, o: { org?: string; account?: string; maxRejectRatio?: number; json: boolean }) =>
        withCoreServices(async (s) => {
          const org = await resolveOrg(s.db, o.org);
          const threshold = o.maxRejectRatio ?? s.config.ingest.rejectThreshold;
          if (!(threshold >= 0 && threshold <= 1)) throw new ValidationError('--max-reject-ratio must be between 0 and 1', 'max-reject-ratio');
          const bar = new SingleBar(
            { format: '{file} [{bar}] {percentage}% | {done}/{size} MB | {rows} rows | {rate} rows/s', hideCursor: true },
            Presets.shades_classic,
          );
          const started = Date.now();
          let barOn = false;
          try {
            const summaries = await ingestExportLocation(
              { db: s.db, cache: s.cache, logger: s.logger, metrics: ingestMetrics(s.metrics.registry), codec: secretCodec, endpoint: s.config.ingest.awsEndpoint },
              {
                organizationId: org,
                format: format as ExportFormat,
                location,
                account: o.account,
                rejectThreshold: threshold,
                onBatch: (b, i, n) => {
                  if (barOn) bar.stop();
                  const size = b.files.reduce((a, f) => a + (f.size ?? 0), 0);
                  bar.start(Math.max(size, 1), 0, { file: `${i + 1}/${n}`, done: '0.0', size: mb(size), rows: 0, rate: 0 });
                  barOn = true;
                },
                onProgress: (p) => {
                  const secs = Math.max((Date.now() - started) / 1000, 0.001);
                  bar.update(p.bytes, { done: mb(p.bytes), rows: p.rows, rate: Math.round(p.rows / secs) });
                },
              },
            );
            if (barOn) bar.stop();
            if (o.json) console.log(JSON.stringify({ summaries, seconds: (Date.now() - started) / 1000, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }, null, 2));
            else if (!summaries.length) console.log('nothing new to import');
            else summaries.forEach(printExportSummary);
          } catch (err) {
            if (barOn) bar.stop();
            throw err;
          }
        }),
      );
  }

  ingest
    .command('watch <format> <location>')
    .description('let the worker import new manifests under s3://bucket/prefix hourly (format: focus | cur)')
    .option('--org <slug>', 'organization (default: the only one)')
    .option('--account <id>', 'registered account whose credentials read the bucket')
    .action((format: string, location: string, o: { org?: string; account?: string }) =>
      withCoreServices(async (s) => {
        if (format !== 'focus' && format !== 'cur') throw new ValidationError('format must be focus or cur', 'format');
        const org = await resolveOrg(s.db, o.org);
        const account = o.account ? await findAccount(s.db, org, o.account) : undefined;
        const src = await addExportSource(s.db, org, { format, location, awsAccountId: account?.id });
        console.log(`watching ${src.location} (${src.format}); the worker polls every ${s.config.ingest.exports.pollMinutes} min`);
      }),
    );

  ingest
    .command('runs')
    .description('recent ingest runs')
    .option('--org <slug>', 'organization (default: the only one)')
    .option('--limit <n>', 'how many', Number, 20)
    .action((o: { org?: string; limit: number }) =>
      withCoreServices(async (s) => {
        const runs = await listRuns(s.db, await resolveOrg(s.db, o.org, false), o.limit);
        console.table(runs.map((r) => ({ started: r.started_at, source: r.source, status: r.status, read: r.rows_read, rejected: r.rows_rejected, written: r.rows_written, ceRequests: r.ce_requests, location: r.location, error: r.error ?? '' })));
      }),
    );
}
