import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../auth/index.js';
import type { IsoDate } from '../domain/time.js';
import { refreshRollup } from '../store/index.js';
import { bearer, createOrg, keyFor, testApp, userFor } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { bodyFor, fillPath, label, organizationDigest, paramsFor } from '../testing/routes.js';
import type { RouteDef } from './route.js';

/**
 * The cross-organization wall, over every route in routeTable(): organization A's admin calls
 * every route against organization B's objects (made by each route's fixture) and every list
 * route, and must neither see B's data nor change any row of B.
 */
const MARKERS = ['OrgB-Secret-Service', 'orgb-secret-tag', 'orgb-secret-user@example.com', '999999999999'];
const NOT_FOUNDISH = new Set([400, 404, 409, 422]);

describe('organization A cannot read or change organization B', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof testApp>['app'];
  let routes: RouteDef[];
  let orgA: string;
  let orgB: string;
  let adminA: string;
  const bParams = new Map<RouteDef, Record<string, string>>();
  const bIds = new Set<string>();

  beforeAll(async () => {
    t = await createTestDatabase();
    orgA = await createOrg(t.db, 'Tenant A');
    orgB = await createOrg(t.db, 'Tenant B');
    adminA = await keyFor(t.db, orgA, 'admin');
    const built = testApp(t.db);
    app = built.app;
    routes = built.routes.filter((r) => r.permission !== 'public');
    // Organization B: cost data with marker values, a user, a key, and one object per fixture.
    for (const [org, service, account] of [
      [orgB, MARKERS[0]!, MARKERS[3]!],
      [orgA, 'AmazonEC2', '111111111111'],
    ] as const) {
      await t.db.query(
        `INSERT INTO cost_data (organization_id, usage_date, account_id, service, region, usage_type, unblended_cost, tags, source)
         VALUES ($1, '2026-10-01', $2, $3, 'us-east-1', 'BoxUsage', 42.5, $4, 'test')`,
        [org, account, service, JSON.stringify({ team: org === orgB ? MARKERS[1] : 'payments' })],
      );
      await refreshRollup(t.db, org, '2026-10-01' as IsoDate, '2026-10-02' as IsoDate);
    }
    await t.db.query(`INSERT INTO users (organization_id, email, name, role) VALUES ($1, $2, 'B user', 'admin')`, [orgB, MARKERS[2]]);
    bIds.add((await createApiKey(t.db, orgB, 'admin', 'B key')).id);
    bIds.add((await userFor(t.db, orgB, 'editor')).id);
    for (const r of routes) {
      if (!r.fixture) continue;
      const params = await paramsFor(r, t.db, orgB);
      bParams.set(r, params);
      for (const v of Object.values(params)) bIds.add(v);
    }
  });
  afterAll(async () => t.drop());

  function leaks(text: string, allowed: readonly string[]): string[] {
    const found = [orgB, ...MARKERS, ...bIds].filter((s) => s.length >= 6 && !allowed.includes(s) && text.includes(s));
    return found;
  }

  it('every route, called with A’s admin key against B’s objects, leaks nothing and changes nothing', async () => {
    const before = await organizationDigest(t.db, orgB);
    const wrong: string[] = [];
    for (const r of routes) {
      const params = bParams.get(r) ?? {};
      const res = await app.request(fillPath(r.path, params), { method: r.method, headers: bearer(adminA), body: bodyFor(r) });
      const text = await res.text();
      if (res.status >= 500) wrong.push(`${label(r)} → ${res.status}`);
      if (r.fixture && !NOT_FOUNDISH.has(res.status)) wrong.push(`${label(r)} with B's ${JSON.stringify(params)} → ${res.status}, expected 404`);
      // A 404 may echo the id that was asked for; anything else of B's is a leak.
      const found = leaks(text, Object.values(params));
      if (found.length) wrong.push(`${label(r)} leaked ${found.join(', ')}`);
    }
    expect(wrong).toEqual([]);
    expect(await organizationDigest(t.db, orgB)).toEqual(before);
  });

  it('the same routes find A’s own objects (so the 404s above are the wall, not a broken route)', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => x.fixture && x.method === 'GET')) {
      const params = await paramsFor(r, t.db, orgA);
      const res = await app.request(fillPath(r.path, params), { headers: bearer(adminA) });
      if (res.status === 404) wrong.push(`${label(r)} → 404 for A's own object`);
    }
    expect(wrong).toEqual([]);
  });

  it('dimension lookups and queries over every dimension see only A’s data', async () => {
    const wrong: string[] = [];
    for (const dim of ['account', 'service', 'region', 'usage_type', 'tag:team']) {
      const res = await app.request(`/api/v1/dimensions/${dim}/values?from=2026-09-01&to=2026-11-01`, { headers: bearer(adminA) });
      const found = leaks(await res.text(), []);
      if (res.status !== 200 || found.length) wrong.push(`values of ${dim} → ${res.status} ${found.join(', ')}`);
      const q = await app.request('/api/v1/query', {
        method: 'POST',
        headers: bearer(adminA),
        body: JSON.stringify({ range: { from: '2026-09-01', to: '2026-11-01' }, queries: [{ refId: 'A', type: 'cost', groupBy: [dim], format: 'table' }] }),
      });
      const qText = await q.text();
      if (q.status !== 200 || leaks(qText, []).length) wrong.push(`query by ${dim} → ${q.status} ${leaks(qText, []).join(', ')}`);
      if (dim === 'service' && !qText.includes('AmazonEC2')) wrong.push('query by service lost A’s own data');
    }
    expect(wrong).toEqual([]);
  });
});
