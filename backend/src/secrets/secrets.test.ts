import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningKeys } from '../auth/index.js';
import { loadConfig } from '../config/index.js';
import { createOrg } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { DecryptError, decryptSecret, encryptSecret, forgetDataKeys, installMasterKey, masterKeyFrom, resolveMasterKey, rotateMasterKey } from './index.js';

describe('secrets at rest (AES-256-GCM, per-organization data keys under a master key)', () => {
  let t: TestDatabase;
  let orgA: string;
  let orgB: string;
  const k1 = masterKeyFrom(randomBytes(32), 'env');
  const k2 = masterKeyFrom(randomBytes(32), 'env');

  beforeAll(async () => {
    t = await createTestDatabase();
    orgA = await createOrg(t.db, 'Secrets A');
    orgB = await createOrg(t.db, 'Secrets B');
    installMasterKey(k1);
    forgetDataKeys();
  });
  afterAll(async () => t.drop());

  it('round-trips, never stores the plaintext, and binds a ciphertext to its organization', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const ct = await encryptSecret(t.db, orgA, secret);
    expect(ct).not.toContain(secret);
    expect(ct).not.toBe(await encryptSecret(t.db, orgA, secret)); // fresh nonce every time
    expect(await decryptSecret(t.db, orgA, ct)).toBe(secret);
    await expect(decryptSecret(t.db, orgB, ct)).rejects.toBeInstanceOf(DecryptError);
    const tampered = ct.slice(0, -2) + (ct.endsWith('A') ? 'BB' : 'AA');
    await expect(decryptSecret(t.db, orgA, tampered)).rejects.toBeInstanceOf(DecryptError);
    const { rows } = await t.db.query<{ wrapped_key: string }>('SELECT wrapped_key FROM organization_data_keys WHERE organization_id = $1', [orgA]);
    expect(rows[0]!.wrapped_key).toMatch(/^v1\./);
  });

  it('rotating the master key rewraps data and signing keys; secrets stay readable only under the new key', async () => {
    const ct = await encryptSecret(t.db, orgB, 'smtp-password-1');
    const keys = new SigningKeys(t.db);
    const token = await keys.sign({ sub: 'u', org: orgA, role: 'viewer', sid: 's' }, 60);
    const res = await t.db.transaction((tx) => rotateMasterKey(tx, k1, k2));
    expect(res.dataKeys).toBe(2);
    expect(res.signingKeys).toBe(1);
    forgetDataKeys();
    installMasterKey(k2);
    expect(await decryptSecret(t.db, orgB, ct)).toBe('smtp-password-1');
    const fresh = new SigningKeys(t.db);
    await expect(fresh.verify(token)).resolves.toMatchObject({ org: orgA });
    await expect(fresh.sign({ sub: 'u', org: orgA, role: 'viewer', sid: 's' }, 60)).resolves.toMatch(/^eyJ/);
    // Repeating the rotation changes nothing; the old key no longer opens anything.
    const again = await t.db.transaction((tx) => rotateMasterKey(tx, k1, k2));
    expect(again).toEqual({ dataKeys: 0, signingKeys: 0, alreadyRotated: 3 });
    forgetDataKeys();
    installMasterKey(k1);
    await expect(decryptSecret(t.db, orgB, ct)).rejects.toThrow(/master key/);
    installMasterKey(k2);
    forgetDataKeys();
  });

  it('resolves MASTER_KEY first, else a 0600 key file beside the PGlite data, else a per-process key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-mk-'));
    const warnings: string[] = [];
    const onDisk = loadConfig({ PGLITE_DIR: join(dir, 'pglite') });
    const first = resolveMasterKey(onDisk, (m) => warnings.push(m));
    expect(first.source).toBe('file');
    expect(warnings[0]).toMatch(/MASTER_KEY is not set/);
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(resolveMasterKey(onDisk, (m) => warnings.push(m)).id).toBe(first.id);
    expect(warnings).toHaveLength(1);
    const env = resolveMasterKey(loadConfig({ PGLITE_DIR: join(dir, 'pglite'), MASTER_KEY: readFileSync(join(dir, 'master.key'), 'utf8').trim() }), () => undefined);
    expect(env).toMatchObject({ source: 'env', id: first.id });
    expect(resolveMasterKey(loadConfig({ PGLITE_DIR: ':memory:' }), () => undefined).source).toBe('process');
    expect(() => loadConfig({ MASTER_KEY: 'dG9vIHNob3J0' })).toThrow(/MASTER_KEY/);
  });
});
