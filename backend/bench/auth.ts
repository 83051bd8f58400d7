/**
 * npm run bench:auth — what authentication and authorization cost per request. The same handler
 * (GET /api/v1/query/types) is measured over HTTP as a public route and as a protected route
 * (costs:read) with an API key and with a JWT access token, in the same run, in rounds that
 * alternate so drift on the shared machine hits every variant alike. A second server with the
 * verification cache off (AUTH_CACHE_SECONDS=0) shows what the cache saves.
 * Env: BENCH_SECONDS (per measurement, default 5), BENCH_ROUNDS (default 2), BENCH_CONNECTIONS (default 10).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, load, startChild, type LoadResult } from './lib.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
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

async function measure(cacheSeconds: string): Promise<Map<string, LoadResult[]>> {
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
        headers: v.token ? { authorization: `Bearer ${creds[v.token]}` } : {},
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

function report(title: string, results: Map<string, LoadResult[]>): void {
  const ref = mean(results.get(VARIANTS[0]!.name)!, (r) => r.requestsPerSec);
  console.log(`\n${title}`);
  console.log('| variant | req/s | p50 ms | p99 ms | throughput vs public route | auth cost |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const v of VARIANTS) {
    const rs = results.get(v.name)!;
    const rps = mean(rs, (r) => r.requestsPerSec);
    const cost = v.token ? `${fmt((1 - rps / ref) * 100)} %` : '—';
    console.log(`| ${v.name} | ${fmt(rps, 0)} | ${fmt(mean(rs, (r) => r.p50))} | ${fmt(mean(rs, (r) => r.p99))} | ${fmt(rps / ref, 3)} | ${cost} |`);
  }
}

try {
  console.log(`bench:auth — ${rounds} alternating rounds × ${seconds} s per variant, ${connections} connections, Node ${process.version}`);
  const cached = await measure('10');
  report('verification cache on (AUTH_CACHE_SECONDS=10, the default)', cached);
  const uncached = await measure('0');
  report('verification cache off (AUTH_CACHE_SECONDS=0): every request verifies against the database', uncached);
  const ref = mean(cached.get(VARIANTS[0]!.name)!, (r) => r.requestsPerSec);
  const worst = Math.min(...VARIANTS.slice(1).map((v) => mean(cached.get(v.name)!, (r) => r.requestsPerSec)));
  const cost = (1 - worst / ref) * 100;
  console.log(`\nauth cost (worst protected variant, cache on): ${fmt(cost)} % of throughput; target ≤ 10 %: ${cost <= 10 ? 'met' : 'NOT met'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
