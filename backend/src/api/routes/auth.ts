import { z } from 'zod';
import { acceptInvite } from '../../auth/index.js';
import { UnauthenticatedError } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { ApiDeps } from '../context.js';
import { auditRequest } from '../middleware/audit.js';
import { gatewayOf } from '../middleware/gateway.js';
import { clientIp } from '../middleware/rate-limit.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

const loginBody = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(1024),
  organization: z.string().trim().min(1).max(100).optional(),
});
const refreshBody = z.object({ refreshToken: z.string().min(10).max(200) });
const inviteBody = z.object({ token: z.string().min(10).max(200), password: z.string().max(1024) });

/** Login, token refresh (rotating, reuse-detecting), logout, invites, the caller's identity, JWKS. */
export function authRoutes(deps: ApiDeps): RouteDef[] {
  const gw = gatewayOf(deps);
  return [
    {
      method: 'POST',
      path: '/api/v1/auth/login',
      permission: 'public',
      summary: 'Email + password (argon2id) → access token (JWT, short-lived) and refresh token',
      exampleBody: { email: 'someone@example.com', password: 'correct horse battery staple' },
      handler: async (c) => {
        const body = parseOrThrow(loginBody, await readJson(c));
        const ip = clientIp(c, gw.trustProxy);
        const emailKey = `login:${body.email.toLowerCase()}`;
        await gw.limits.ensureNotLockedOut(c, ip);
        await gw.limits.ensureNotLockedOut(c, emailKey);
        try {
          const { tokens, principal } = await gw.auth.login(body);
          await auditRequest(c, deps.db, { action: 'auth.login', target: principal.id, principal });
          return c.json(tokens);
        } catch (err) {
          if (err instanceof UnauthenticatedError) {
            await gw.limits.recordFailure(ip);
            await gw.limits.recordFailure(emailKey);
          }
          throw err;
        }
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/refresh',
      permission: 'public',
      summary: 'Rotates a refresh token; a reused one revokes every token of its login',
      exampleBody: { refreshToken: 'cwr_not-a-real-token' },
      handler: async (c) => {
        const ip = clientIp(c, gw.trustProxy);
        await gw.limits.ensureNotLockedOut(c, ip);
        const body = parseOrThrow(refreshBody, await readJson(c));
        try {
          return c.json(await gw.auth.refresh(body.refreshToken));
        } catch (err) {
          if (err instanceof UnauthenticatedError) await gw.limits.recordFailure(ip);
          throw err;
        }
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/logout',
      permission: 'self:read',
      summary: 'Ends the caller’s login session (refresh tokens and access tokens)',
      exampleBody: {},
      handler: async (c) => {
        const p = principalOf(c);
        await gw.auth.logout(p);
        await auditRequest(c, deps.db, { action: 'auth.logout', target: p.id });
        return c.body(null, 204);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/accept-invite',
      permission: 'public',
      summary: 'Sets the password of an invited user (token from POST /api/v1/users)',
      exampleBody: { token: 'cwi_not-a-real-token', password: 'a long enough password' },
      handler: async (c) => {
        const ip = clientIp(c, gw.trustProxy);
        await gw.limits.ensureNotLockedOut(c, ip);
        const body = parseOrThrow(inviteBody, await readJson(c));
        const accepted = await acceptInvite(deps.db, body.token, body.password);
        if (!accepted) {
          await gw.limits.recordFailure(ip);
          throw new UnauthenticatedError('invalid, expired or already used invite');
        }
        return c.json({ accepted: true, userId: accepted.userId });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/auth/me',
      permission: 'self:read',
      summary: 'Who the credential belongs to: organization, role, kind',
      handler: (c) => {
        const p = principalOf(c);
        return c.json({ organizationId: p.organizationId, role: p.role, kind: p.kind, id: p.id, name: p.name });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/auth/jwks',
      permission: 'public',
      summary: 'Public keys that verify access tokens (JWKS)',
      handler: async (c) => c.json(await gw.auth.keys.jwks()),
    },
  ];
}
