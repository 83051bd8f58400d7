import { createHash, randomBytes } from 'node:crypto';
import { NotFoundError } from '../domain/errors.js';
import type { Queryable } from '../store/queryable.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

export type { Principal } from './principal.js';

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
  createdBy?: string,
): Promise<{ id: string; key: string }> {
  const key = PREFIX + randomBytes(32).toString('base64url');
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO api_keys (organization_id, name, role, key_prefix, key_hash, expires_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [organizationId, name, role, key.slice(0, 10), hashApiKey(key), expiresAt ?? null, createdBy ?? null],
  );
  return { id: rows[0]!.id, key };
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(PREFIX) && token.length <= 100;
}

/**
 * Looks a presented key up by its SHA-256 (an index lookup on the hash: no comparison of the
 * secret itself, so response time does not depend on how many leading characters were right).
 */
export async function verifyApiKey(db: Queryable, key: string): Promise<Principal | undefined> {
  if (!looksLikeApiKey(key)) return undefined;
  const { rows } = await db.query<{ id: string; organization_id: string; role: Role; name: string; stale: boolean }>(
    `SELECT id, organization_id, role, name,
            (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale
       FROM api_keys
      WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [hashApiKey(key)],
  );
  const row = rows[0];
  if (!row) return undefined;
  // last_used_at at minute precision: one write per key per minute at most, not one per request.
  if (row.stale) await db.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [row.id]);
  return { organizationId: row.organization_id, role: row.role, kind: 'api_key', id: row.id, keyId: row.id, name: row.name };
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function listApiKeys(db: Queryable, organizationId: string): Promise<ApiKeyInfo[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    role: Role;
    key_prefix: string;
    created_at: Date;
    expires_at: Date | null;
    last_used_at: Date | null;
    revoked_at: Date | null;
  }>(
    `SELECT id, name, role, key_prefix, created_at, expires_at, last_used_at, revoked_at
       FROM api_keys WHERE organization_id = $1 ORDER BY created_at DESC`,
    [organizationId],
  );
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    prefix: r.key_prefix,
    createdAt: new Date(r.created_at).toISOString(),
    expiresAt: iso(r.expires_at),
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  }));
}

/** Revokes a key of this organization; another organization's id is simply not found. */
export async function revokeApiKey(db: Queryable, organizationId: string, id: string): Promise<void> {
  const { rowCount } = await db.query(
    'UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND organization_id = $2',
    [id, organizationId],
  );
  if (rowCount === 0) throw new NotFoundError(`no API key ${id}`, 'keyId');
}
