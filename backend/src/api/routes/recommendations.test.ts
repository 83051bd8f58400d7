import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, sum } from '../../domain/money.js';
import { evaluateOrganization, type Recommendation } from '../../recommend/index.js';
import { EXPECTATIONS, seedWorld, WORLD_NOW } from '../../recommend/fixtures.js';
import { bearer, createOrg, keyFor, testApp } from '../../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../../testing/db.js';

let t: TestDatabase;
let app: ReturnType<typeof testApp>['app'];
let viewer: string;
let editor: string;
let otherEditor: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await createOrg(t.db, 'Rec Org');
  const other = await createOrg(t.db, 'Rec Other');
  const ids = await seedWorld(t.db, org);
  await evaluateOrganization(t.db, org, { now: WORLD_NOW });
  await seedWorld(t.db, other);
  await evaluateOrganization(t.db, other, { now: WORLD_NOW });
  void ids;
  viewer = await keyFor(t.db, org, 'viewer');
  editor = await keyFor(t.db, org, 'editor');
  otherEditor = await keyFor(t.db, other, 'editor');
  const built = testApp(t.db, { now: WORLD_NOW });
  app = built.app;
});
afterAll(async () => t?.drop());

const get = async <T>(path: string, key = viewer) => {
  const res = await app.request(path, { headers: bearer(key) });
  return { status: res.status, body: (await res.json()) as T };
};
const post = async <T>(path: string, body: unknown, key = editor) => {
  const res = await app.request(path, { method: 'POST', headers: bearer(key), body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
};

describe('GET /api/v1/recommendations', () => {
  it('lists open recommendations sorted by savings, largest first, with paging', async () => {
    const all = await get<{ items: Recommendation[]; total: number }>('/api/v1/recommendations?limit=500');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(all.body.items.length);
    const savings = all.body.items.map((i) => Number(i.estimatedMonthlySavings));
    expect(savings).toEqual([...savings].sort((a, b) => b - a));
    const page = await get<{ items: Recommendation[] }>('/api/v1/recommendations?limit=3&offset=3');
    expect(page.body.items.map((i) => i.id)).toEqual(all.body.items.slice(3, 6).map((i) => i.id));
    const asc = await get<{ items: Recommendation[] }>('/api/v1/recommendations?sort=savings&order=asc&limit=1');
    expect(asc.body.items[0]!.estimatedMonthlySavings).toBe(all.body.items.at(-1)!.estimatedMonthlySavings);
  });

  it('filters by check, service, account, confidence, search and minimum savings', async () => {
    const eip = await get<{ items: Recommendation[] }>('/api/v1/recommendations?check=eip-unassociated');
    expect(eip.body.items.map((i) => i.resource.resourceId)).toEqual(['eipalloc-free']);
    const rds = await get<{ items: Recommendation[] }>('/api/v1/recommendations?service=AmazonRDS&limit=500');
    expect(rds.body.items.length).toBeGreaterThan(3);
    expect(new Set(rds.body.items.map((i) => i.service))).toEqual(new Set(['AmazonRDS']));
    const big = await get<{ items: Recommendation[] }>('/api/v1/recommendations?minSavings=100&limit=500');
    expect(big.body.items.every((i) => dec(i.estimatedMonthlySavings).gte(100))).toBe(true);
    const search = await get<{ items: Recommendation[] }>('/api/v1/recommendations?search=vol-gp2');
    expect(search.body.items.map((i) => i.checkId)).toEqual(['ebs-gp2-to-gp3']);
    const two = await get<{ items: Recommendation[] }>('/api/v1/recommendations?check=eip-unassociated,nat-idle&confidence=high');
    expect(two.body.items.map((i) => i.checkId).sort()).toEqual(['eip-unassociated', 'nat-idle']);
  });

  it.each([
    ['status=closed', 'status[0]'],
    ['sort=price', 'sort'],
    ['limit=0', 'limit'],
    ['minSavings=-5', 'minSavings'],
    ['confidence=sure', 'confidence[0]'],
  ])('rejects %s with a 400 naming %s', async (qs, field) => {
    const res = await get<{ error: { field: string } }>(`/api/v1/recommendations?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });
});

describe('detail, dismiss and reopen', () => {
  it('shows pricing basis, evidence and the utilization series', async () => {
    const list = await get<{ items: Recommendation[] }>('/api/v1/recommendations?check=ec2-idle');
    const d = await get<Recommendation & { utilization: Record<string, unknown[]> }>(`/api/v1/recommendations/${list.body.items[0]!.id}`);
    expect(d.status).toBe(200);
    expect(d.body.pricingBasis).toMatchObject({ hourly: 0.096, hours: 730 });
    expect(d.body.why).toMatch(/instance/);
    expect(d.body.utilization.CPUUtilization).toHaveLength(14);
  });

  it('dismisses with a reason, refuses viewers and bad input, and reopens', async () => {
    const rec = (await get<{ items: Recommendation[] }>('/api/v1/recommendations?check=nat-idle')).body.items[0]!;
    expect((await post(`/api/v1/recommendations/${rec.id}/dismiss`, { reason: 'x' }, viewer)).status).toBe(403);
    const bad = await post<{ error: { field: string } }>(`/api/v1/recommendations/${rec.id}/dismiss`, { reason: '  ' });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'reason']);
    const notUuid = await post<{ error: { field: string } }>('/api/v1/recommendations/nope/dismiss', { reason: 'x' });
    expect([notUuid.status, notUuid.body.error.field]).toEqual([400, 'id']);
    const d = await post<Recommendation>(`/api/v1/recommendations/${rec.id}/dismiss`, { reason: 'egress for a quarterly batch' });
    expect([d.status, d.body.status, d.body.dismissReason]).toEqual([200, 'dismissed', 'egress for a quarterly batch']);
    const open = await get<{ items: Recommendation[] }>('/api/v1/recommendations?check=nat-idle');
    expect(open.body.items).toHaveLength(0);
    const dismissed = await get<{ items: Recommendation[] }>('/api/v1/recommendations?check=nat-idle&status=dismissed');
    expect(dismissed.body.items).toHaveLength(1);
    const r = await post<Recommendation>(`/api/v1/recommendations/${rec.id}/reopen`, {});
    expect([r.status, r.body.status, r.body.dismissReason]).toEqual([200, 'open', null]);
  });

  it('does not let another organization read or change it', async () => {
    const rec = (await get<{ items: Recommendation[] }>('/api/v1/recommendations?check=eip-unassociated')).body.items[0]!;
    expect((await get(`/api/v1/recommendations/${rec.id}`, otherEditor)).status).toBe(404);
    expect((await post(`/api/v1/recommendations/${rec.id}/dismiss`, { reason: 'mine now' }, otherEditor)).status).toBe(404);
    expect((await get<Recommendation>(`/api/v1/recommendations/${rec.id}`)).body.status).toBe('open');
  });
});

describe('savings totals and query types', () => {
  it('summary total equals the sum of the listed items and of each breakdown, to the cent', async () => {
    const s = await get<{ total: string; count: number; byAccount: { savings: string }[]; byService: { savings: string }[]; byCheck: { key: string; savings: string }[] }>('/api/v1/recommendations/summary');
    const items = (await get<{ items: Recommendation[] }>('/api/v1/recommendations?limit=500')).body.items;
    expect(s.body.count).toBe(items.length);
    expect(s.body.total).toBe(sum(items.map((i) => i.estimatedMonthlySavings)).toFixed(6));
    for (const parts of [s.body.byAccount, s.body.byService, s.body.byCheck]) expect(sum(parts.map((p) => p.savings)).toFixed(6)).toBe(s.body.total);
    const expected = sum(EXPECTATIONS.map((e) => e.savings));
    // The world's positives, plus findings on other world resources (e.g. both snapshots of the same volume).
    expect(dec(s.body.total).gte(expected)).toBe(true);
  });

  it('answers the recommendations and savings query types as Grafana frames', async () => {
    const res = await app.request('/api/v1/query', {
      method: 'POST',
      headers: bearer(viewer),
      body: JSON.stringify({
        range: { from: 'now-7d', to: 'now' },
        queries: [
          { refId: 'R', type: 'recommendations', limit: 5 },
          { refId: 'T', type: 'savings' },
          { refId: 'C', type: 'savings', groupBy: 'check' },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: Record<string, { frames: { fields: { name: string; values: unknown[] }[] }[] }> };
    const r = body.results.R!.frames[0]!;
    expect(r.fields.find((f) => f.name === 'monthly savings')!.values).toHaveLength(5);
    const total = body.results.T!.frames[0]!.fields[0]!.values[0] as number;
    const byCheck = body.results.C!.frames[0]!.fields[1]!.values as number[];
    expect(Math.round(byCheck.reduce((a, b) => a + b, 0) * 100)).toBe(Math.round(total * 100));
    const bad = await app.request('/api/v1/query', { method: 'POST', headers: bearer(viewer), body: JSON.stringify({ range: { from: 'now-7d', to: 'now' }, queries: [{ refId: 'A', type: 'savings', groupBy: 'colour' }] }) });
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('queries[0].groupBy');
  });
});
