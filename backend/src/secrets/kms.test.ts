import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningKeys } from '../auth/index.js';
import { loadConfig } from '../config/index.js';
import { createOrg } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { createKmsKey, kmsSettings } from '../testing/kms.js';
import { startFaultProxy, startMoto, useDummyAwsCredentials, type Moto } from '../testing/moto.js';
import {
  connectKms,
  DecryptError,
  decryptSecret,
  encryptSecret,
  forgetDataKeys,
  installMasterKey,
  masterKeyFrom,
  resolveKeyring,
} from './index.js';
import { KmsError, KmsKeyring } from './kms.js';

describe('secrets at rest under AWS KMS (real SDK against moto)', () => {
  let moto: Moto;
  let t: TestDatabase;
  let orgA: string;
  let orgB: string;
  let arnA: string;
  let arnB: string;
  let ctA: string;
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  beforeAll(async () => {
    useDummyAwsCredentials();
    moto = await startMoto();
    t = await createTestDatabase();
    orgA = await createOrg(t.db, 'KMS A');
    orgB = await createOrg(t.db, 'KMS B');
    arnA = await createKmsKey(moto.endpoint, 'alias/costwatch-test');
    arnB = await createKmsKey(moto.endpoint);
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
    await moto?.stop();
  });

  it('resolves KMS_KEY_ID (an alias) to its key ARN at start; an unknown key or a dead endpoint is a KmsError naming key and operation', async () => {
    const warnings: string[] = [];
    const env = { PGLITE_DIR: ':memory:', KMS_KEY_ID: 'alias/costwatch-test', KMS_AWS_ENDPOINT: moto.endpoint, AWS_REGION: 'eu-west-1' };
    const keyring = await resolveKeyring(loadConfig(env), (m) => warnings.push(m));
    expect(keyring).toMatchObject({ kind: 'kms', id: `kms:${arnA}` });
    expect(warnings).toEqual([]);
    await resolveKeyring(loadConfig({ ...env, MASTER_KEY: randomBytes(32).toString('base64') }), (m) => warnings.push(m));
    expect(warnings[0]).toMatch(/MASTER_KEY .* ignored/);
    expect(() => loadConfig({ KMS_KEY_ID: 'my key' })).toThrow(/KMS_KEY_ID/);

    const unknown = await connectKms(kmsSettings(moto.endpoint, 'alias/nope')).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(KmsError);
    expect(unknown).toMatchObject({ operation: 'DescribeKey', keyId: 'alias/nope', awsError: 'NotFoundException' });
    const dead = await connectKms(kmsSettings('http://127.0.0.1:1', arnA)).catch((e: unknown) => e);
    expect(dead).toBeInstanceOf(KmsError);
    expect((dead as KmsError).message).toContain(`KMS DescribeKey of ${arnA} (eu-west-1) failed`);
  });

  it('round-trips under a KMS-generated data key stored as the KMS blob; another organization cannot open it', async () => {
    installMasterKey(await connectKms(kmsSettings(moto.endpoint, arnA)));
    forgetDataKeys();
    ctA = await encryptSecret(t.db, orgA, secret);
    expect(ctA).not.toContain(secret);
    expect(await decryptSecret(t.db, orgA, ctA)).toBe(secret);
    const { rows } = await t.db.query<{ wrapped_key: string; master_key_id: string }>(
      'SELECT wrapped_key, master_key_id FROM organization_data_keys WHERE organization_id = $1',
      [orgA],
    );
    expect(rows[0]).toMatchObject({ master_key_id: `kms:${arnA}` });
    expect(rows[0]!.wrapped_key).toMatch(/^kms\.[A-Za-z0-9+/=]+$/);
    forgetDataKeys(); // the next use unwraps with KMS Decrypt
    expect(await decryptSecret(t.db, orgA, ctA)).toBe(secret);

    await expect(decryptSecret(t.db, orgB, ctA)).rejects.toBeInstanceOf(DecryptError);
    // A wrapped key copied into another organization's row: KMS refuses it (encryption context).
    const orgC = await createOrg(t.db, 'KMS C');
    await t.db.query('INSERT INTO organization_data_keys (organization_id, wrapped_key, master_key_id) VALUES ($1, $2, $3)', [
      orgC,
      rows[0]!.wrapped_key,
      `kms:${arnA}`,
    ]);
    const copied = await decryptSecret(t.db, orgC, ctA).catch((e: unknown) => e);
    expect(copied).toBeInstanceOf(DecryptError);
    expect((copied as Error).message).toMatch(new RegExp(`refused the data key of organization ${orgC}.*InvalidCiphertextException`));
  });

  it('seals JWT signing keys with KMS Encrypt; tokens sign and verify across processes', async () => {
    const token = await new SigningKeys(t.db).sign({ sub: 'u', org: orgA, role: 'viewer', sid: 's' }, 60);
    const { rows } = await t.db.query<{ private_jwk_enc: string; master_key_id: string }>('SELECT private_jwk_enc, master_key_id FROM jwt_signing_keys');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.master_key_id).toBe(`kms:${arnA}`);
    expect(rows[0]!.private_jwk_enc).toMatch(/^kms\./);
    const other = new SigningKeys(t.db); // another process: decrypts the private key through KMS
    await expect(other.verify(token)).resolves.toMatchObject({ org: orgA });
    await expect(other.sign({ sub: 'u', org: orgA, role: 'viewer', sid: 's' }, 60)).resolves.toMatch(/^eyJ/);
  });

  it('names the KMS key the rows are under when another key (KMS or local) is configured', async () => {
    installMasterKey(await connectKms(kmsSettings(moto.endpoint, arnB)));
    forgetDataKeys();
    const wrong = await decryptSecret(t.db, orgA, ctA).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(DecryptError);
    expect((wrong as Error).message).toBe(`data key of organization ${orgA} is wrapped by master key kms:${arnA}, not the configured kms:${arnB}`);
    await expect(new SigningKeys(t.db).sign({ sub: 'u', org: orgA, role: 'viewer', sid: 's' }, 60)).rejects.toThrow(`master key kms:${arnA}, not the configured kms:${arnB}`);
    const local = masterKeyFrom(randomBytes(32), 'env');
    installMasterKey(local);
    await expect(decryptSecret(t.db, orgA, ctA)).rejects.toThrow(`wrapped by master key kms:${arnA}, not the configured ${local.id}`);
  });

  it('a failing KMS is a KmsError naming key and operation, is not remembered, and the next call recovers', async () => {
    // Decrypt answers 503 through this proxy for as long as it runs: an outage of the KMS endpoint.
    const outage = await startFaultProxy(moto.endpoint, [{ kind: 'status-503', times: Infinity, match: (r) => r.target === 'TrentService.Decrypt' }]);
    try {
      installMasterKey(new KmsKeyring(arnA, kmsSettings(outage.endpoint, arnA)));
      forgetDataKeys();
      const down = await decryptSecret(t.db, orgA, ctA).catch((e: unknown) => e);
      expect(down).toBeInstanceOf(KmsError);
      expect(down).toMatchObject({ operation: 'Decrypt', keyId: arnA });
      expect((down as Error).message).toContain(`KMS Decrypt of the data key of organization ${orgA} with key ${arnA} (eu-west-1) failed`);
      expect(outage.faults()).toBeGreaterThan(0);
    } finally {
      await outage.stop();
    }
    // Unreachable: nothing listens on port 1. A new organization's key cannot be generated, and no row is left.
    installMasterKey(new KmsKeyring(arnA, kmsSettings('http://127.0.0.1:1', arnA)));
    const orgD = await createOrg(t.db, 'KMS D');
    await expect(encryptSecret(t.db, orgD, 'x')).rejects.toMatchObject({ name: 'KmsError', operation: 'GenerateDataKey', keyId: arnA });
    const { rows } = await t.db.query('SELECT 1 FROM organization_data_keys WHERE organization_id = $1', [orgD]);
    expect(rows).toHaveLength(0);
    // KMS back: the failed unwrap was not cached.
    installMasterKey(new KmsKeyring(arnA, kmsSettings(moto.endpoint, arnA)));
    expect(await decryptSecret(t.db, orgA, ctA)).toBe(secret);
    expect(await decryptSecret(t.db, orgD, await encryptSecret(t.db, orgD, 'x'))).toBe('x');
  });
});
