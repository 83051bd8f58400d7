import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret } from '../secrets/index.js';
import { createOrg } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { loadScanAccounts, organizationsWithAccounts } from './accounts.js';
import { runScan } from './orchestrator.js';
import { scanSettingsFrom } from './service.js';
import { loadConfig } from '../config/index.js';

describe('scan accounts from aws_accounts', () => {
  let t: TestDatabase;
  let org: string;
  let other: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    org = await createOrg(t.db, 'Acc A');
    other = await createOrg(t.db, 'Acc B');
    const sealed = await encryptSecret(t.db, org, 'ext-123');
    await t.db.query(
      `INSERT INTO aws_accounts (organization_id, account_id, name, role_arn, external_id_enc, regions, is_demo, status) VALUES
       ($1, '111111111111', 'default chain', NULL, NULL, NULL, false, 'active'),
       ($1, '222222222222', 'assumed', 'arn:aws:iam::222222222222:role/cw', $2, ARRAY['eu-west-1'], false, 'active'),
       ($1, '333333333333', 'demo', NULL, NULL, NULL, true, 'active'),
       ($1, '444444444444', 'off', NULL, NULL, NULL, false, 'disabled')`,
      [org, sealed],
    );
  });
  afterAll(async () => t?.drop());

  it('reads role, decrypted external id and region allow-list; skips demo and disabled accounts', async () => {
    const accounts = await loadScanAccounts(t.db, org, { endpoint: 'http://127.0.0.1:1', decryptExternalId: decryptSecret });
    expect(accounts).toEqual([
      { accountId: '111111111111', regions: [], access: { roleArn: undefined, endpoint: 'http://127.0.0.1:1', maxAttempts: undefined } },
      { accountId: '222222222222', regions: ['eu-west-1'], access: { roleArn: 'arn:aws:iam::222222222222:role/cw', externalId: 'ext-123', endpoint: 'http://127.0.0.1:1', maxAttempts: undefined } },
    ]);
    expect(await organizationsWithAccounts(t.db)).toEqual([org]);
    expect(await loadScanAccounts(t.db, other)).toEqual([]);
  });

  it('an external id that cannot be decrypted fails only that account', async () => {
    const accounts = await loadScanAccounts(t.db, org, { decryptExternalId: async () => Promise.reject(new Error('bad key')) });
    expect(accounts.map((a) => [a.accountId, a.accessError])).toEqual([
      ['111111111111', undefined],
      ['222222222222', 'external id could not be decrypted: bad key'],
    ]);
  });

  it('a scan stopped by shutdown records why, and marks no slice stale', async () => {
    const accounts = await loadScanAccounts(t.db, org, { endpoint: 'http://127.0.0.1:1', decryptExternalId: decryptSecret });
    const ac = new AbortController();
    ac.abort();
    const s = await runScan(t.db, org, accounts, { mode: 'full', trigger: 'test', signal: ac.signal }, scanSettingsFrom(loadConfig({}).scan));
    expect(s.status).toBe('failed');
    expect(s.failedSlices.map((f) => [f.accountId, f.type])).toEqual([['111111111111', 'regions'], ['222222222222', 'regions']]);
    expect(s.failedSlices[0]!.error).toContain('shutdown');
    const slices = await t.db.query('SELECT 1 FROM scan_slices WHERE organization_id = $1', [org]);
    expect(slices.rowCount).toBe(0);
    const run = await t.db.query<{ status: string; failed_slices: number }>('SELECT status, failed_slices FROM scan_runs WHERE id = $1', [s.runId]);
    expect(run.rows[0]).toEqual({ status: 'failed', failed_slices: 2 });
  });
});
