import { randomBytes } from 'node:crypto';
import type { Queryable } from '../store/queryable.js';
import { DecryptError, open, seal } from './aead.js';
import { activeMasterKey, type MasterKey } from './masterkey.js';

// Unwrapped data keys, by organization. Rotating the master key rewraps rows but never changes
// a data key, so these stay valid across rotations.
const dataKeys = new Map<string, Buffer>();

const wrapAad = (orgId: string) => `costwatch:data-key:${orgId}`;

async function dataKey(db: Queryable, orgId: string): Promise<Buffer> {
  const cached = dataKeys.get(orgId);
  if (cached) return cached;
  const master = activeMasterKey();
  await db.query(
    `INSERT INTO organization_data_keys (organization_id, wrapped_key, master_key_id) VALUES ($1, $2, $3)
     ON CONFLICT (organization_id) DO NOTHING`,
    [orgId, seal(master.key, randomBytes(32), wrapAad(orgId)), master.id],
  );
  const { rows } = await db.query<{ wrapped_key: string; master_key_id: string }>(
    'SELECT wrapped_key, master_key_id FROM organization_data_keys WHERE organization_id = $1',
    [orgId],
  );
  const row = rows[0]!;
  if (row.master_key_id !== master.id) {
    throw new DecryptError(`data key of organization ${orgId} is wrapped by master key ${row.master_key_id}, not the configured ${master.id}`);
  }
  const key = open(master.key, row.wrapped_key, wrapAad(orgId));
  dataKeys.set(orgId, key);
  return key;
}

/** Encrypts a secret (external id, access key, webhook secret, SMTP password) for one organization. */
export async function encryptSecret(db: Queryable, orgId: string, plaintext: string): Promise<string> {
  return seal(await dataKey(db, orgId), plaintext, `costwatch:secret:${orgId}`);
}

/** Decrypts what encryptSecret returned; throws DecryptError for another organization's value. */
export async function decryptSecret(db: Queryable, orgId: string, ciphertext: string): Promise<string> {
  return open(await dataKey(db, orgId), ciphertext, `costwatch:secret:${orgId}`).toString('utf8');
}

/** Seals process-wide material (JWT private keys) directly under the master key. */
export function sealWithMaster(plaintext: string, aad: string, master: MasterKey = activeMasterKey()): string {
  return seal(master.key, plaintext, `costwatch:master:${aad}`);
}

export function openWithMaster(sealed: string, aad: string, master: MasterKey = activeMasterKey()): string {
  return open(master.key, sealed, `costwatch:master:${aad}`).toString('utf8');
}

export interface RotationResult {
  dataKeys: number;
  signingKeys: number;
  alreadyRotated: number;
}

/**
 * Rewraps every organization data key and JWT signing key from `from` to `to` in one
 * transaction. Rows already under `to` are skipped, so an interrupted run can simply be repeated.
 */
export async function rotateMasterKey(
  tx: Queryable,
  from: MasterKey,
  to: MasterKey,
  onProgress?: (done: number, total: number) => void,
): Promise<RotationResult> {
  const orgs = await tx.query<{ organization_id: string; wrapped_key: string; master_key_id: string }>(
    'SELECT organization_id, wrapped_key, master_key_id FROM organization_data_keys ORDER BY organization_id FOR UPDATE',
  );
  const jwks = await tx.query<{ kid: string; private_jwk_enc: string; master_key_id: string }>(
    'SELECT kid, private_jwk_enc, master_key_id FROM jwt_signing_keys ORDER BY kid FOR UPDATE',
  );
  const total = orgs.rows.length + jwks.rows.length;
  const result: RotationResult = { dataKeys: 0, signingKeys: 0, alreadyRotated: 0 };
  let done = 0;
  for (const r of orgs.rows) {
    if (r.master_key_id === to.id) result.alreadyRotated++;
    else {
      const key = open(from.key, r.wrapped_key, wrapAad(r.organization_id));
      await tx.query(
        'UPDATE organization_data_keys SET wrapped_key = $2, master_key_id = $3, rotated_at = now() WHERE organization_id = $1',
        [r.organization_id, seal(to.key, key, wrapAad(r.organization_id)), to.id],
      );
      result.dataKeys++;
    }
    onProgress?.(++done, total);
  }
  for (const r of jwks.rows) {
    if (r.master_key_id === to.id) result.alreadyRotated++;
    else {
      const jwk = openWithMaster(r.private_jwk_enc, `jwt:${r.kid}`, from);
      await tx.query('UPDATE jwt_signing_keys SET private_jwk_enc = $2, master_key_id = $3 WHERE kid = $1', [
        r.kid,
        sealWithMaster(jwk, `jwt:${r.kid}`, to),
        to.id,
      ]);
      result.signingKeys++;
    }
    onProgress?.(++done, total);
  }
  return result;
}

/** For tests and for after a rotation in this process. */
export function forgetDataKeys(): void {
  dataKeys.clear();
}
