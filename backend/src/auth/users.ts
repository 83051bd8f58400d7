import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { pgErrorCode, PG_ERRORS, type Queryable } from '../store/queryable.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js';
import type { Role } from './roles.js';
import { hashToken, newOpaqueToken } from './tokens.js';

export interface UserInfo {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  invited: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  is_active: boolean;
  invited: boolean;
  last_login_at: Date | null;
  created_at: Date;
}

const COLUMNS = `id, email, name, role, is_active, password_hash IS NULL AS invited, last_login_at, created_at`;

function toInfo(r: UserRow): UserInfo {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    active: r.is_active,
    invited: r.invited,
    lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export function checkPassword(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ValidationError(`password must have at least ${MIN_PASSWORD_LENGTH} characters`, field);
}

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Creates a user. With a password the account is ready; without one an invite token is
 * returned once (valid 7 days) for POST /api/v1/auth/accept-invite.
 */
export async function createUser(
  db: Queryable,
  organizationId: string,
  input: { email: string; name?: string; role: Role; password?: string },
  createdBy?: string,
): Promise<{ user: UserInfo; inviteToken?: string }> {
  if (input.password !== undefined) checkPassword(input.password);
  const hash = input.password !== undefined ? await hashPassword(input.password) : null;
  try {
    const { rows } = await db.query<UserRow>(
      `INSERT INTO users (organization_id, email, name, role, password_hash) VALUES ($1, lower($2), $3, $4, $5) RETURNING ${COLUMNS}`,
      [organizationId, input.email, input.name ?? '', input.role, hash],
    );
    const user = toInfo(rows[0]!);
    if (hash) return { user };
    const invite = newOpaqueToken('cwi_');
    await db.query(
      `INSERT INTO user_invites (organization_id, user_id, token_hash, created_by, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [organizationId, user.id, invite.hash, createdBy ?? null, new Date(Date.now() + INVITE_TTL_MS)],
    );
    return { user, inviteToken: invite.token };
  } catch (err) {
    if (pgErrorCode(err) === PG_ERRORS.uniqueViolation) throw new ConflictError(`a user with email ${input.email} already exists`, 'email');
    throw err;
  }
}

/** Sets the password of an invited user; returns the user, or undefined for a bad/expired/used token. */
export async function acceptInvite(db: Queryable, token: string, password: string): Promise<{ organizationId: string; userId: string } | undefined> {
  checkPassword(password);
  const { rows } = await db.query<{ id: string; organization_id: string; user_id: string }>(
    `SELECT id, organization_id, user_id FROM user_invites WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now()`,
    [hashToken(token)],
  );
  const inv = rows[0];
  if (!inv) return undefined;
  const hash = await hashPassword(password);
  await db.query('UPDATE user_invites SET accepted_at = now() WHERE id = $1', [inv.id]);
  await db.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [inv.user_id, hash]);
  return { organizationId: inv.organization_id, userId: inv.user_id };
}

export async function listUsers(db: Queryable, organizationId: string): Promise<UserInfo[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE organization_id = $1 ORDER BY email`, [organizationId]);
  return rows.map(toInfo);
}

export async function getUser(db: Queryable, organizationId: string, id: string): Promise<UserInfo> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  if (!rows[0]) throw new NotFoundError(`no user ${id}`, 'userId');
  return toInfo(rows[0]);
}

export async function updateUser(
  db: Queryable,
  organizationId: string,
  id: string,
  patch: { name?: string; role?: Role; active?: boolean; password?: string },
): Promise<UserInfo> {
  if (patch.password !== undefined) checkPassword(patch.password);
  const hash = patch.password !== undefined ? await hashPassword(patch.password) : null;
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET name = coalesce($3, name), role = coalesce($4, role), is_active = coalesce($5, is_active),
            password_hash = coalesce($6, password_hash), updated_at = now()
      WHERE organization_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [organizationId, id, patch.name ?? null, patch.role ?? null, patch.active ?? null, hash],
  );
  if (!rows[0]) throw new NotFoundError(`no user ${id}`, 'userId');
  if (patch.active === false || patch.role !== undefined || hash) {
    // Sessions end when access changes; access tokens follow through the auth cache generation.
    await db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [id]);
  }
  return toInfo(rows[0]);
}
