import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import autocannon from 'autocannon';

/** Shared helpers for the bench:* scripts: child servers, load runs, percentiles, tables. */
export interface Child {
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export async function startChild(script: string, args: string[], env: Record<string, string>, portFrom: 'stdout' | number): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${err}`)), 120_000);
    proc.once('exit', (code) => reject(new Error(`${script} exited ${code}: ${err}`)));
    if (typeof portFrom === 'number') {
      const poll = async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${portFrom}/health/ready`);
          if (res.ok) {
            clearTimeout(timer);
            return resolve(portFrom);
          }
        } catch {
          /* not yet */
        }
        setTimeout(poll, 200);
      };
      void poll();
    } else {
      proc.stdout?.on('data', (d: Buffer) => {
        const m = /PORT=(\d+)/.exec(d.toString());
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    }
  });
  proc.stdout?.resume();
  return {
    port,
    proc,
    stop: async () => {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    },
  };
}

export interface LoadResult {
  requestsPerSec: number;
  /** Requests completed in the run. */
  requests: number;
  p50: number;
  p975: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  body?: string;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  seconds: number;
  connections: number;
}

/** The load generator in use: wrk when installed (BENCH_CLIENT=autocannon forces autocannon). */
export const loadClient: 'wrk' | 'autocannon' =
  process.env.BENCH_CLIENT !== 'autocannon' && spawnSync('wrk', ['--version']).error === undefined ? 'wrk' : 'autocannon';

/**
 * Drives `url` for `seconds` with `connections` keep-alive connections. wrk (C, one thread)
 * is preferred: autocannon decodes every answer body to a string in JavaScript, so on two
 * shared cores it, not the server, is what a large answer measures.
 */
export function load(url: string, opts: LoadOptions): Promise<LoadResult> {
  return loadClient === 'wrk' ? loadWrk(url, opts) : loadAutocannon(url, opts);
}

const WRK_SCRIPT = `
wrk.method = os.getenv("WRK_METHOD")
local f = io.open(os.getenv("WRK_BODY_FILE"), "rb")
if f then wrk.body = f:read("*a"); f:close() end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nWRK_RESULT {"requests":%d,"us":%d,"p50":%d,"p975":%d,"p99":%d,"errors":%d,"non2xx":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(97.5), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
`;

async function loadWrk(url: string, opts: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'costwatch-wrk-'));
  try {
    writeFileSync(join(dir, 'load.lua'), WRK_SCRIPT);
    writeFileSync(join(dir, 'body'), opts.body ?? '');
    // One wrk thread: the machine has two cores and the server under test needs one.
    const headers = Object.entries({ 'content-type': 'application/json', ...opts.headers }).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
    const args = ['-t1', `-c${opts.connections}`, `-d${opts.seconds}s`, '--timeout', '10s', '-s', join(dir, 'load.lua'), ...headers, url];
    const { stdout } = await promisify(execFile)('wrk', args, { env: { ...process.env, WRK_METHOD: opts.method ?? 'POST', WRK_BODY_FILE: join(dir, 'body') }, maxBuffer: 1 << 20 });
    const m = /WRK_RESULT (\{.*\})/.exec(stdout);
    if (!m) throw new Error(`wrk printed no result (its Lua script failed?): ${stdout}`);
    const r = JSON.parse(m[1]!) as { requests: number; us: number; p50: number; p975: number; p99: number; errors: number; non2xx: number };
    return { requestsPerSec: r.requests / (r.us / 1e6), requests: r.requests, p50: r.p50 / 1000, p975: r.p975 / 1000, p99: r.p99 / 1000, errors: r.errors, non2xx: r.non2xx };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function loadAutocannon(url: string, opts: LoadOptions): Promise<LoadResult> {
  const r = await autocannon({
    url,
    method: opts.method ?? 'POST',
    body: opts.body,
    headers: { 'content-type': 'application/json', ...opts.headers },
    duration: opts.seconds,
    connections: opts.connections,
  });
  const lat = r.latency as unknown as Record<string, number>;
  return {
    requestsPerSec: r.requests.average,
    requests: r.requests.total,
    p50: lat.p50 ?? 0,
    p975: lat.p97_5 ?? 0,
    p99: lat.p99 ?? 0,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
}

export type Measured = LoadResult & { cpuUsPerRequest: number };

/**
 * load(), plus the CPU time the server process `pid` spent per request meanwhile: what the
 * throughput would be with the server as the only bottleneck, and far steadier on a machine
 * the load generator shares.
 */
export async function loadMeasured(url: string, opts: LoadOptions, pid: number): Promise<Measured> {
  const cpu0 = cpuMs(pid);
  const res = await load(url, opts);
  return { ...res, cpuUsPerRequest: ((cpuMs(pid) - cpu0) * 1000) / Math.max(1, res.requests) };
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Drops and recreates database `name` on the server of `admin`; returns its connection URL. */
export async function freshDatabase(admin: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}
