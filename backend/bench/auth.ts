/**
 * npm run bench:auth — what authentication and authorization cost per request. The same handler
 * (GET /api/v1/query/types) is measured over HTTP as a public route and as a protected route
 * (costs:read) with an API key and with a JWT access token, in the same run, in rounds that
 * alternate so drift on the shared machine hits every variant alike. Each round measures the
 * variants back to back, and the reported cost is the median over rounds of the per-round ratio
 * (paired, so load from other work on the machine cancels out as far as it can). A second server
 * with the verification cache off (AUTH_CACHE_SECONDS=0) shows what the cache saves.
 * First, in process, the routes alternate request by request (the steadiest number on a busy
 * machine); then over HTTP. Env: BENCH_REQUESTS (in-process, default 60000), BENCH_SECONDS (per
 * HTTP measurement, default 3), BENCH_ROUNDS (default 6), BENCH_CONNECTIONS (default 10).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBenchApp } from './auth-app.js';
import { fmt, load, startChild, type LoadResult } from './lib.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const server = fileURLToPath(new URL('./auth-server.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cw-bench-auth-'));

interface Variant {
  name: string;
  path: string;
  token?: 'apiKey' | 'accessToken';
}
const VARIANTS: Variant[] = [
  { name: 'public route (reference)', path: '/api/v1/bench/open' },
  { name: 'API key, costs:read', path: '/api/v1/query/types', token: 'apiKey' },
  { name: 'JWT access token, costs:read', path: '/api/v1/query/types', token: 'accessToken' },
];

async function measure(cacheSeconds: string, rounds: number): Promise<Map<string, LoadResult[]>> {
  const credsFile = join(dir, `creds-${cacheSeconds}.json`);
  const child = await startChild(server, [], { AUTH_CACHE_SECONDS: cacheSeconds, BENCH_CREDS_FILE: credsFile }, 'stdout');
  const out = new Map<string, LoadResult[]>();
  try {
    const creds = JSON.parse(readFileSync(credsFile, 'utf8')) as Record<'apiKey' | 'accessToken', string>;
    const run = (v: Variant, s: number) =>
      load(`http://127.0.0.1:${child.port}${v.path}`, {
        method: 'GET',
        seconds: s,
        connections,
        // The public route gets the same header (and ignores it): requests differ only in the route.
        headers: { authorization: `Bearer ${creds[v.token ?? 'apiKey']}` },
      });
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
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** Per-round throughput ratio of a variant to the public route, then the median over rounds. */
const pairedRatio = (results: Map<string, LoadResult[]>, name: string) => {
  const ref = results.get(VARIANTS[0]!.name)!;
  return median(results.get(name)!.map((r, i) => r.requestsPerSec / ref[i]!.requestsPerSec));
};

function report(title: string, results: Map<string, LoadResult[]>): void {
  console.log(`\n${title}`);
  console.log('| variant | req/s (mean) | p50 ms | p99 ms | throughput vs public route (median of rounds) | auth cost |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const v of VARIANTS) {
    const rs = results.get(v.name)!;
    const ratio = pairedRatio(results, v.name);
    const cost = v.token ? `${fmt((1 - ratio) * 100)} %` : '—';
    console.log(`| ${v.name} | ${fmt(mean(rs, (r) => r.requestsPerSec), 0)} | ${fmt(mean(rs, (r) => r.p50))} | ${fmt(mean(rs, (r) => r.p99))} | ${fmt(ratio, 3)} | ${cost} |`);
  }
}

/**
 * In-process, the two routes alternate request by request (A B A B …), so whatever else the
 * machine does hits both alike: the steadiest measure of the server-side cost of auth.
 */
async function interleaved(n: number): Promise<Record<string, number>> {
  const { app, creds, db } = await buildBenchApp({});
  const perVariant: Record<string, number> = {};
  for (const v of VARIANTS) perVariant[v.name] = 0;
  for (let i = 0; i < n + 3000; i++) {
    const v = VARIANTS[i % VARIANTS.length]!;
    const t0 = performance.now();
    const res = await app.request(v.path, { headers: { authorization: `Bearer ${creds[v.token ?? 'apiKey']}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${v.name}: ${res.status}`);
    if (i >= 3000) perVariant[v.name]! += performance.now() - t0; // the first 3000 warm up
  }
  await db.close();
  const per = n / VARIANTS.length;
  return Object.fromEntries(Object.entries(perVariant).map(([k, ms]) => [k, per / (ms / 1000)]));
}

try {
  const inproc = await interleaved(Number(process.env.BENCH_REQUESTS ?? 60000));
  const ref = inproc[VARIANTS[0]!.name]!;
  console.log('\nin process, routes interleaved request by request (app.request, no network)');
  console.log('| variant | req/s | throughput vs public route | auth cost |');
  console.log('|---|---:|---:|---:|');
  for (const v of VARIANTS) {
    const rps = inproc[v.name]!;
    console.log(`| ${v.name} | ${fmt(rps, 0)} | ${fmt(rps / ref, 3)} | ${v.token ? `${fmt((1 - rps / ref) * 100)} %` : '—'} |`);
  }
  const inprocCost = (1 - Math.min(...VARIANTS.slice(1).map((v) => inproc[v.name]!)) / ref) * 100;
  console.log(`in-process auth cost (worst protected variant): ${fmt(inprocCost)} %; target ≤ 10 %: ${inprocCost <= 10 ? 'met' : 'NOT met'}`);
  console.log(`\nbench:auth — ${rounds} alternating rounds × ${seconds} s per variant, ${connections} connections, Node ${process.version}`);
  const cached = await measure('10', rounds);
  report('verification cache on (AUTH_CACHE_SECONDS=10, the default)', cached);
  const uncached = await measure('0', Math.max(2, Math.ceil(rounds / 3)));
  report('verification cache off (AUTH_CACHE_SECONDS=0): every request verifies against the database', uncached);
  const worst = Math.min(...VARIANTS.slice(1).map((v) => pairedRatio(cached, v.name)));
  const cost = (1 - worst) * 100;
  console.log(`\nHTTP auth cost (worst protected variant, cache on, median of paired rounds): ${fmt(cost)} % of throughput; target ≤ 10 %: ${cost <= 10 ? 'met' : 'NOT met'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
