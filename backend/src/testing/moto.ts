import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The moto server (GUIDE: moto 5.2.1 in this image's python3) on a free port, one per test
 * file. Tests that need AWS fail loudly when it cannot start; they never skip.
 */
export interface Moto {
  endpoint: string;
  /** Clears all state (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const python = process.env.MOTO_PYTHON ?? 'python3';
  const child: ChildProcess = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'false' },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto server exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto server did not start on ${endpoint} within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    endpoint,
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Dummy credentials for moto (the default chain reads these from the environment). */
export function useDummyAwsCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID ??= 'testing';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
  process.env.AWS_REGION ??= 'us-east-1';
}

export type FaultKind = 'status-500' | 'status-503' | 'json-throttle' | 'xml-throttle';

export interface FaultRule {
  kind: FaultKind;
  /** How many matching requests fail before the rule stops firing (Infinity: an outage). */
  times: number;
  /** Which requests: by default all. `info.region` is read from the SigV4 credential scope. */
  match?: (info: { region?: string; service?: string; target?: string; path: string }) => boolean;
}

/** SigV4's scope names the region and service: Credential=AKID/20260101/eu-west-1/ec2/aws4_request. */
function scopeOf(req: IncomingMessage): { region?: string; service?: string } {
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
  return m ? { region: m[1], service: m[2] } : {};
}

/**
 * A local proxy in front of moto that answers throttling or server errors for matching
 * requests (per rule, N times), so retry and circuit-breaker paths run against the real SDK.
 */
export async function startFaultProxy(target: string, rules: FaultRule[]): Promise<{ endpoint: string; faults: () => number; stop(): Promise<void> }> {
  let injected = 0;
  const remaining = rules.map((r) => r.times);
  const server: Server = createServer((req, res) => {
    const info = { ...scopeOf(req), target: String(req.headers['x-amz-target'] ?? ''), path: req.url ?? '/' };
    const i = rules.findIndex((r, k) => remaining[k]! > 0 && (!r.match || r.match(info)));
    if (i >= 0) {
      remaining[i]!--;
      injected++;
      req.resume();
      const kind = rules[i]!.kind;
      if (kind === 'json-throttle') {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'LimitExceededException' });
        res.end(JSON.stringify({ __type: 'LimitExceededException', message: 'Rate exceeded' }));
      } else if (kind === 'xml-throttle') {
        res.writeHead(503, { 'content-type': 'text/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>fault</RequestID></Response>');
      } else {
        res.writeHead(kind === 'status-503' ? 503 : 500, { 'content-type': 'text/plain' });
        res.end('injected fault');
      }
      return;
    }
    const url = new URL(req.url ?? '/', target);
    const upstream = httpRequest(url, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    faults: () => injected,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
