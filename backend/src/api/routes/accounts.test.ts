import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrg, keyFor, testApp } from '../../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../../testing/db.js';
import { startMoto, useDummyAwsCredentials, type Moto } from '../../testing/moto.js';

describe('AWS account registry API (moto, real database)', () => {
  let t: TestDatabase;
  let moto: Moto;
  beforeAll(async () => {
    useDummyAwsCredentials();
    [t, moto] = await Promise.all([createTestDatabase(), startMoto()]);
  });
  afterAll(async () => {
    await moto?.stop();
    await t?.drop();
  });

  it('registers, lists and tests accounts; the external id is sealed and never returned', async () => {
    const { app } = testApp(t.db, { env: { INGEST_AWS_ENDPOINT: moto.endpoint } });
    const org = await createOrg(t.db, 'acct');
    const admin = bearer(await keyFor(t.db, org, 'admin'));
    const body = { accountId: '123456789012', name: 'prod', roleArn: 'arn:aws:iam::123456789012:role/CostWatch', externalId: 'ext-secret-42' };
    const created = await app.request('/api/v1/accounts', { method: 'POST', headers: admin, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(text).not.toContain('ext-secret-42');
    const { account } = JSON.parse(text) as { account: { id: string; hasExternalId: boolean } };
    expect(account.hasExternalId).toBe(true);
    const stored = await t.db.query<{ external_id_enc: string }>('SELECT external_id_enc FROM aws_accounts WHERE id = $1', [account.id]);
    expect(stored.rows[0]!.external_id_enc).not.toContain('ext-secret-42');

    const again = await app.request('/api/v1/accounts', { method: 'POST', headers: admin, body: JSON.stringify(body) });
    expect(again.status).toBe(409);
    const list = await app.request('/api/v1/accounts', { headers: bearer(await keyFor(t.db, org, 'finance')) });
    expect(((await list.json()) as { accounts: unknown[] }).accounts).toHaveLength(1);

    const tested = await app.request(`/api/v1/accounts/${account.id}/test`, { method: 'POST', headers: admin });
    expect(tested.status).toBe(200);
    const { result } = (await tested.json()) as { result: { ok: boolean; callerAccount: string; matches: boolean } };
    expect(result).toMatchObject({ ok: true, callerAccount: '123456789012', matches: true });
  });

  it('rejects bad input naming the field, and viewers may not read accounts', async () => {
    const { app } = testApp(t.db);
    const org = await createOrg(t.db, 'acct-bad');
    const admin = bearer(await keyFor(t.db, org, 'admin'));
    const res = await app.request('/api/v1/accounts', { method: 'POST', headers: admin, body: JSON.stringify({ accountId: '12345', name: 'x' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('accountId');
    const ext = await app.request('/api/v1/accounts', { method: 'POST', headers: admin, body: JSON.stringify({ accountId: '123456789012', name: 'x', externalId: 'abc' }) });
    expect(((await ext.json()) as { error: { field: string } }).error.field).toBe('externalId');
    const viewer = await app.request('/api/v1/accounts', { headers: bearer(await keyFor(t.db, org, 'viewer')) });
    expect(viewer.status).toBe(403);
  });
});
