/**
 * npm run bench:query — 5M cost rows in PostgreSQL; throughput and latency of a 13-month daily
 * group-by-service query, cached and uncached, next to a bare Hono endpoint measured in the
 * same run on the same machine. Env: BENCH_DATABASE_URL (admin connection, default local
 * postgres), BENCH_REDIS_URL (default redis://127.0.0.1:6379; "none" for the in-process LRU),
 * BENCH_SECONDS (per measurement, default 5), BENCH_ROUNDS (default 3), BENCH_ROWS (default
 * 5,000,000), BENCH_RELOAD=1 to rebuild. Load comes from wrk when installed (apt-get install wrk),
 * else autocannon (BENCH_CLIENT=autocannon forces it), which on two shared cores is itself the
 * bottleneck for a large answer.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApiKey } from '../src/auth/index.js';
import { Cache, createRedisStore } from '../src/cache/index.js';
import { addMonths, monthStart, todayUtc } from '../src/domain/time.js';
import { createPgDatabase } from '../src/store/pg.js';
import { ensurePartitions, migrate, refreshRollup } from '../src/store/index.js';
import { fmt, load, loadClient, loadMeasured, median, percentile, startChild, type Child, type Measured } from './lib.js';

const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redis = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const targetRows = Number(process.env.BENCH_ROWS ?? 5_000_000);
const DB = 'costwatch_bench_query';

const ACCOUNTS = ['100000000001', '100000000002', '100000000003'];
const SERVICES = 15;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];

async function prepare(): Promise<{ url: string; orgId: string; from: string; to: string }> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB])).rowCount;
  if (exists && process.env.BENCH_RELOAD === '1') await c.query(`DROP DATABASE ${DB} WITH (FORCE)`);
  if (!exists || process.env.BENCH_RELOAD === '1') await c.query(`CREATE DATABASE ${DB}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${DB}`;
  const url = u.toString();
  const db = createPgDatabase(url, 4);
  await migrate(db);
  const to = todayUtc();
  const from = addMonths(monthStart(to), -12);
  let org = (await db.query<{ id: string }>("SELECT id FROM organizations WHERE slug = 'bench'")).rows[0]?.id;
  const have = org ? Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM cost_data WHERE organization_id = $1', [org])).rows[0]!.n) : 0;
  if (!org || have < targetRows * 0.98) {
    if (org) await db.query('DELETE FROM organizations WHERE id = $1', [org]);
    org = (await db.query<{ id: string }>("INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id")).rows[0]!.id;
    await ensurePartitions(db, from, to);
    const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
    const usageTypes = Math.max(1, Math.round(targetRows / (days * ACCOUNTS.length * SERVICES * REGIONS.length)));
    console.log(`loading ~${fmt(days * ACCOUNTS.length * SERVICES * REGIONS.length * usageTypes, 0)} rows (${days} days x ${ACCOUNTS.length} accounts x ${SERVICES} services x ${REGIONS.length} regions x ${usageTypes} usage types)…`);
    const t0 = performance.now();
    for (let m = from; m < to; m = addMonths(m, 1)) {
      const end = addMonths(m, 1) < to ? addMonths(m, 1) : to;
      await db.query(
        `INSERT INTO cost_data (organization_id, usage_date, account_id, service, region, usage_type,
           unblended_cost, amortized_cost, net_unblended_cost, net_amortized_cost, usage_quantity, usage_unit, currency, tags, source)
         SELECT $1, d::date, a, 'Service ' || lpad(s::text, 2, '0'), r, 'UsageType-' || u,
           round((random() * 10)::numeric, 6), round((random() * 10)::numeric, 6), round((random() * 9)::numeric, 6),
           round((random() * 9)::numeric, 6), round((random() * 100)::numeric, 6), 'Hrs', 'USD',
           jsonb_build_object('team', 'team-' || (s % 5)), 'bench'
           FROM generate_series($2::date, $3::date - 1, '1 day') d, unnest($4::text[]) a,
                generate_series(1, ${SERVICES}) s, unnest($5::text[]) r, generate_series(1, ${usageTypes}) u`,
        [org, m, end, ACCOUNTS, REGIONS],
      );
      process.stdout.write('.');
    }
    await db.transaction((tx) => refreshRollup(tx, org!, from, to));
    await db.exec('ANALYZE cost_data; ANALYZE cost_daily_rollup;');
    console.log(`\nloaded in ${fmt((performance.now() - t0) / 1000)} s`);
  }
  // A database loaded before a rollup table existed gets its rollups rebuilt once.
  const grains = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM cost_daily_grain WHERE organization_id = $1', [org])).rows[0]!.n);
  if (grains === 0) {
    await db.transaction((tx) => refreshRollup(tx, org!, from, to));
    await db.exec('ANALYZE cost_daily_rollup; ANALYZE cost_daily_grain;');
  }
  // As after an ingest: answers cached by an earlier run of this benchmark are stale now.
  if (redis !== 'none') {
    const cache = new Cache(createRedisStore(redis), { query: 300, compute: 3600, reference: 86400 });
    await cache.store.ready(3000);
    await cache.invalidateOrg(org);
    await cache.close();
  }
  const rows = (await db.query<{ n: string }>('SELECT count(*) AS n FROM cost_data WHERE organization_id = $1', [org])).rows[0]!.n;
  console.log(`cost_data rows for the bench organization: ${fmt(Number(rows), 0)}`);
  await db.close();
  return { url, orgId: org, from, to };
}

async function main() {
  const { url, orgId, from, to } = await prepare();
  const db = createPgDatabase(url, 1);
  const { key } = await createApiKey(db, orgId, 'viewer', 'bench');
  await db.close();
  const body = JSON.stringify({ range: { from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z` }, queries: [{ refId: 'A', type: 'cost', groupBy: ['service'] }] });
  const auth = { authorization: `Bearer ${key}` };
  const port = 18000 + Math.floor(Math.random() * 2000);
  // Rate limits are lifted: the benchmark measures serving, not the limiter refusing a flood.
  const common = {
    DATABASE_URL: url, DEMO_MODE: 'off', LOG_LEVEL: 'warn', HOST: '127.0.0.1', METRICS_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_IP_PER_MINUTE: '100000000',
  };
  const children: Child[] = [];
  const answerFile = join(tmpdir(), `costwatch-bench-answer-${process.pid}.json`);
  try {
    const start = async (...args: Parameters<typeof startChild>) => {
      const child = await startChild(...args);
      children.push(child);
      return child;
    };
    const cw = await start('src/cli.ts', ['serve', '--role', 'api'], { ...common, PORT: String(port), ...(redis !== 'none' ? { REDIS_URL: redis } : {}) }, port);
    const warm = await fetch(`http://127.0.0.1:${port}/api/v1/query`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
    const answer = await warm.text();
    const frames = (JSON.parse(answer) as { results: { A: { frames: { fields: { values: unknown[] }[] }[] } } }).results.A.frames;
    console.log(`answer: ${frames.length} frames x ${frames[0]?.fields[0]?.values.length} days, ${fmt(answer.length / 1024)} kB of JSON`);
    // Same bytes from a bare endpoint: separates CostWatch's own cost from moving a large answer.
    writeFileSync(answerFile, answer);
    const bare = await start('bench/bare-server.ts', [], {}, 'stdout');
    const same = await start('bench/bare-server.ts', [], { BARE_BODY_FILE: answerFile }, 'stdout');

    // Grafana's data proxy and browsers send Accept-Encoding: gzip; identity is measured too.
    const gzip = { 'accept-encoding': 'gzip' };
    const variants: { name: string; child: Child; headers: Record<string, string> }[] = [
      { name: 'bare Hono POST, 400-point frame (reference)', child: bare, headers: {} },
      { name: `CostWatch cached (${redis !== 'none' ? 'Redis' : 'in-process LRU'}), gzip`, child: cw, headers: { ...auth, ...gzip } },
      { name: 'bare Hono POST, the same answer bytes, gzip (reference)', child: same, headers: gzip },
      { name: 'CostWatch cached, identity encoding', child: cw, headers: auth },
      { name: 'bare Hono POST, the same answer bytes, identity (reference)', child: same, headers: {} },
    ];
    const results = new Map<string, Measured[]>(variants.map((v) => [v.name, []]));
    const run = (v: (typeof variants)[number], s: number) =>
      loadMeasured(`http://127.0.0.1:${v.child.port}/api/v1/query`, { body, headers: v.headers, seconds: s, connections: 50 }, v.child.proc.pid!);
    for (const v of variants) await run(v, 2); // warm-up: JIT, connections, encoded answers
    // Rounds alternate so that drift on the shared machine hits every variant alike; ratios are
    // taken within a round, then the median over rounds.
    for (let r = 0; r < rounds; r++) {
      for (const v of r % 2 === 0 ? variants : [...variants].reverse()) results.get(v.name)!.push(await run(v, seconds));
    }

    const un = await start('src/cli.ts', ['serve', '--role', 'api'], { ...common, PORT: String(port + 1), CACHE_TTL_QUERY_SECONDS: '0' }, port + 1);
    const lat: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      const r = await fetch(`http://127.0.0.1:${port + 1}/api/v1/query`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
      await r.arrayBuffer();
      if (i >= 20) lat.push(performance.now() - t0);
    }
    lat.sort((a, b) => a - b);
    const uncachedRate = await load(`http://127.0.0.1:${port + 1}/api/v1/query`, { body, headers: auth, seconds, connections: 4 });

    const ratio = (a: string, b: string) => median(results.get(a)!.map((r, i) => r.requestsPerSec / results.get(b)![i]!.requestsPerSec));
    const row = (name: string, rs: Measured[]) => {
      const errors = rs.reduce((n, r) => n + r.errors + r.non2xx, 0);
      return `| ${name} | ${fmt(median(rs.map((r) => r.requestsPerSec)), 0)} | ${fmt(median(rs.map((r) => r.p50)))} | ${fmt(median(rs.map((r) => r.p99)))} | ${fmt(median(rs.map((r) => r.cpuUsPerRequest)), 0)} | ${errors} |`;
    };
    console.log(`\nload generator: ${loadClient}, 50 connections, ${rounds} rounds of ${seconds} s (medians over rounds)`);
    console.log('| measurement | requests/s | p50 ms | p99 ms | server CPU µs/request | errors |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const v of variants) console.log(row(v.name, results.get(v.name)!));
    console.log(row('CostWatch uncached, 4 connections', [{ ...uncachedRate, cpuUsPerRequest: NaN }]));
    const [bareName, cachedName, sameGzName, cachedIdName, sameIdName] = variants.map((v) => v.name) as [string, string, string, string, string];
    const cachedRate = median(results.get(cachedName)!.map((r) => r.requestsPerSec));
    const p95 = percentile(lat, 95);
    console.log(`\nuncached, sequential (280 requests): p50 ${fmt(percentile(lat, 50))} ms, p95 ${fmt(p95)} ms, p99 ${fmt(percentile(lat, 99))} ms`);
    console.log(`cached / same-bytes bare (median of per-round ratios): gzip ${fmt(ratio(cachedName, sameGzName), 2)}, identity ${fmt(ratio(cachedIdName, sameIdName), 2)}`);
    console.log(`cached / bare ratio: ${fmt(ratio(cachedName, bareName), 2)} (target ≥ 0.50); cached ${fmt(cachedRate, 0)} req/s (target ≥ 15,000); uncached p95 ${fmt(p95)} ms (target ≤ 50)`);
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    rmSync(answerFile, { force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
