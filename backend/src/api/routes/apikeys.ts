import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey, ROLES } from '../../auth/index.js';
import { ValidationError } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { Queryable } from '../../store/queryable.js';
import type { ApiDeps } from '../context.js';
import { auditRequest } from '../middleware/audit.js';
import { gatewayOf } from '../middleware/gateway.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

const createBody = z.object({
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  expiresAt: z.coerce
    .date()
    .refine((d) => d.getTime() > Date.now(), 'must be in the future')
    .optional(),
});

async function keyFixture(db: Queryable, organizationId: string): Promise<Record<string, string>> {
  return { keyId: (await createApiKey(db, organizationId, 'viewer', 'fixture')).id };
}

/** API keys (Grafana datasource, services): shown once at creation, stored hashed, revocable. */
export function apiKeyRoutes(deps: ApiDeps): RouteDef[] {
  const gw = gatewayOf(deps);
  return [
    {
      method: 'GET',
      path: '/api/v1/apikeys',
      permission: 'apikeys:manage',
      summary: 'API keys of the organization: prefix, role, expiry, last use (never the key)',
      handler: async (c) => c.json({ keys: await listApiKeys(deps.db, principalOf(c).organizationId) }),
    },
    {
      method: 'POST',
      path: '/api/v1/apikeys',
      permission: 'apikeys:manage',
      summary: 'Creates a key bound to this organization and a role; the key is in this answer only',
      exampleBody: { name: 'grafana', role: 'viewer' },
      handler: async (c) => {
        const p = principalOf(c);
        const body = parseOrThrow(createBody, await readJson(c));
        const { id, key } = await createApiKey(deps.db, p.organizationId, body.role, body.name, body.expiresAt, p.kind === 'user' ? p.userId : undefined);
        await auditRequest(c, deps.db, { action: 'apikey.create', target: id, details: { name: body.name, role: body.role, expiresAt: body.expiresAt?.toISOString() } });
        return c.json({ id, key, name: body.name, role: body.role, expiresAt: body.expiresAt?.toISOString() ?? null }, 201);
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/apikeys/:keyId',
      permission: 'apikeys:manage',
      summary: 'Revokes a key (effective at once in this process, within a second elsewhere)',
      fixture: keyFixture,
      handler: async (c) => {
        const p = principalOf(c);
        const id = c.req.param('keyId') ?? '';
        if (!z.string().uuid().safeParse(id).success) throw new ValidationError('keyId must be a UUID', 'keyId');
        await revokeApiKey(deps.db, p.organizationId, id);
        await gw.auth.revoked(p.organizationId);
        await auditRequest(c, deps.db, { action: 'apikey.revoke', target: id });
        return c.body(null, 204);
      },
    },
  ];
}
