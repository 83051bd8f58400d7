import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { LRUCache } from 'lru-cache';
import type { AppEnv } from './context.js';

// Large cached answers are encoded once (UTF-8, and gzip for clients that accept it, as
// Grafana's proxy and browsers do) and served as bytes, instead of per request.
const MIN_BYTES = 8 * 1024;
const encoded = new LRUCache<string, Buffer>({ maxSize: 64 * 1024 * 1024, sizeCalculation: (b) => b.length, ttl: 30_000 });

export function jsonBody(c: Context<AppEnv>, json: string, versionedKey?: string): Response {
  if (json.length < MIN_BYTES) return c.body(json, 200, { 'Content-Type': 'application/json' });
  const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const key = versionedKey ? `${versionedKey}:${gzip ? 'gz' : 'id'}` : undefined;
  let body = key ? encoded.get(key) : undefined;
  if (!body) {
    body = gzip ? gzipSync(json, { level: 6 }) : Buffer.from(json);
    if (key) encoded.set(key, body);
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Vary: 'Accept-Encoding' };
  if (gzip) headers['Content-Encoding'] = 'gzip';
  return c.body(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), 200, headers);
}
