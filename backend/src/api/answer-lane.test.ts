import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryStore, createRedisStore, type CacheStore } from '../cache/index.js';
import { seedDemo } from '../demo/index.js';
import { bearer, createOrg, keyFor, testApp } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { testRedisUrl } from '../testing/redis.js';

const TODAY = '2026-11-20';
const NOW = new Date(`${TODAY}T12:00:00Z`);
// Large enough (9 services x 60 days) to be sent gzip-encoded when the client accepts it.
const QUERY = JSON.stringify({ range: { from: '2026-09-01T00:00:00Z', to: '2026-10-31T00:00:00Z' }, queries: [{ refId: 'A', type: 'cost', groupBy: ['service'] }] });
// Headers whose value differs per request by design.
const PER_REQUEST = new Set(['date', 'x-request-id']);

async function listen({ app, createServer }: ReturnType<typeof testApp>): Promise<{ base: string; server: ServerType }> {
  const server = serve({ fetch: app.fetch, createServer, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

// The lane reads the in-process store directly, or with Redis the process-local copy in front of it.
const stores: [string, () => CacheStore][] = [['in-process LRU', () => createMemoryStore(1000)]];
const redisUrl = testRedisUrl();
if (redisUrl) stores.push(['Redis', () => createRedisStore(redisUrl)]);

function stableHeaders(res: Response): Record<string, string> {
  return Object.fromEntries([...res.headers].filter(([k]) => !PER_REQUEST.has(k)));
}

describe('cached-answer lane (Node server; PostgreSQL or PGlite, Redis when TEST_REDIS_URL)', () => {
  let t: TestDatabase;
  let demoOrg: string;
  let key: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    demoOrg = (await seedDemo(t.db, { today: TODAY })).organizationId;
    key = await keyFor(t.db, demoOrg);
  });
  afterAll(async () => t.drop());

  it.each(stores)('sends a repeated query the bytes and headers the full chain sent, from memory (%s)', async (_name, makeStore) => {
    const store = makeStore();
    expect(await store.ready(5000)).toBe(true);
    const built = testApp(t.db, { now: NOW, store });
    const peek = vi.spyOn(built.deps.cache, 'peek');
    const { base, server } = await listen(built);
    try {
      const ask = (headers: Record<string, string> = {}) =>
        fetch(`${base}/api/v1/query`, { method: 'POST', headers: { ...bearer(key), 'Accept-Encoding': 'gzip', ...headers }, body: QUERY });
      const first = await ask();
      expect(first.status).toBe(200);
      const firstBody = await first.text();
      expect(peek.mock.results.some((r) => r.value !== undefined)).toBe(false);

      const second = await ask({ 'X-Request-Id': 'lane-check-1' });
      expect(second.status).toBe(200);
      expect(peek.mock.results.at(-1)?.value).toBeDefined();
      expect(await second.text()).toBe(firstBody);
      expect(second.headers.get('x-request-id')).toBe('lane-check-1');
      expect(stableHeaders(second)).toEqual(stableHeaders(first));
      expect(second.headers.get('content-encoding')).toBe('gzip');
      expect(second.headers.get('x-frame-options')).toBe('DENY');
      expect(second.headers.get('api-version')).toBe('v1');

      // Raw bytes, as a client that does not decode: really gzip, and the same answer.
      const raw = await new Promise<Buffer>((resolve, reject) => {
        const req = request(`${base}/api/v1/query`, { method: 'POST', headers: { ...bearer(key), 'Accept-Encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
        });
        req.on('error', reject);
        req.end(QUERY);
      });
      expect(gunzipSync(raw).toString()).toBe(firstBody);

      const identity = await ask({ 'Accept-Encoding': 'identity' });
      expect(identity.headers.get('content-encoding')).toBeNull();
      expect(await identity.text()).toBe(firstBody);
    } finally {
      server.close();
      await store.close();
    }
  });

  it('leaves every decision it cannot make from memory to the chain', async () => {
    const { base, server } = await listen(testApp(t.db, { now: NOW }));
    try {
      const ask = (k: string, init: RequestInit = {}) => fetch(`${base}/api/v1/query`, { method: 'POST', headers: bearer(k), body: QUERY, ...init });
      expect((await ask(key)).status).toBe(200);
      expect((await ask(key)).status).toBe(200);

      // A remembered credential with a body the lane has not answered: the lane has read the
      // body, and the chain still gets it, to answer or to refuse with the field named.
      const other2 = JSON.parse(QUERY) as { queries: { groupBy: string[] }[] };
      other2.queries[0]!.groupBy = ['region'];
      const regions = await ask(key, { body: JSON.stringify(other2) });
      expect(regions.status).toBe(200);
      expect(((await regions.json()) as { results: { A: { frames: { name: string }[] } } }).results.A.frames.map((f) => f.name)).toContain('us-east-1');
      const malformed = await ask(key, { body: '{"range":' });
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { error: { field: string } }).error.field).toBe('body');
      const nul = await ask(key, { body: QUERY.replace('"A"', '"A\\u0000"') });
      expect(nul.status).toBe(400);

      // Another organization asking the same thing gets its own (empty) answer, never this one.
      const other = await keyFor(t.db, await createOrg(t.db, 'Lane Other'));
      const mine = (await (await ask(key)).json()) as { results: { A: { frames: unknown[] } } };
      const theirs = (await (await ask(other)).json()) as { results: { A: { frames: unknown[] } } };
      expect(mine.results.A.frames.length).toBeGreaterThan(0);
      expect(theirs.results.A.frames).toEqual([]);

      // A key revoked in this process is refused at once, though its answer is still in memory.
      const admin = await keyFor(t.db, demoOrg, 'admin');
      const doomed = await keyFor(t.db, demoOrg);
      expect((await ask(doomed)).status).toBe(200);
      const keys = (await (await fetch(`${base}/api/v1/apikeys`, { headers: bearer(admin) })).json()) as { keys: { id: string; prefix: string }[] };
      const id = keys.keys.find((k) => doomed.startsWith(k.prefix))!.id;
      expect((await fetch(`${base}/api/v1/apikeys/${id}`, { method: 'DELETE', headers: bearer(admin) })).status).toBeLessThan(300);
      expect((await ask(doomed)).status).toBe(401);

      // A declared body over the limit is refused before anything is read.
      const big = await ask(key, { body: QUERY + ' '.repeat(1024 * 1024) });
      expect(big.status).toBe(413);
    } finally {
      server.close();
    }
  });

  it('counts its answers against the credential limit, exactly, in one process', async () => {
    const limit = 400;
    const { base, server } = await listen(testApp(t.db, { now: NOW, env: { RATE_LIMIT_PER_MINUTE: String(limit) } }));
    try {
      const viewer = await keyFor(t.db, demoOrg);
      const statuses: number[] = [];
      for (let i = 0; i < limit + 5; i++) {
        const res = await fetch(`${base}/api/v1/query`, { method: 'POST', headers: bearer(viewer), body: QUERY });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      expect(statuses.slice(0, limit).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(limit)).toEqual([429, 429, 429, 429, 429]);
    } finally {
      server.close();
    }
  });
});
