import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

export async function load(url: string, opts: { body?: string; headers?: Record<string, string>; method?: 'GET' | 'POST'; seconds: number; connections: number }): Promise<LoadResult> {
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

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
export function cpuMs(pid: number): number {
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
