import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SigningKeys } from '../auth/index.js';
import { rotateMasterKeyAction } from '../cli/rotate.js';
import { loadConfig } from '../config/index.js';
import type { Services } from '../main.js';
import { createOrg } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { createKmsKey, kmsSettings } from '../testing/kms.js';
import { startFaultProxy, startMoto, useDummyAwsCredentials, type Moto } from '../testing/moto.js';
import { activeMasterKey, connectKms, DecryptError, decryptSecret, encryptSecret, forgetDataKeys, installMasterKey, masterKeyFrom, rotateMasterKey, type Keyring } from './index.js';

describe('rotating the master key between local keys and AWS KMS keys', () => {
  let moto: Moto;
  let t: TestDatabase;
  let arnA: string;
  let arnB: string;
  const secrets = new Map<string, { plain: string; sealed: string }>();
  let token: string;

  beforeAll(async () => {
    useDummyAwsCredentials();
    moto = await startMoto();
    t = await createTestDatabase();
    arnA = await createKmsKey(moto.endpoint);
    arnB = await createKmsKey(moto.endpoint, 'alias/costwatch-next');
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
    await moto?.stop();
  });
  afterEach(() => {
    delete process.env.NEW_KMS_KEY_ID;
    delete process.env.NEW_MASTER_KEY;
  });

  const masterIds = async () =>
    (await t.db.query<{ id: string }>('SELECT master_key_id AS id FROM organization_data_keys UNION ALL SELECT master_key_id FROM jwt_signing_keys')).rows.map((r) => r.id);

  /** What a restarted process sees under `keyring`: every secret opens, the old token verifies, signing works. */
  async function expectReadableUnder(keyring: Keyring): Promise<void> {
    installMasterKey(keyring);
    forgetDataKeys();
    for (const [org, s] of secrets) expect(await decryptSecret(t.db, org, s.sealed)).toBe(s.plain);
    const keys = new SigningKeys(t.db);
    await expect(keys.verify(token)).resolves.toMatchObject({ role: 'viewer' });
    await expect(keys.sign({ sub: 'u', org: [...secrets.keys()][0]!, role: 'viewer', sid: 's' }, 60)).resolves.toMatch(/^eyJ/);
  }

  it('local → KMS → another KMS key (ReEncrypt: the plaintext never leaves KMS) → local, each step repeatable as a no-op', async () => {
    const local = masterKeyFrom(randomBytes(32), 'env');
    installMasterKey(local);
    forgetDataKeys();
    for (const name of ['Rot X', 'Rot Y']) {
      const org = await createOrg(t.db, name);
      secrets.set(org, { plain: `webhook-secret-${name}`, sealed: await encryptSecret(t.db, org, `webhook-secret-${name}`) });
    }
    token = await new SigningKeys(t.db).sign({ sub: 'u', org: [...secrets.keys()][0]!, role: 'viewer', sid: 's' }, 600);

    const kmsA = await connectKms(kmsSettings(moto.endpoint, arnA));
    const progress: [number, number][] = [];
    const toKms = await t.db.transaction((tx) => rotateMasterKey(tx, local, kmsA, (d, n) => progress.push([d, n])));
    expect(toKms).toEqual({ dataKeys: 2, signingKeys: 1, alreadyRotated: 0 });
    expect(progress.at(-1)).toEqual([3, 3]);
    expect(new Set(await masterIds())).toEqual(new Set([`kms:${arnA}`]));
    await expectReadableUnder(kmsA);
    expect(await t.db.transaction((tx) => rotateMasterKey(tx, local, kmsA))).toEqual({ dataKeys: 0, signingKeys: 0, alreadyRotated: 3 });

    // KMS → KMS through a proxy that fails every Decrypt and Encrypt: only ReEncrypt can succeed.
    const proxy = await startFaultProxy(moto.endpoint, [{ kind: 'status-500', times: Infinity, match: (r) => /^TrentService\.(Decrypt|Encrypt)$/.test(r.target ?? '') }]);
    try {
      const [viaA, viaB] = [await connectKms(kmsSettings(proxy.endpoint, arnA)), await connectKms(kmsSettings(proxy.endpoint, 'alias/costwatch-next'))];
      expect(viaB.id).toBe(`kms:${arnB}`);
      expect(await t.db.transaction((tx) => rotateMasterKey(tx, viaA, viaB))).toEqual({ dataKeys: 2, signingKeys: 1, alreadyRotated: 0 });
      expect(proxy.faults()).toBe(0);
    } finally {
      await proxy.stop();
    }
    const kmsB = await connectKms(kmsSettings(moto.endpoint, arnB));
    expect(new Set(await masterIds())).toEqual(new Set([`kms:${arnB}`]));
    await expectReadableUnder(kmsB);
    expect(await t.db.transaction((tx) => rotateMasterKey(tx, kmsA, kmsB))).toEqual({ dataKeys: 0, signingKeys: 0, alreadyRotated: 3 });

    // A rotation from a key the rows are not under names both and changes nothing.
    await expect(t.db.transaction((tx) => rotateMasterKey(tx, kmsA, local))).rejects.toThrow(`wrapped by master key kms:${arnB}, not the configured kms:${arnA}`);
    expect(new Set(await masterIds())).toEqual(new Set([`kms:${arnB}`]));

    const back = masterKeyFrom(randomBytes(32), 'env');
    expect(await t.db.transaction((tx) => rotateMasterKey(tx, kmsB, back))).toEqual({ dataKeys: 2, signingKeys: 1, alreadyRotated: 0 });
    await expectReadableUnder(back);
    installMasterKey(kmsB);
    forgetDataKeys();
    const [org, s] = [...secrets][0]!;
    await expect(decryptSecret(t.db, org, s.sealed)).rejects.toBeInstanceOf(DecryptError);
    installMasterKey(back);
  });

  it('the rotate command reads NEW_KMS_KEY_ID or NEW_MASTER_KEY from the environment and can be re-run after an interruption', async () => {
    const from = activeMasterKey(); // local, from the previous test
    const services = { config: loadConfig({ PGLITE_DIR: ':memory:', KMS_AWS_ENDPOINT: moto.endpoint, AWS_REGION: 'eu-west-1' }), db: t.db } as unknown as Services;
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await expect(rotateMasterKeyAction(services)).rejects.toThrow(/NEW_MASTER_KEY .* or NEW_KMS_KEY_ID/);
      process.env.NEW_KMS_KEY_ID = 'alias/costwatch-next';
      process.env.NEW_MASTER_KEY = randomBytes(32).toString('base64');
      await expect(rotateMasterKeyAction(services)).rejects.toThrow(/not both/);
      delete process.env.NEW_MASTER_KEY;

      await rotateMasterKeyAction(services);
      expect(activeMasterKey().id).toBe(`kms:${arnB}`);
      expect(log.mock.calls.map((c) => String(c[0]))).toEqual([
        'rewrapped 2 organization data keys and 1 signing keys (0 already under the new key)',
        `now set KMS_KEY_ID=${arnB} and restart every CostWatch process`,
      ]);
      // Run again from a process still configured with the old key: nothing left to do.
      installMasterKey(from);
      await rotateMasterKeyAction(services);
      expect(log.mock.calls[2]![0]).toBe('rewrapped 0 organization data keys and 0 signing keys (3 already under the new key)');
      await expect(rotateMasterKeyAction(services)).rejects.toThrow(`the new master key is the current one (kms:${arnB})`);
    } finally {
      log.mockRestore();
    }
    await expectReadableUnder(activeMasterKey());
  });
});
