import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../channels/index.js';

/**
 * Real local receivers for delivery tests: an HTTP server that checks webhook signatures and
 * records every request (it can go down and come back on the same port, or fail the next N
 * requests), and an SMTP sink. Both listen on 127.0.0.1, port 0.
 */
export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
  signatureValid?: boolean;
  idempotencyKey?: string;
}

export class HttpReceiver {
  readonly requests: Received[] = [];
  port = 0;
  failNext = 0;
  private server?: Server;
  constructor(private readonly secret?: string) {}

  url(path = '/'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.failNext > 0) {
          this.failNext--;
          res.writeHead(503).end('try later');
          return;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        const sig = req.headers[SIGNATURE_HEADER];
        const ts = req.headers[TIMESTAMP_HEADER];
        const signatureValid = this.secret && typeof sig === 'string' && typeof ts === 'string' ? verifySignature(this.secret, ts, body, sig, Number(ts) * 1000) : undefined;
        if (this.secret && req.url?.startsWith('/hook') && !signatureValid) {
          res.writeHead(401).end('bad signature');
          return;
        }
        const key = req.headers['idempotency-key'];
        this.requests.push({ path: req.url ?? '/', headers: req.headers, body, json, signatureValid, idempotencyKey: typeof key === 'string' ? key : undefined });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  on(path: string): Received[] {
    return this.requests.filter((r) => r.path.startsWith(path));
  }
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

export class SmtpSink {
  readonly mails: Mail[] = [];
  port = 0;
  private server?: SMTPServer;

  async up(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, cb) => cb(null, { user: auth.username }),
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

/** Polls until `fn` returns a truthy value; fails with `what` after the deadline (not a timing assertion). */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
