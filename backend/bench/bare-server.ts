import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * The reference for bench:query: a bare Hono POST endpoint on the same server stack that
 * answers a precomputed 400-point frame. Prints its port on stdout.
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
const app = new Hono();
app.post('/api/v1/query', async (c) => {
  await c.req.text();
  return c.body(frame, 200, { 'Content-Type': 'application/json' });
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`PORT=${info.port}`));
