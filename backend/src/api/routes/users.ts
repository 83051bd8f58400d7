import { z } from 'zod';
import { createUser, getUser, listUsers, ROLES, updateUser } from '../../auth/index.js';
import { ValidationError } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { Queryable } from '../../store/queryable.js';
import type { ApiDeps } from '../context.js';
import { auditRequest } from '../middleware/audit.js';
import { gatewayOf } from '../middleware/gateway.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

const createBody = z.object({
  email: z.string().trim().email().max(320),
  name: z.string().trim().max(200).optional(),
  role: z.enum(ROLES),
  password: z.string().max(1024).optional(),
});
const patchBody = z
  .object({
    name: z.string().trim().max(200).optional(),
    role: z.enum(ROLES).optional(),
    active: z.boolean().optional(),
    password: z.string().max(1024).optional(),
  })
  .strict();
const uuid = z.string().uuid();

function userId(raw: string | undefined): string {
  const r = uuid.safeParse(raw);
  if (!r.success) throw new ValidationError('userId must be a UUID', 'userId');
  return r.data;
}

async function userFixture(db: Queryable, organizationId: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (organization_id, email, name, role) VALUES ($1, $2, 'fixture', 'viewer') RETURNING id`,
    [organizationId, `fixture-${Math.random().toString(36).slice(2, 10)}@example.com`],
  );
  return { userId: rows[0]!.id };
}

/** Users of the caller's organization: list, create or invite, change role, deactivate. */
export function userRoutes(deps: ApiDeps): RouteDef[] {
  const gw = gatewayOf(deps);
  return [
    {
      method: 'GET',
      path: '/api/v1/users',
      permission: 'users:manage',
      summary: 'Users of the organization (never their password hashes)',
      handler: async (c) => c.json({ users: await listUsers(deps.db, principalOf(c).organizationId) }),
    },
    {
      method: 'POST',
      path: '/api/v1/users',
      permission: 'users:manage',
      summary: 'Creates a user with a password, or invites one (invite token returned once)',
      exampleBody: { email: 'new.user@example.com', role: 'viewer' },
      handler: async (c) => {
        const p = principalOf(c);
        const body = parseOrThrow(createBody, await readJson(c));
        const res = await createUser(deps.db, p.organizationId, body, p.kind === 'user' ? p.userId : undefined);
        await auditRequest(c, deps.db, { action: 'user.create', target: res.user.id, details: { email: res.user.email, role: res.user.role, invited: !body.password } });
        return c.json(res, 201);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/users/:userId',
      permission: 'users:manage',
      summary: 'One user',
      fixture: userFixture,
      handler: async (c) => c.json(await getUser(deps.db, principalOf(c).organizationId, userId(c.req.param('userId')))),
    },
    {
      method: 'PATCH',
      path: '/api/v1/users/:userId',
      permission: 'users:manage',
      summary: 'Changes name, role, active flag or password; role and access changes end the user’s sessions',
      fixture: userFixture,
      exampleBody: { role: 'editor' },
      handler: async (c) => {
        const p = principalOf(c);
        const id = userId(c.req.param('userId'));
        const body = parseOrThrow(patchBody, await readJson(c));
        const user = await updateUser(deps.db, p.organizationId, id, body);
        await gw.auth.revoked(p.organizationId);
        const changed = Object.keys(body).map((k) => (k === 'password' ? 'password (not recorded)' : k));
        await auditRequest(c, deps.db, { action: 'user.update', target: id, details: { changed, role: body.role, active: body.active } });
        return c.json(user);
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/users/:userId',
      permission: 'users:manage',
      summary: 'Deactivates a user (kept for the audit trail) and ends their sessions',
      fixture: userFixture,
      handler: async (c) => {
        const p = principalOf(c);
        const id = userId(c.req.param('userId'));
        if (p.kind === 'user' && p.userId === id) throw new ValidationError('you cannot deactivate yourself', 'userId');
        await updateUser(deps.db, p.organizationId, id, { active: false });
        await gw.auth.revoked(p.organizationId);
        await auditRequest(c, deps.db, { action: 'user.deactivate', target: id });
        return c.body(null, 204);
      },
    },
  ];
}
