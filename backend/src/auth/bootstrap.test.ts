import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMatrix } from '../cli/auth.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { bearer, loginAs, testApp } from '../testing/app.js';
import { bootstrapAdmin, bootstrapApiKey } from './index.js';

describe('bootstrap (costwatch admin create, costwatch apikey create)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('creates the organization and an admin who can log in; a re-run resets the password', async () => {
    const app = testApp(t.db).app;
    const first = await bootstrapAdmin(t.db, { org: 'Acme Corp', email: 'Root@Acme.example' });
    expect(first).toMatchObject({ createdOrg: true, createdUser: true });
    expect(first.password.length).toBeGreaterThanOrEqual(20);
    const tokens = await loginAs(app, 'root@acme.example', first.password);
    const me = await app.request('/api/v1/auth/me', { headers: bearer(tokens.accessToken) });
    expect(await me.json()).toMatchObject({ organizationId: first.organizationId, role: 'admin', kind: 'user' });

    const again = await bootstrapAdmin(t.db, { org: 'acme-corp', email: 'root@acme.example', password: 'another long password' });
    expect(again).toMatchObject({ organizationId: first.organizationId, createdOrg: false, createdUser: false });
    await expect(loginAs(app, 'root@acme.example', first.password)).rejects.toThrow(/401/);
    await loginAs(app, 'root@acme.example', 'another long password');
    const audit = await t.db.query<{ action: string }>('SELECT action FROM audit_log WHERE organization_id = $1 ORDER BY id', [first.organizationId]);
    expect(audit.rows.map((r) => r.action)).toEqual(['user.create', 'auth.login', 'user.reset_admin', 'auth.login']);
  });

  it('creates a viewer key for the only organization, and asks which one when there are several', async () => {
    const { key, organizationId } = await bootstrapApiKey(t.db, { role: 'viewer', name: 'grafana' });
    const app = testApp(t.db).app;
    const me = await app.request('/api/v1/auth/me', { headers: bearer(key) });
    expect(await me.json()).toMatchObject({ organizationId, role: 'viewer', kind: 'api_key' });
    await bootstrapAdmin(t.db, { org: 'Second', email: 'a@second.example', password: 'a long enough password' });
    await expect(bootstrapApiKey(t.db, { role: 'viewer', name: 'x' })).rejects.toThrow(/several organizations/);
    await expect(bootstrapApiKey(t.db, { role: 'editor', name: 'x', org: 'second' })).resolves.toMatchObject({ key: expect.stringMatching(/^cw_/) });
  });

  it('prints the route × role matrix', () => {
    const md = formatMatrix([
      { method: 'GET', path: '/api/v1/audit', permission: 'audit:read' },
      { method: 'GET', path: '/health/live', permission: 'public' },
    ]);
    expect(md).toContain('| GET | `/api/v1/audit` | audit:read | ✓ | — | — | — |');
    expect(md).toContain('public | public');
  });
});
