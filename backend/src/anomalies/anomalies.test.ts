import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cache, createMemoryStore } from '../cache/index.js';
import { DEMO_SPIKES, seedDemo } from '../demo/index.js';
import { addDays } from '../domain/time.js';
import { bearer, createOrg, keyFor, testApp } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { anomaliesQueryHandler, clustersQueryHandler, anomaliesQuerySchema, clustersQuerySchema, type Anomaly } from './index.js';

const TODAY = '2026-11-20';
const NOW = new Date(`${TODAY}T12:00:00Z`);

interface Cause {
  dimension: string;
  value: string;
  share: number;
}
const top = (a: Anomaly, dimension: string) => (a.rootCauses as Cause[]).filter((c) => c.dimension === dimension).sort((x, y) => y.share - x.share)[0]?.value;

describe('anomaly detection on the demo organization (PostgreSQL or PGlite)', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof testApp>['app'];
  let org: string;
  let other: string;
  let editor: string;
  let viewer: string;
  let otherEditor: string;
  let all: Anomaly[];

  const api = (path: string, key: string, init: { method?: string; body?: unknown } = {}) =>
    app.request(path, { method: init.method ?? 'GET', headers: bearer(key), body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const json = async (res: Response) => (await res.json()) as Record<string, any>;
  const list = async (query = '') => (await json(await api(`/api/v1/anomalies?limit=500${query}`, viewer))) as { items: Anomaly[]; total: number };

  beforeAll(async () => {
    t = await createTestDatabase();
    org = (await seedDemo(t.db, { today: TODAY })).organizationId;
    other = await createOrg(t.db, 'Other');
    [editor, viewer, otherEditor] = await Promise.all([keyFor(t.db, org, 'editor'), keyFor(t.db, org, 'viewer'), keyFor(t.db, other, 'editor')]);
    app = testApp(t.db, { now: NOW }).app;
    const res = await api('/api/v1/anomalies/recompute', editor, { method: 'POST', body: {} });
    expect(res.status).toBe(200);
    all = (await list()).items;
  });
  afterAll(async () => t.drop());

  it.each(DEMO_SPIKES.map((s) => [s.reason, s] as const))('finds the injected spike "%s" with its dates and root cause', (_r, spike) => {
    const start = addDays(TODAY, -spike.daysAgo);
    const end = addDays(start, spike.days - 1);
    const own = all.find((a) => a.seriesKey === `account_service:${spike.account}|${spike.service}` && a.startDate === start);
    expect(own, `anomaly on ${spike.account} ${spike.service}`).toBeDefined();
    expect(own!.endDate).toBe(end);
    expect(Number(own!.impact)).toBeGreaterThan(0);
    // The aggregate series name the spike's account and service as their top cause.
    const service = all.find((a) => a.seriesKey === `service:${spike.service}` && a.startDate === start);
    expect(service && top(service, 'account')).toBe(spike.account);
    const aggregates = all.filter((a) => (a.level === 'total' || a.level === 'account') && a.startDate <= end && a.endDate >= start);
    for (const a of aggregates) expect(top(a, 'service'), a.seriesKey).toBe(spike.service);
  });

  it('reports the big spikes on the organization total, with severity from the dollar impact', () => {
    const totals = all.filter((a) => a.level === 'total');
    expect(totals.map((a) => a.startDate)).toEqual(expect.arrayContaining([addDays(TODAY, -4), addDays(TODAY, -23)]));
    expect(totals.every((a) => a.severity === 'critical')).toBe(true);
  });

  it('stores each anomaly once: recomputing updates, never duplicates', async () => {
    const res = await json(await api('/api/v1/anomalies/recompute', editor, { method: 'POST', body: {} }));
    expect(res).toMatchObject({ inserted: 0, updated: all.length });
    expect((await list()).total).toBe(all.length);
  });

  it('filters and pages', async () => {
    const page1 = await list('&level=account_service&limit=2');
    const page2 = (await json(await api('/api/v1/anomalies?level=account_service&limit=2&offset=2', viewer))) as { items: Anomaly[]; total: number };
    expect(page1.items.every((a) => a.level === 'account_service')).toBe(true);
    expect(page1.total).toBe(all.filter((a) => a.level === 'account_service').length);
    expect(page2.items.map((a) => a.id)).not.toContain(page1.items[0]!.id);
    const lambda = await list(`&service=AWS%20Lambda&from=${addDays(TODAY, -10)}`);
    expect(lambda.items.length).toBeGreaterThan(0);
    expect(lambda.items.every((a) => a.scope.service === 'AWS Lambda')).toBe(true);
  });

  it('rejects bad filters and bodies with the field named', async () => {
    for (const [path, field] of [
      ['/api/v1/anomalies?severity=bogus', 'severity'],
      ['/api/v1/anomalies?limit=0', 'limit'],
      ['/api/v1/anomalies?from=yesterday', 'from'],
      ['/api/v1/anomalies?colour=red', undefined],
      ['/api/v1/anomalies/not-a-uuid', 'id'],
    ] as const) {
      const res = await api(path, viewer);
      expect(res.status, path).toBe(400);
      if (field) expect((await json(res)).error.field, path).toBe(field);
    }
    const id = all[0]!.id;
    const bad = await api(`/api/v1/anomalies/${id}`, editor, { method: 'PATCH', body: { status: 'gone' } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.field).toBe('status');
    const neg = await api('/api/v1/anomalies/thresholds', editor, { method: 'PUT', body: { minImpact: '-5', minPct: 0.1 } });
    expect((await json(neg)).error.field).toBe('minImpact');
  });

  it('acknowledges and resolves; viewers cannot, other organizations see nothing', async () => {
    const a = all.find((x) => x.level === 'account_service')!;
    expect((await api(`/api/v1/anomalies/${a.id}`, viewer, { method: 'PATCH', body: { status: 'acknowledged' } })).status).toBe(403);
    expect((await api(`/api/v1/anomalies/${a.id}`, otherEditor, { method: 'PATCH', body: { status: 'resolved' } })).status).toBe(404);
    expect((await api(`/api/v1/anomalies/${a.id}`, otherEditor)).status).toBe(404);
    expect((await json(await api('/api/v1/anomalies', otherEditor))).total).toBe(0);
    const ack = await json(await api(`/api/v1/anomalies/${a.id}`, editor, { method: 'PATCH', body: { status: 'acknowledged' } }));
    expect(ack).toMatchObject({ id: a.id, status: 'acknowledged', statusChangedBy: expect.stringMatching(/^api_key:/) });
    const res = await json(await api(`/api/v1/anomalies/${a.id}/status`, editor, { method: 'POST', body: { status: 'resolved', feedback: 'fixed the retry loop' } }));
    expect(res).toMatchObject({ status: 'resolved', feedback: 'fixed the retry loop' });
    // Recomputing keeps the user's status.
    await api('/api/v1/anomalies/recompute', editor, { method: 'POST', body: {} });
    expect((await json(await api(`/api/v1/anomalies/${a.id}`, viewer))).status).toBe('resolved');
  });

  it('false-positive feedback raises that series’ threshold so the same anomaly is not reported again', async () => {
    const a = all.find((x) => x.seriesKey === 'service:Amazon CloudFront')!;
    const fp = await json(await api(`/api/v1/anomalies/${a.id}`, editor, { method: 'PATCH', body: { status: 'false_positive', feedback: 'marketing campaign' } }));
    expect(fp.status).toBe('false_positive');
    const th = await json(await api('/api/v1/anomalies/thresholds', viewer));
    const series = (th.series as { seriesKey: string; minImpact: string }[]).find((s) => s.seriesKey === a.seriesKey)!;
    expect(Number(series.minImpact)).toBeCloseTo(Number(a.impact) * 1.25, 4);
    // Forget the stored row: detection now skips the series, while the account x service series still reports it.
    await t.db.query('DELETE FROM cost_anomalies WHERE id = $1', [a.id]);
    await api('/api/v1/anomalies/recompute', editor, { method: 'POST', body: {} });
    const after = (await list()).items;
    expect(after.find((x) => x.seriesKey === a.seriesKey && x.startDate === a.startDate)).toBeUndefined();
    expect(after.find((x) => x.seriesKey === 'account_service:111111111111|Amazon CloudFront' && x.startDate === a.startDate)).toBeDefined();
  });

  it('per-organization thresholds: a high minimum impact silences small anomalies on recompute', async () => {
    const put = await api('/api/v1/anomalies/thresholds', editor, { method: 'PUT', body: { minImpact: '100000', minPct: 0.5 } });
    expect(await json(put)).toEqual({ defaults: { minImpact: '100000.000000', minPct: 0.5, zThreshold: 5 } });
    await t.db.query('DELETE FROM cost_anomalies WHERE organization_id = $1', [org]);
    expect(await json(await api('/api/v1/anomalies/recompute', editor, { method: 'POST', body: {} }))).toMatchObject({ episodes: 0 });
    await api('/api/v1/anomalies/thresholds', editor, { method: 'PUT', body: { minImpact: 50, minPct: 0.1 } });
    await api('/api/v1/anomalies/recompute', editor, { method: 'POST', body: {} });
    expect((await list()).total).toBeGreaterThan(0);
  });

  it('answers the anomalies query as a table and as Grafana annotations, and the clusters query', async () => {
    const ctx = { db: t.db, cache: new Cache(createMemoryStore(10), { query: 1, compute: 1, reference: 1 }), organizationId: org, now: NOW };
    const range = { from: addDays(TODAY, -30), to: TODAY };
    const [table] = await anomaliesQueryHandler.execute(ctx, anomaliesQuerySchema.parse({ refId: 'A', type: 'anomalies' }), range);
    const names = table!.fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['start', 'end', 'series', 'impact', 'severity', 'status', 'top_cause']));
    expect(table!.fields[0]!.values.length).toBeGreaterThan(0);
    const [ann] = await anomaliesQueryHandler.execute(ctx, anomaliesQuerySchema.parse({ refId: 'A', type: 'anomalies', format: 'annotations', levels: ['total'] }), range);
    expect(ann!.fields.map((f) => f.name).slice(0, 5)).toEqual(['time', 'timeEnd', 'title', 'text', 'tags']);
    expect(String(ann!.fields[3]!.values[0])).toMatch(/Top causes: .*AWS Lambda|Amazon Elastic Compute Cloud/);
    const [clusters] = await clustersQueryHandler.execute(ctx, clustersQuerySchema.parse({ refId: 'B', type: 'clusters' }), { from: addDays(TODAY, -180), to: TODAY });
    const patterns = clusters!.fields.find((f) => f.name === 'pattern')!.values as string[];
    const services = clusters!.fields[0]!.values as string[];
    expect(services.length).toBeGreaterThanOrEqual(14);
    expect(new Set(patterns).size).toBeGreaterThan(1);
    expect(patterns[services.indexOf('Tax')]).toBe('batch');
  });
});
