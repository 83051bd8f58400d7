/**
 * npm run bench:ingest — generates a FOCUS 1.0 CSV (BENCH_ROWS, default 2,000,000 hourly rows of
 * 20 columns: 10 accounts x 15 services x 4 regions x 3 usage types x 2 tag sets over 30 days,
 * several resources each), then in the same run on the same PostgreSQL:
 *   1. psql \copy of the file into a bare UNLOGGED staging table of text columns (the reference);
 *   2. `costwatch ingest focus <file>` as its own process (staging COPY, validation, hourly→daily
 *      aggregation, replacement of the billing period, rollup refresh), with its peak RSS.
 * Prints rows/s of both, their ratio and peak RSS against the targets (≥ 250,000 rows/s,
 * ≥ 0.5 × \copy, < 300 MB). Env: BENCH_DATABASE_URL (admin connection, default local postgres),
 * BENCH_ROWS, BENCH_DIR (where the CSV goes, default the OS temp dir).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freshDatabase } from './lib.js';

const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROWS = Number(process.env.BENCH_ROWS ?? 2_000_000);
const DB = 'costwatch_bench_ingest';
const backend = fileURLToPath(new URL('..', import.meta.url));

const COLUMNS = [
  'BilledCost', 'BillingAccountId', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory',
  'ChargePeriodEnd', 'ChargePeriodStart', 'ConsumedQuantity', 'ConsumedUnit', 'EffectiveCost', 'ListCost',
  'ProviderName', 'RegionId', 'ResourceId', 'ServiceName', 'SkuId', 'SubAccountId', 'Tags', 'x_UsageType',
];
const SERVICES = ['Amazon Elastic Compute Cloud', 'Amazon Simple Storage Service', 'Amazon Relational Database Service', 'AWS Lambda',
  'Amazon CloudFront', 'Amazon DynamoDB', 'Elastic Load Balancing', 'Amazon Virtual Private Cloud', 'AmazonCloudWatch',
  'Amazon Elastic Container Service', 'Amazon ElastiCache', 'Amazon Simple Queue Service', 'AWS Key Management Service',
  'Amazon Route 53', 'Amazon Kinesis'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const PREFIX: Record<string, string> = { 'us-east-1': 'USE1', 'us-west-2': 'USW2', 'eu-west-1': 'EU', 'ap-southeast-2': 'APS2' };
const TAGS = ['"{""team"": ""payments"", ""env"": ""prod""}"', '"{""team"": ""search"", ""env"": ""dev""}"'];

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

async function generate(path: string): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 1 << 22 });
  out.write(`${COLUMNS.map((c) => `"${c}"`).join(',')}\n`);
  const keysPerHour = 10 * SERVICES.length * REGIONS.length * 3 * 2;
  let written = 0;
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let h = 0; written < ROWS; h = (h + 1) % 720) {
    const day = 1 + Math.floor(h / 24);
    const hour = h % 24;
    const start = `2024-09-${pad(day)} ${pad(hour)}:00:00`;
    const end = hour === 23 ? `2024-09-${pad(day)} 23:59:59` : `2024-09-${pad(day)} ${pad(hour + 1)}:00:00`;
    const lines: string[] = [];
    for (let k = 0; k < keysPerHour && written < ROWS; k++, written++) {
      const acct = k % 10;
      const svc = Math.floor(k / 10) % SERVICES.length;
      const reg = REGIONS[Math.floor(k / 150) % 4]!;
      const ut = Math.floor(k / 600) % 3;
      const tag = Math.floor(k / 1800) % 2;
      const cost = (rand() * 2).toFixed(10);
      lines.push(
        `${cost},"100000000000","USD","2024-10-01 00:00:00","2024-09-01 00:00:00","Usage","${end}","${start}",${(rand() * 10).toFixed(6)},"Hours",${cost},${cost},"AWS","${reg}","arn:aws:ec2:${reg}:1000000000${pad(acct)}:instance/i-${(k * 7919 + h).toString(16)}","${SERVICES[svc]}","SKU${svc}${ut}","1000000000${pad(acct)}",${TAGS[tag]},"${PREFIX[reg]}-Usage${ut}"`,
      );
    }
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((e?: Error) => (e ? j(e) : r())));
}

function time<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const out = fn();
  return [out, Number(process.hrtime.bigint() - t0) / 1e9];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'cw-bench-ingest-'));
  const file = join(dir, 'focus.csv');
  try {
    process.stdout.write(`generating ${ROWS.toLocaleString()} FOCUS rows … `);
    await generate(file);
    const bytes = statSync(file).size;
    console.log(`${(bytes / 1048576).toFixed(0)} MB`);

    const url = await freshDatabase(admin, DB);

    // Schema and organization first, so the timed ingest does not include migrations.
    const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', DEMO_MODE: 'off', METRICS_ENABLED: 'false' };
    const setup = spawnSync('node', ['--import', 'tsx', 'src/cli.ts', 'migrate'], { cwd: backend, env, encoding: 'utf8' });
    if (setup.status !== 0) throw new Error(`migrate failed: ${setup.stderr}`);
    const d = new pg.Client({ connectionString: url });
    await d.connect();
    await d.query(`INSERT INTO organizations (name, slug) VALUES ('bench', 'bench')`);
    await d.query(`CREATE UNLOGGED TABLE bench_stage (${COLUMNS.map((col) => `"${col}" text`).join(', ')})`);
    await d.end();

    const [copy, copySecs] = time(() =>
      spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bench_stage FROM '${file}' WITH (FORMAT csv, HEADER true)`], { encoding: 'utf8' }),
    );
    if (copy.status !== 0) throw new Error(`psql \\copy failed: ${copy.stderr}`);
    const copyRate = ROWS / copySecs;

    const t0 = process.hrtime.bigint();
    const child = spawn('node', ['--import', 'tsx', 'src/cli.ts', 'ingest', 'focus', file, '--org', 'bench', '--json'], { cwd: backend, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    const cliSecs = Number(process.hrtime.bigint() - t0) / 1e9;
    if (code !== 0) throw new Error(`costwatch ingest focus failed (${code}): ${stderr.slice(-2000)}`);
    // Log lines may precede the report on stdout: the report is the last top-level JSON object.
    const report = JSON.parse(stdout.slice(stdout.lastIndexOf('{\n  "summaries"'))) as { summaries: { rowsRead: number; rowsWritten: number; rowsRejected: number }[]; seconds: number; peakRssMb: number };
    const s = report.summaries[0]!;
    if (s.rowsRead !== ROWS || s.rowsRejected !== 0) throw new Error(`unexpected summary ${JSON.stringify(s)}`);
    const cliRate = ROWS / cliSecs;
    const ingestRate = ROWS / report.seconds;

    const f = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`\nrows: ${f(ROWS)} (${(bytes / 1048576).toFixed(0)} MB CSV, 20 columns) → ${f(s.rowsWritten)} daily cost rows`);
    console.log(`psql \\copy into a bare unlogged table: ${copySecs.toFixed(2)} s  ${f(copyRate)} rows/s  (reference)`);
    console.log(`costwatch ingest focus (whole command):  ${cliSecs.toFixed(2)} s  ${f(cliRate)} rows/s`);
    console.log(`  of which the import itself:            ${report.seconds.toFixed(2)} s  ${f(ingestRate)} rows/s`);
    console.log(`ratio to \\copy (whole command):          ${(cliRate / copyRate).toFixed(2)}  (target ≥ 0.50)`);
    console.log(`peak RSS of costwatch ingest:            ${report.peakRssMb} MB  (target < 300 MB)`);
    console.log(`throughput target ≥ 250,000 rows/s:      ${cliRate >= 250_000 ? 'met' : 'NOT met'} (whole command), ${ingestRate >= 250_000 ? 'met' : 'NOT met'} (import)`);
  } finally {
    if (process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${file}`);
  }
}

main().catch((err: Error) => {
  console.error(`bench:ingest failed: ${err.message}`);
  process.exit(1);
});
