import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/index.js';
import { createRedisStore } from '../cache/index.js';
import { bearer, createOrg, keyFor, testApp } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';

const TODAY = '2026-11-20';
const NOW = new Date(`${TODAY}T12:00:00Z`);
const range = { from: '2026-10-01T00:00:00Z', to: '2026-10-31T00:00:00Z' };

describe('HTTP API (PostgreSQL or PGlite)', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof testApp>['app'];
  let key: string;
  let demoOrg: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    demoOrg = (await seedDemo(t.db, { today: TODAY })).organizationId;
    key = await keyFor(t.db, demoOrg);
    app = testApp(t.db, { now: NOW }).app;
  });
  afterAll(async () => t.drop());

  const post = (body: string, headers = bearer(key)) => app.request('/api/v1/query', { method: 'POST', headers, body });

  it('answers liveness, readiness and Prometheus metrics with request ids', async () => {
    const live = await app.request('/health/live');
    expect(live.status).toBe(200);
    expect(live.headers.get('x-request-id')).toMatch(/[\w-]{8,}/);
    const ready = await app.request('/health/ready');
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { database: { ok: true }, cache: { ok: true } } });
    await post(JSON.stringify({ range, queries: [{ refId: 'A', type: 'cost' }] }));
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toMatch(/costwatch_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/query"[^}]*status="200"/);
  });

  it('requires a valid bearer token for /api/v1', async () => {
    expect((await post('{}', { 'Content-Type': 'application/json' })).status).toBe(401);
    expect((await post('{}', bearer('cw_not-a-real-key-at-all-000000000'))).status).toBe(401);
  });

  it.each([
    ['malformed JSON', '{"range":', 'body'],
    ['empty body', '', 'body'],
    ['unknown query type', JSON.stringify({ range, queries: [{ refId: 'A', type: 'nope' }] }), 'queries[0].type'],
    ['unknown metric', JSON.stringify({ range, queries: [{ refId: 'A', type: 'cost', metric: 'blended' }] }), 'queries[0].metric'],
    ['unknown dimension', JSON.stringify({ range, queries: [{ refId: 'A', type: 'cost', groupBy: ['colour'] }] }), 'queries[0].groupBy[0]'],
    ['three group-bys', JSON.stringify({ range, queries: [{ refId: 'A', type: 'cost', groupBy: ['account', 'service', 'region'] }] }), 'queries[0].groupBy'],
    ['from after to', JSON.stringify({ range: { from: range.to, to: range.from }, queries: [{ refId: 'A', type: 'cost' }] }), 'range.from'],
    ['range over the maximum', JSON.stringify({ range: { from: '2020-01-01', to: '2026-01-01' }, queries: [{ refId: 'A', type: 'cost' }] }), 'range'],
    ['bad timestamp', JSON.stringify({ range: { from: 'yesterday', to: 'now' }, queries: [{ refId: 'A', type: 'cost' }] }), 'range.from'],
    ['no queries', JSON.stringify({ range, queries: [] }), 'queries'],
    ['duplicate refId', JSON.stringify({ range, queries: [{ refId: 'A', type: 'cost' }, { refId: 'A', type: 'cost' }] }), 'queries[1].refId'],
  ])('%s → 400 naming the field', async (_name, body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; message: string; field: string } };
    expect(json.error.field).toBe(field);
    expect(json.error.message.length).toBeGreaterThan(5);
  });

  it('rejects oversized bodies with 413', async () => {
    const res = await post(JSON.stringify({ range, queries: [{ refId: 'A', type: 'cost', pad: 'x'.repeat(1_100_000) }] }));
    expect(res.status).toBe(413);
  });

  it('never answers 500, whatever the body (fast-check)', async () => {
    const dims = fc.constantFrom('account', 'service', 'region', 'usage_type', 'tag:team', 'tag:', 'colour', '', "tag:x'--");
    const query = fc.record(
      {
        refId: fc.oneof(fc.string(), fc.integer()),
        type: fc.oneof(fc.constant('cost'), fc.string()),
        metric: fc.oneof(fc.constantFrom('unblended', 'amortized', 'net_unblended', 'net_amortized'), fc.string(), fc.integer()),
        granularity: fc.oneof(fc.constantFrom('day', 'week', 'month', 'total'), fc.string()),
        groupBy: fc.oneof(fc.array(dims, { maxLength: 3 }), fc.string(), fc.constant(null)),
        filters: fc.oneof(fc.array(fc.record({ dimension: dims, operator: fc.constantFrom('in', 'not_in', 'eq'), values: fc.array(fc.string(), { maxLength: 3 }) }), { maxLength: 3 }), fc.anything()),
        topN: fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.double(), fc.string()),
        format: fc.oneof(fc.constantFrom('timeseries', 'table'), fc.string()),
      },
      { requiredKeys: [] },
    );
    const instant = fc.oneof(
      fc.date({ min: new Date('1990-01-01'), max: new Date('2300-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('now', 'now-13M', 'now-30d', 'now+1y', 'now-99999y'),
      fc.string(),
      fc.integer(),
      fc.double(),
    );
    const body = fc.oneof(
      { weight: 5, arbitrary: fc.record({ range: fc.oneof(fc.record({ from: instant, to: instant }), fc.anything()), queries: fc.oneof(fc.array(query, { maxLength: 4 }), fc.anything()) }, { requiredKeys: [] }).map((b) => JSON.stringify(b)) },
      { weight: 2, arbitrary: fc.json() },
      { weight: 1, arbitrary: fc.string() },
      { weight: 1, arbitrary: fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))) },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await post(b);
        expect(res.status, b.slice(0, 300)).toBeLessThan(500);
        if (res.status >= 400) expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
        else await res.arrayBuffer();
      }),
      { numRuns: 2000 },
    );
  });

  it('walls organizations: another organization sees none of the demo costs', async () => {
    const other = await createOrg(t.db, 'Other Corp');
    const otherKey = await keyFor(t.db, other);
    const q = JSON.stringify({ range, queries: [{ refId: 'A', type: 'cost', granularity: 'total', groupBy: ['account'] }] });
    const mine = (await (await post(q)).json()) as { results: { A: { frames: unknown[] } } };
    const theirs = (await (await post(q, bearer(otherKey))).json()) as { results: { A: { frames: unknown[] } } };
    expect(mine.results.A.frames.length).toBe(3);
    expect(theirs.results.A.frames).toEqual([]);
    const values = await app.request('/api/v1/dimensions/account/values', { headers: bearer(otherKey) });
    expect(((await values.json()) as { values: unknown[] }).values).toEqual([]);
  });

  it('keeps answering, uncached, when Redis is unreachable, and says so in readiness', async () => {
    const down = testApp(t.db, { now: NOW, store: createRedisStore('redis://127.0.0.1:1') }).app;
    const res = await down.request('/api/v1/query', { method: 'POST', headers: bearer(key), body: JSON.stringify({ range, queries: [{ refId: 'A', type: 'cost' }] }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: { A: { frames: unknown[] } } }).results.A.frames.length).toBe(1);
    const ready = await down.request('/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'degraded', checks: { cache: { ok: false } } });
  });
  it('serves large answers gzip-encoded to clients that accept it, identical once decoded', async () => {
    const body = JSON.stringify({ range: { from: 'now-13M', to: 'now' }, queries: [{ refId: 'A', type: 'cost', groupBy: ['service'] }] });
    const text = await (await post(body)).text();
    expect(text.length).toBeGreaterThan(8192);
    for (let i = 0; i < 2; i++) {
      const gz = await post(body, { ...bearer(key), 'Accept-Encoding': 'gzip, deflate' });
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      const bytes = Buffer.from(await gz.arrayBuffer());
      expect(bytes.length).toBeLessThan(text.length / 2);
      expect(gunzipSync(bytes).toString()).toBe(text);
    }
  });
});
