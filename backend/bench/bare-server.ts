import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * The reference for bench:query: a bare Hono POST endpoint on the same server stack that
 * answers a precomputed 400-point frame, or (BARE_BODY_FILE) exactly the bytes CostWatch
 * answered, gzip-encoded when the client accepts it. Prints its port on stdout.
 */
const points = 400;
const start = Date.UTC(2025, 0, 1);
const frame = JSON.stringify({
  results: {
    A: {
      frames: [
        {
          refId: 'A',
          name: 'bare',
          fields: [
            { name: 'time', type: 'time', values: Array.from({ length: points }, (_, i) => start + i * 86_400_000) },
            { name: 'unblended', type: 'number', values: Array.from({ length: points }, (_, i) => 1000 + ((i * 37) % 101) / 7) },
          ],
        },
      ],
    },
  },
});
const body = process.env.BARE_BODY_FILE ? readFileSync(process.env.BARE_BODY_FILE, 'utf8') : frame;
const plain = new Uint8Array(Buffer.from(body));
const gz = new Uint8Array(gzipSync(body, { level: 6 }));
const app = new Hono();
app.post('/api/v1/query', async (c) => {
  await c.req.text();
  if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    return c.body(gz, 200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
  }
  return c.body(plain, 200, { 'Content-Type': 'application/json' });
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`PORT=${info.port}`));
