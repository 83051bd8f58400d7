import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../store/queryable.js';
import type { Role } from './roles.js';

export interface Principal {
  organizationId: string;
  role: Role;
  kind: 'api_key';
  keyId: string;
  name: string;
}

const PREFIX = 'cw_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Creates a key and returns it once; only its SHA-256 is stored (keys carry 256 random bits). */
export async function createApiKey(
  db: Queryable,
  organizationId: string,
  role: Role,
  name: string,
  expiresAt?: Date,
): Promise<{ id: string; key: string }> {
  const key = PREFIX + randomBytes(32).toString('base64url');
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO api_keys (organization_id, name, role, key_prefix, key_hash, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [organizationId, name, role, key.slice(0, 10), hashApiKey(key), expiresAt ?? null],
  );
  return { id: rows[0]!.id, key };
}

/** Looks a presented key up by its hash (an index lookup, no secret-dependent comparison). */
export async function verifyApiKey(db: Queryable, key: string): Promise<Principal | undefined> {
  if (!key.startsWith(PREFIX) || key.length > 100) return undefined;
  const { rows } = await db.query<{ id: string; organization_id: string; role: Role; name: string }>(
    `SELECT id, organization_id, role, name FROM api_keys
      WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [hashApiKey(key)],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { organizationId: row.organization_id, role: row.role, kind: 'api_key', keyId: row.id, name: row.name };
}
