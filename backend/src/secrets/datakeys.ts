import type { Queryable } from '../store/queryable.js';
import { DecryptError, open, seal } from './aead.js';
import { dataKeyContext, describeContext, masterContext, type Keyring, type WrapContext } from './keyring.js';
import { activeMasterKey } from './masterkey.js';

// Unwrapped data keys by organization, with the wrapped value they came from. A hit needs the row
// to still hold that value: a key generated in a transaction that rolled back is never reused, and
// a rotation (new wrapped value, same data key) costs one unwrap, not a wrong answer. Pending
// unwraps are shared, so concurrent first uses make one KMS Decrypt.
const dataKeys = new Map<string, { wrapped: string; key: Promise<Buffer> }>();

interface KeyRow {
  wrapped_key: string;
  master_key_id: string;
}

function mismatch(what: string, stored: string, configured: Keyring): DecryptError {
  return new DecryptError(`${what} is wrapped by master key ${stored}, not the configured ${configured.id}`);
}

async function dataKey(db: Queryable, orgId: string): Promise<Buffer> {
  const select = () =>
    db.query<KeyRow>('SELECT wrapped_key, master_key_id FROM organization_data_keys WHERE organization_id = $1', [orgId]).then((r) => r.rows[0]);
  let row = await select();
  const master = activeMasterKey();
  if (!row) {
    const fresh = await master.generateDataKey(orgId);
    const inserted = await db.query(
      `INSERT INTO organization_data_keys (organization_id, wrapped_key, master_key_id) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id) DO NOTHING RETURNING organization_id`,
      [orgId, fresh.wrapped, master.id],
    );
    if (inserted.rows.length) {
      dataKeys.set(orgId, { wrapped: fresh.wrapped, key: Promise.resolve(fresh.plaintext) });
      return fresh.plaintext;
    }
    row = (await select())!; // another process created it first
  }
  const cached = dataKeys.get(orgId);
  if (cached?.wrapped === row.wrapped_key) return cached.key;
  if (row.master_key_id !== master.id) throw mismatch(`data key of organization ${orgId}`, row.master_key_id, master);
  const key = master.unwrap(row.wrapped_key, dataKeyContext(orgId));
  const entry = { wrapped: row.wrapped_key, key };
  dataKeys.set(orgId, entry);
  // A failed unwrap (KMS unreachable, throttled) is not remembered: the next use tries again.
  key.catch(() => dataKeys.get(orgId) === entry && dataKeys.delete(orgId));
  return key;
}

/** Encrypts a secret (external id, access key, webhook secret, SMTP password) for one organization. */
export async function encryptSecret(db: Queryable, orgId: string, plaintext: string): Promise<string> {
  return seal(await dataKey(db, orgId), plaintext, `costwatch:secret:${orgId}`);
}

/** Decrypts what encryptSecret returned; throws DecryptError for another organization's value, KmsError when KMS fails. */
export async function decryptSecret(db: Queryable, orgId: string, ciphertext: string): Promise<string> {
  return open(await dataKey(db, orgId), ciphertext, `costwatch:secret:${orgId}`).toString('utf8');
}

/** Seals process-wide material (JWT private keys) directly under the master key (KMS: Encrypt). */
export async function sealWithMaster(plaintext: string, aad: string, master: Keyring = activeMasterKey()): Promise<string> {
  return master.wrap(Buffer.from(plaintext, 'utf8'), masterContext(aad));
}

/** Opens what sealWithMaster returned; `storedUnder` (the row's master_key_id) names a wrong key instead of failing blind. */
export async function openWithMaster(sealed: string, aad: string, storedUnder?: string, master: Keyring = activeMasterKey()): Promise<string> {
  if (storedUnder !== undefined && storedUnder !== master.id) throw mismatch(describeContext(masterContext(aad)), storedUnder, master);
  return (await master.unwrap(sealed, masterContext(aad))).toString('utf8');
}

export interface RotationResult {
  dataKeys: number;
  signingKeys: number;
  alreadyRotated: number;
}

async function rewrap(from: Keyring, to: Keyring, row: KeyRow, context: WrapContext): Promise<string> {
  if (row.master_key_id !== from.id) throw mismatch(describeContext(context), row.master_key_id, from);
  return to.rewrapFrom(from, row.wrapped_key, context);
}

/**
 * Rewraps every organization data key and JWT signing key from `from` to `to` (local or KMS, either
 * way) in one transaction. Rows already under `to` are skipped, so an interrupted run can simply
 * be repeated. Data keys themselves do not change, so no secret is re-encrypted.
 */
export async function rotateMasterKey(
  tx: Queryable,
  from: Keyring,
  to: Keyring,
  onProgress?: (done: number, total: number) => void,
): Promise<RotationResult> {
  const orgs = await tx.query<KeyRow & { organization_id: string }>(
    'SELECT organization_id, wrapped_key, master_key_id FROM organization_data_keys ORDER BY organization_id FOR UPDATE',
  );
  const jwks = await tx.query<KeyRow & { kid: string }>(
    'SELECT kid, private_jwk_enc AS wrapped_key, master_key_id FROM jwt_signing_keys ORDER BY kid FOR UPDATE',
  );
  const total = orgs.rows.length + jwks.rows.length;
  const result: RotationResult = { dataKeys: 0, signingKeys: 0, alreadyRotated: 0 };
  let done = 0;
  for (const r of orgs.rows) {
    if (r.master_key_id === to.id) result.alreadyRotated++;
    else {
      await tx.query(
        'UPDATE organization_data_keys SET wrapped_key = $2, master_key_id = $3, rotated_at = now() WHERE organization_id = $1',
        [r.organization_id, await rewrap(from, to, r, dataKeyContext(r.organization_id)), to.id],
      );
      result.dataKeys++;
    }
    onProgress?.(++done, total);
  }
  for (const r of jwks.rows) {
    if (r.master_key_id === to.id) result.alreadyRotated++;
    else {
      await tx.query('UPDATE jwt_signing_keys SET private_jwk_enc = $2, master_key_id = $3 WHERE kid = $1', [
        r.kid,
        await rewrap(from, to, r, masterContext(`jwt:${r.kid}`)),
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
