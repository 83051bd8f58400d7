/**
 * npm run bench:auth — what authentication and authorization cost per request. The same handler
 * (GET /api/v1/query/types) is measured over HTTP as a public route and as a protected route
 * (costs:read) with an API key and with a JWT access token, in the same run, in rounds that
 * alternate so drift on the shared machine hits every variant alike. Each round measures the
 * variants back to back, and the reported cost is the median over rounds of the per-round ratio
 * (paired, so load from other work on the machine cancels out as far as it can). A second server
 * with the verification cache off (AUTH_CACHE_SECONDS=0) shows what the cache saves. Over HTTP the
 * server's CPU time per request (from /proc) is reported beside throughput: it is what the
 * throughput ratio would be with the server as the only bottleneck, and far steadier.
 * First, in process, the routes alternate request by request (the steadiest number on a busy
 * machine); then over HTTP. Env: BENCH_REQUESTS (in-process, default 60000), BENCH_SECONDS (per
 * HTTP measurement, default 3), BENCH_ROUNDS (default 6; 0 skips HTTP), BENCH_CONNECTIONS (default 10).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBenchApp } from './auth-app.js';
import { fmt, loadMeasured, median, startChild, type LoadResult, type Measured } from './lib.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const server = fileURLToPath(new URL('./auth-server.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cw-bench-auth-'));

interface Variant {
  name: string;
  path: string;
  /** The credential sent; public routes get one too (and ignore it) so requests have the same size. */
  token: 'apiKey' | 'accessToken';
  /** For protected variants: the public variant with the same header, its reference. */
  ref?: string;
}
const VARIANTS: Variant[] = [
  { name: 'public route, API-key-sized header', path: '/api/v1/bench/open', token: 'apiKey' },
  { name: 'API key, costs:read', path: '/api/v1/query/types', token: 'apiKey', ref: 'public route, API-key-sized header' },
  { name: 'public route, JWT-sized header', path: '/api/v1/bench/open', token: 'accessToken' },
  { name: 'JWT access token, costs:read', path: '/api/v1/query/types', token: 'accessToken', ref: 'public route, JWT-sized header' },
];
const PROTECTED = VARIANTS.filter((v) => v.ref);

async function measure(cacheSeconds: string, rounds: number): Promise<Map<string, Measured[]>> {
  const credsFile = join(dir, `creds-${cacheSeconds}.json`);
  const child = await startChild(server, [], { AUTH_CACHE_SECONDS: cacheSeconds, BENCH_CREDS_FILE: credsFile }, 'stdout');
  const out = new Map<string, Measured[]>();
  try {
    const creds = JSON.parse(readFileSync(credsFile, 'utf8')) as Record<'apiKey' | 'accessToken', string>;
    const run = (v: Variant, s: number) =>
      loadMeasured(`http://127.0.0.1:${child.port}${v.path}`, { method: 'GET', seconds: s, connections, headers: { authorization: `Bearer ${creds[v.token]}` } }, child.proc.pid!);
    for (const v of VARIANTS) await run(v, 1); // warm-up: JIT, first key verification, connections
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const v of order) {
        const res = await run(v, seconds);
        if (res.errors || res.non2xx) throw new Error(`${v.name}: ${res.errors} errors, ${res.non2xx} non-2xx answers`);
        out.set(v.name, [...(out.get(v.name) ?? []), res]);
      }
    }
  } finally {
    await child.stop();
  }
  return out;
}

const mean = (xs: LoadResult[], f: (r: LoadResult) => number) => xs.reduce((a, r) => a + f(r), 0) / xs.length;
/** Per-round throughput ratio of a variant to the public route, then the median over rounds. */
const pairedRatio = (results: Map<string, Measured[]>, v: Variant) => {
  const ref = results.get(v.ref ?? v.name)!;
  return median(results.get(v.name)!.map((r, i) => r.requestsPerSec / ref[i]!.requestsPerSec));
};
/**
 * The same from the server's CPU time per request (from /proc): what the throughput ratio would
 * be with the server as the only bottleneck, and much steadier, since the load generator and
 * other work on the machine do not enter it.
 */
const cpuRatio = (results: Map<string, Measured[]>, v: Variant) => {
  const ref = results.get(v.ref ?? v.name)!;
  return median(results.get(v.name)!.map((r, i) => ref[i]!.cpuUsPerRequest / r.cpuUsPerRequest));
};

function report(title: string, results: Map<string, Measured[]>): void {
  console.log(`\n${title}`);
  console.log('| variant | req/s (mean) | p50 ms | p99 ms | throughput vs public route (median of rounds) | server CPU µs/request (median) | by server CPU: vs public | auth cost (throughput / CPU) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const v of VARIANTS) {
    const rs = results.get(v.name)!;
    const ratio = pairedRatio(results, v);
    const byCpu = cpuRatio(results, v);
    const cost = v.ref ? `${fmt((1 - ratio) * 100)} % / ${fmt((1 - byCpu) * 100)} %` : '—';
    console.log(`| ${v.name} | ${fmt(mean(rs, (r) => r.requestsPerSec), 0)} | ${fmt(mean(rs, (r) => r.p50))} | ${fmt(mean(rs, (r) => r.p99))} | ${fmt(ratio, 3)} | ${fmt(median(rs.map((r) => r.cpuUsPerRequest)))} | ${fmt(byCpu, 3)} | ${cost} |`);
  }
}

/**
 * In-process, the routes alternate request by request (A B C D A B …), so whatever else the
 * machine does hits all alike: the steadiest measure of the server-side cost of auth. The run is
 * cut into blocks; each variant's ratio is the median over blocks.
 */
async function interleaved(n: number, blocks = 10): Promise<{ rps: Record<string, number>; ratio: Record<string, number> }> {
  const { app, creds, db } = await buildBenchApp({});
  const per = Math.floor(n / blocks / VARIANTS.length);
  const times: Record<string, number[]> = Object.fromEntries(VARIANTS.map((v) => [v.name, [] as number[]]));
  const once = async (v: Variant) => {
    const t0 = performance.now();
    const res = await app.request(v.path, { headers: { authorization: `Bearer ${creds[v.token]}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${v.name}: ${res.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 3000; i++) await once(VARIANTS[i % VARIANTS.length]!); // warm-up
  for (let b = 0; b < blocks; b++) {
    const acc: Record<string, number> = Object.fromEntries(VARIANTS.map((v) => [v.name, 0]));
    for (let i = 0; i < per * VARIANTS.length; i++) {
      const v = VARIANTS[i % VARIANTS.length]!;
      acc[v.name]! += await once(v);
    }
    for (const v of VARIANTS) times[v.name]!.push(acc[v.name]!);
  }
  await db.close();
  const total = (name: string) => times[name]!.reduce((x, y) => x + y, 0);
  const rps = Object.fromEntries(VARIANTS.map((v) => [v.name, (per * blocks) / (total(v.name) / 1000)]));
  const ratio = Object.fromEntries(
    VARIANTS.map((v) => [v.name, v.ref ? median(times[v.ref]!.map((t, i) => t / times[v.name]![i]!)) : 1]),
  );
  return { rps, ratio };
}

try {
  const inproc = await interleaved(Number(process.env.BENCH_REQUESTS ?? 80000));
  const ratio = (v: Variant) => inproc.ratio[v.name]!;
  console.log('\nin process, routes interleaved request by request (app.request, no network)');
  console.log('| variant | req/s | throughput vs public route (median of 10 blocks) | auth cost |');
  console.log('|---|---:|---:|---:|');
  for (const v of VARIANTS) {
    console.log(`| ${v.name} | ${fmt(inproc.rps[v.name]!, 0)} | ${fmt(ratio(v), 3)} | ${v.ref ? `${fmt((1 - ratio(v)) * 100)} %` : '—'} |`);
  }
  const inprocCost = (1 - Math.min(...PROTECTED.map(ratio))) * 100;
  console.log(`in-process auth cost (worst protected variant): ${fmt(inprocCost)} %; target ≤ 10 %: ${inprocCost <= 10 ? 'met' : 'NOT met'}`);
  if (rounds === 0) process.exit(0); // BENCH_ROUNDS=0: the in-process measurement only
  console.log(`\nbench:auth — ${rounds} alternating rounds × ${seconds} s per variant, ${connections} connections, Node ${process.version}`);
  const cached = await measure('10', rounds);
  report('verification cache on (AUTH_CACHE_SECONDS=10, the default)', cached);
  const uncached = await measure('0', Math.max(2, Math.ceil(rounds / 3)));
  report('verification cache off (AUTH_CACHE_SECONDS=0): every request verifies against the database', uncached);
  const worst = Math.min(...PROTECTED.map((v) => pairedRatio(cached, v)));
  const cost = (1 - worst) * 100;
  const cpuCost = (1 - Math.min(...PROTECTED.map((v) => cpuRatio(cached, v)))) * 100;
  console.log(`\nHTTP auth cost (worst protected variant, cache on, median of paired rounds): ${fmt(cost)} % of throughput; target ≤ 10 %: ${cost <= 10 ? 'met' : 'NOT met'}`);
  console.log(`HTTP auth cost by the server's CPU time per request (worst protected variant, cache on): ${fmt(cpuCost)} %; target ≤ 10 %: ${cpuCost <= 10 ? 'met' : 'NOT met'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
