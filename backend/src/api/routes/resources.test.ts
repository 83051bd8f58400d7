import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cache, createMemoryStore } from '../../cache/index.js';
import { inventoryQueryHandler, resourcesQueryHandler } from '../../scan/index.js';
import { registerAccounts } from '../../scan/testing.js';
import { bearer, createOrg, keyFor, testApp } from '../../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../../testing/db.js';
import { resourceFixture } from './resources.js';

/** Inventory and scan routes over the real database: filters, paging, tenancy, bad input. */
describe('resources and scans routes', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof testApp>['app'];
  let orgA: string;
  let orgB: string;
  let viewerA: string;
  let editorA: string;
  let editorB: string;

  const insert = (org: string, type: string, id: string, region: string, cost: number, tags: Record<string, string>, deleted = false) =>
    t.db.query(
      `INSERT INTO aws_resources (organization_id, account_id, region, resource_type, resource_id, name, state, monthly_cost, tags, cost_allocation, deleted_at, first_seen_at)
       VALUES ($1, '123456789012', $2, $3, $4, $4, 'running', $5, $6::jsonb, $6::jsonb, $7, now() - interval '3 days')`,
      [org, region, type, id, cost, JSON.stringify(tags), deleted ? new Date() : null],
    );

  beforeAll(async () => {
    t = await createTestDatabase();
    orgA = await createOrg(t.db, 'Res A');
    orgB = await createOrg(t.db, 'Res B');
    app = testApp(t.db).app;
    [viewerA, editorA, editorB] = await Promise.all([keyFor(t.db, orgA, 'viewer'), keyFor(t.db, orgA, 'editor'), keyFor(t.db, orgB, 'editor')]);
    await insert(orgA, 'ec2_instance', 'i-a1', 'us-east-1', 70.08, { team: 'payments' });
    await insert(orgA, 'ec2_instance', 'i-a2', 'eu-west-1', 10, { team: 'data' });
    await insert(orgA, 'ebs_volume', 'vol-a1', 'us-east-1', 8, {});
    await insert(orgA, 'ebs_volume', 'vol-gone', 'us-east-1', 5, {}, true);
    await insert(orgB, 'ec2_instance', 'i-b1', 'us-east-1', 99, { team: 'payments' });
  });
  afterAll(async () => t?.drop());

  const get = (path: string, key = viewerA) => app.request(path, { headers: bearer(key) });

  it('lists only the caller organization, sorted by cost, with filters and paging', async () => {
    const all = await (await get('/api/v1/resources')).json();
    expect(all.total).toBe(3);
    expect(all.items.map((r: { resourceId: string }) => r.resourceId)).toEqual(['i-a1', 'i-a2', 'vol-a1']);
    expect(all.items[0]).toMatchObject({ region: 'us-east-1', type: 'ec2_instance', state: 'running', monthlyCost: '70.080000', tags: { team: 'payments' }, stale: false });

    const page = await (await get('/api/v1/resources?limit=1&offset=1')).json();
    expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.items.map((r: { resourceId: string }) => r.resourceId)).toEqual(['i-a2']);

    const filtered = await (await get('/api/v1/resources?type=ec2_instance&region=us-east-1&tag=team:payments')).json();
    expect(filtered.items.map((r: { resourceId: string }) => r.resourceId)).toEqual(['i-a1']);
    const withDeleted = await (await get('/api/v1/resources?type=ebs_volume&includeDeleted=true&sort=name')).json();
    expect(withDeleted.items.map((r: { resourceId: string }) => r.resourceId)).toEqual(['vol-a1', 'vol-gone']);
    expect(withDeleted.items[1].deletedAt).not.toBeNull();
    const search = await (await get('/api/v1/resources?search=A2')).json();
    expect(search.items.map((r: { resourceId: string }) => r.resourceId)).toEqual(['i-a2']);
  });

  it('rejects bad filters with a 400 naming the field', async () => {
    for (const [qs, field] of [
      ['type=ec2', 'type[0]'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['offset=-1', 'offset'],
      ['account=12', 'account[0]'],
      ['region=mars', 'region[0]'],
      ['includeDeleted=maybe', 'includeDeleted'],
      ['sort=price', 'sort'],
    ] as const) {
      const res = await get(`/api/v1/resources?${qs}`);
      expect(res.status, qs).toBe(400);
      expect((await res.json()).error.field, qs).toBe(field);
    }
  });

  it('shows one resource of the own organization and never another organization’s', async () => {
    const own = await resourceFixture(t.db, orgA);
    const other = await resourceFixture(t.db, orgB);
    const res = await get(`/api/v1/resources/${own.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: own.id, type: 'ebs_volume', history: [], utilization: [] });
    expect((await get(`/api/v1/resources/${other.id}`)).status).toBe(404);
    const bad = await get('/api/v1/resources/not-a-uuid');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('id');
  });

  it('starts scans only for editors, validates the body, and refuses an organization without accounts', async () => {
    const post = (key: string, body: unknown) => app.request('/api/v1/scans', { method: 'POST', headers: bearer(key), body: JSON.stringify(body) });
    expect((await post(viewerA, { mode: 'full' })).status).toBe(403);
    const noAccounts = await post(editorA, { mode: 'full' });
    expect(noAccounts.status).toBe(400);
    expect((await noAccounts.json()).error.field).toBe('accounts');
    await registerAccounts(t.db, orgA, [{ accountId: '123456789012' }]);
    for (const [body, field] of [
      [{ mode: 'sometimes' }, 'mode'],
      [{ types: ['ec2'] }, 'types[0]'],
      [{ regions: ['mars-1'] }, 'regions[0]'],
      [{ accounts: ['1'] }, 'accounts[0]'],
      [{ unexpected: true }, undefined],
      [{ accounts: ['999999999999'] }, 'accounts'],
    ] as const) {
      const res = await post(editorA, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect((await res.json()).error.field, JSON.stringify(body)).toBe(field);
    }
    // Organization B has no accounts of its own: A's registry does not leak to it.
    expect((await post(editorB, { mode: 'full' })).status).toBe(400);
  });

  it('never shows a scan run of another organization', async () => {
    const { rows } = await t.db.query<{ id: string }>(`INSERT INTO scan_runs (organization_id, mode, trigger, status) VALUES ($1, 'full', 'test', 'succeeded') RETURNING id`, [orgB]);
    expect((await get(`/api/v1/scans/${rows[0]!.id}`)).status).toBe(404);
    expect((await get(`/api/v1/scans/${rows[0]!.id}`, editorB)).status).toBe(200);
  });

  it('answers the resources and inventory query types as frames', async () => {
    const orgC = await createOrg(t.db, 'Res C');
    await insert(orgC, 'ec2_instance', 'i-a1', 'us-east-1', 70.08, { team: 'payments' });
    await insert(orgC, 'ec2_instance', 'i-a2', 'eu-west-1', 10, { team: 'data' });
    await insert(orgC, 'ebs_volume', 'vol-a1', 'us-east-1', 8, {});
    await insert(orgC, 'ebs_volume', 'vol-gone', 'us-east-1', 5, {}, true);
    const ctx = { db: t.db, cache: new Cache(createMemoryStore(10), { query: 1, compute: 1, reference: 1 }), organizationId: orgC, now: new Date() };
    const [table] = await resourcesQueryHandler.execute(ctx, resourcesQueryHandler.schema.parse({ refId: 'A', type: 'resources', resourceTypes: ['ec2_instance'] }), { from: '2026-01-01', to: '2026-01-02' } as never);
    expect(table!.fields.find((f) => f.name === 'resource_id')!.values).toEqual(['i-a1', 'i-a2']);
    expect(table!.fields.find((f) => f.name === 'team')!.values).toEqual(['payments', 'data']);
    const [inv] = await inventoryQueryHandler.execute(ctx, inventoryQueryHandler.schema.parse({ refId: 'B', type: 'inventory', groupBy: ['type'] }), { from: '2026-01-01', to: '2026-01-02' } as never);
    expect(inv!.fields.map((f) => [f.name, f.values])).toEqual([
      ['type', ['ec2_instance', 'ebs_volume']],
      ['count', [2, 1]],
      ['monthly_cost', [80.08, 8]],
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const series = await inventoryQueryHandler.execute(ctx, inventoryQueryHandler.schema.parse({ refId: 'C', type: 'inventory', groupBy: ['type'], format: 'timeseries' }), { from: yesterday, to: today } as never);
    const vol = series.find((f) => f.fields[1]!.labels?.type === 'ebs_volume')!;
    expect(vol.fields[1]!.values).toEqual([2]); // vol-gone was still alive yesterday
  });
});
