import { randomBytes } from 'node:crypto';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { Database, Queryable } from '../store/queryable.js';
import { createApiKey } from './apikeys.js';
import { audit } from './audit.js';
import type { Role } from './roles.js';
import { createUser, updateUser } from './users.js';

/** An organization by id or slug; without one, the only organization there is (demo included). */
export async function resolveOrganization(db: Queryable, ref?: string): Promise<{ id: string; slug: string }> {
  const { rows } = await db.query<{ id: string; slug: string }>(
    `SELECT id, slug FROM organizations WHERE ($1::text IS NULL OR slug = $1 OR id::text = $1) ORDER BY is_demo, created_at`,
    [ref ?? null],
  );
  if (rows.length === 0) throw new NotFoundError(ref ? `no organization ${ref}` : 'no organization exists yet: run costwatch admin create first', 'org');
  if (rows.length > 1) throw new ValidationError(`several organizations exist (${rows.map((r) => r.slug).join(', ')}): name one with --org`, 'org');
  return rows[0]!;
}

const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'org';

/**
 * `costwatch admin create`: the organization (created when its slug is new) and an admin user.
 * Without a password a strong one is generated and returned once. Re-running for an existing
 * email resets that user to an active admin with the new password (recovery path).
 */
export async function bootstrapAdmin(
  db: Database,
  input: { org: string; email: string; name?: string; password?: string },
): Promise<{ organizationId: string; userId: string; password: string; createdOrg: boolean; createdUser: boolean }> {
  const password = input.password ?? randomBytes(18).toString('base64url');
  return db.transaction(async (tx) => {
    const slug = slugOf(input.org);
    const found = await tx.query<{ id: string }>('SELECT id FROM organizations WHERE slug = $1 OR id::text = $2', [slug, input.org]);
    let organizationId = found.rows[0]?.id;
    const createdOrg = !organizationId;
    if (!organizationId) {
      const { rows } = await tx.query<{ id: string }>('INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id', [input.org, slug]);
      organizationId = rows[0]!.id;
    }
    const existing = await tx.query<{ id: string }>('SELECT id FROM users WHERE organization_id = $1 AND lower(email) = lower($2)', [organizationId, input.email]);
    let userId = existing.rows[0]?.id;
    if (userId) await updateUser(tx, organizationId, userId, { role: 'admin', active: true, password });
    else userId = (await createUser(tx, organizationId, { email: input.email, name: input.name, role: 'admin', password })).user.id;
    await audit(tx, { orgId: organizationId, actor: 'cli', action: existing.rows[0] ? 'user.reset_admin' : 'user.create', target: userId, details: { email: input.email, role: 'admin' } });
    return { organizationId, userId, password, createdOrg, createdUser: !existing.rows[0] };
  });
}

/** `costwatch apikey create`: a key for provisioning (Grafana datasource), audited as done by the CLI. */
export async function bootstrapApiKey(
  db: Database,
  input: { org?: string; role: Role; name: string; expiresInDays?: number },
): Promise<{ organizationId: string; id: string; key: string }> {
  const org = await resolveOrganization(db, input.org);
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : undefined;
  const { id, key } = await createApiKey(db, org.id, input.role, input.name, expiresAt);
  await audit(db, { orgId: org.id, actor: 'cli', action: 'apikey.create', target: id, details: { name: input.name, role: input.role, expiresAt: expiresAt?.toISOString() } });
  return { organizationId: org.id, id, key };
}
