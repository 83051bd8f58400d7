import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, roleAllows, type Role } from '../auth/index.js';
import { bearer, createOrg, keyFor, testApp } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { bodyFor, fillPath, label, paramsFor, routeTableProblems } from '../testing/routes.js';
import { createApp } from './app.js';
import { auditMode } from './middleware/audit.js';
import type { RouteDef } from './route.js';

/**
 * Walks routeTable(): every route, including those added after this file was written, must
 * declare a permission (and a fixture when it addresses objects), refuse callers without a
 * credential, answer 403 to every role outside its permission, let the least privileged
 * allowed role through, and audit every successful change.
 */
// Least privileged first: the first allowed role is the one that exercises the handler.
const BY_PRIVILEGE: Role[] = ['viewer', 'finance', 'editor', 'admin'];

describe('RBAC over the route table', () => {
  let t: TestDatabase;
  let built: ReturnType<typeof testApp>;
  let org: string;
  const keys = {} as Record<Role, string>;

  beforeAll(async () => {
    t = await createTestDatabase();
    org = await createOrg(t.db, 'RBAC');
    for (const role of ROLES) keys[role] = await keyFor(t.db, org, role);
    built = testApp(t.db, { logger: (await import('../obs/index.js')).createLogger(process.env.RBAC_DEBUG ? 'error' : 'silent') });
  });
  afterAll(async () => t.drop());

  const call = (r: RouteDef, params: Record<string, string>, headers: Record<string, string>) =>
    built.app.request(fillPath(r.path, params), { method: r.method, headers, body: bodyFor(r) });

  it('every route declares a known permission, and a fixture when it has object path params', () => {
    expect(routeTableProblems(built.routes, PERMISSIONS)).toEqual([]);
    expect(built.routes.length).toBeGreaterThan(10);
  });

  it('the route-table check and createApp reject a route without permission or fixture', () => {
    const handler = () => new Response();
    const noPermission = { method: 'GET', path: '/api/v1/things', summary: 'x', handler } as unknown as RouteDef;
    const noFixture: RouteDef = { method: 'DELETE', path: '/api/v1/things/:thingId', permission: 'admin:manage', summary: 'x', handler };
    expect(routeTableProblems([noPermission, noFixture], PERMISSIONS)).toEqual([
      'GET /api/v1/things: no permission from auth/roles.ts',
      'DELETE /api/v1/things/:thingId: path params thingId but no fixture',
    ]);
    expect(() => createApp(built.deps, [noPermission])).toThrow(/declares no permission/);
  });

  it('without a credential every protected route answers 401', async () => {
    const wrong: string[] = [];
    for (const r of built.routes.filter((x) => x.permission !== 'public')) {
      const res = await call(r, await paramsFor(r, t.db, org), { 'Content-Type': 'application/json' });
      if (res.status !== 401) wrong.push(`${label(r)} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every role outside a route’s permission gets 403; the least privileged allowed role gets through and changes are audited', async () => {
    const wrong: string[] = [];
    for (const r of built.routes.filter((x) => x.permission !== 'public')) {
      // A fresh organization per route: no route sees what another route's example created.
      const org = await createOrg(t.db, 'RBAC route');
      const keys = {} as Record<Role, string>;
      for (const role of ROLES) keys[role] = await keyFor(t.db, org, role);
      const shared = await paramsFor(r, t.db, org);
      for (const role of ROLES.filter((x) => !roleAllows(x, r.permission))) {
        const res = await call(r, shared, bearer(keys[role]));
        if (res.status !== 403) wrong.push(`${label(r)} as ${role} → ${res.status}, expected 403`);
      }
      const allowed = BY_PRIVILEGE.find((x) => roleAllows(x, r.permission));
      if (!allowed) {
        wrong.push(`${label(r)}: no role holds ${r.permission}`);
        continue;
      }
      const requestId = `rbac-${Math.random().toString(36).slice(2, 12)}`;
      // Denied roles were stopped before the handler, so the fixture object is still untouched.
      const res = await call(r, shared, { ...bearer(keys[allowed]), 'X-Request-Id': requestId });
      if (res.status === 401 || res.status === 403 || res.status >= 500) {
        wrong.push(`${label(r)} as ${allowed} → ${res.status}: ${(await res.text()).slice(0, 200)}`);
        continue;
      }
      if (res.status < 300 && auditMode(r) !== 'none') {
        const { rows } = await t.db.query('SELECT 1 FROM audit_log WHERE organization_id = $1 AND request_id = $2', [org, requestId]);
        if (rows.length === 0) wrong.push(`${label(r)} succeeded (${res.status}) without an audit row`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
