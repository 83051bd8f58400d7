import type { MiddlewareHandler } from 'hono';
import { roleAllows, verifyApiKey, type Permission } from '../../auth/index.js';
import { ForbiddenError, UnauthenticatedError } from '../../domain/errors.js';
import type { Database } from '../../store/queryable.js';
import type { AppEnv } from '../context.js';

/** Resolves the caller from its bearer credential; the organization comes from there only. */
export function authorize(db: Database, permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (permission === 'public') return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthenticatedError('missing bearer token in Authorization header');
    const principal = await verifyApiKey(db, match[1]!);
    if (!principal) throw new UnauthenticatedError('invalid, expired or revoked token');
    c.set('principal', principal);
    if (!roleAllows(principal.role, permission)) {
      throw new ForbiddenError(`role ${principal.role} lacks permission ${permission}`);
    }
    await next();
  };
}
