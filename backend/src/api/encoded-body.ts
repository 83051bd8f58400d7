import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { LRUCache } from 'lru-cache';
import type { AppEnv } from './context.js';
import { setHeader } from './response-headers.js';

// Large cached answers are encoded once (UTF-8, and gzip for clients that accept it, as
// Grafana's proxy and browsers do) and served as bytes, instead of per request.
const MIN_BYTES = 8 * 1024;
const encoded = new LRUCache<string, Buffer>({ maxSize: 64 * 1024 * 1024, sizeCalculation: (b) => b.length, ttl: 30_000 });

export interface EncodedAnswer {
  body: string | Uint8Array<ArrayBuffer>;
  /** Whether body is gzip-encoded; answers large enough to be encoded also vary by encoding. */
  gzip: boolean;
  varies: boolean;
}

/** What to send for a JSON answer to a client that sent `acceptEncoding`. */
export function encodeAnswer(json: string, versionedKey: string | undefined, acceptEncoding: string | undefined): EncodedAnswer {
  if (json.length < MIN_BYTES) return { body: json, gzip: false, varies: false };
  const gzip = acceptEncoding !== undefined && /\bgzip\b/.test(acceptEncoding);
  const key = versionedKey ? `${versionedKey}:${gzip ? 'gz' : 'id'}` : undefined;
  let body = key ? encoded.get(key) : undefined;
  if (!body) {
    body = gzip ? gzipSync(json, { level: 6 }) : Buffer.from(json);
    if (key) encoded.set(key, body);
  }
  return { body: new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), gzip, varies: true };
}

export function jsonBody(c: Context<AppEnv>, json: string, versionedKey?: string): Response {
  const answer = encodeAnswer(json, versionedKey, c.req.header('accept-encoding'));
  if (answer.varies) setHeader(c, 'Vary', 'Accept-Encoding');
  if (answer.gzip) setHeader(c, 'Content-Encoding', 'gzip');
  // One header in the record: Hono turns two or more into a web Headers object.
  return c.body(answer.body, 200, { 'Content-Type': 'application/json' });
}
