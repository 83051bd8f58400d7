import type { Context, MiddlewareHandler, Next } from 'hono';
import { roleAllows, type Permission, type Principal } from '../../auth/index.js';
import { ForbiddenError, UnauthenticatedError } from '../../domain/errors.js';
import type { AppEnv } from '../context.js';
import type { Gateway } from './gateway.js';
import { clientIp } from './rate-limit.js';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Resolves the caller from its bearer credential (API key or access token) and enforces the
 * route's permission. The organization comes from the credential only. Failed attempts count
 * against the caller's address; too many lock it out (429) before any lookup happens.
 */
export function authorize(gw: Gateway, permission: Permission): MiddlewareHandler<AppEnv> {
  if (permission === 'public') return (_c, next) => next();
  // Not an async function: a credential verified moments ago, from an address known not to be
  // locked out, within its limit, is decided without a single promise (a measurable share of a
  // cached answer's cost); anything else takes the full path.
  return (c, next) => {
    const ip = clientIp(c, gw.trustProxy);
    const header = c.req.header('authorization') ?? '';
    const known = knownCaller(gw, ip, header);
    if (known && gw.limits.perPrincipal.admitLocally(limitKey(known))) {
      c.set('principal', known);
      if (!roleAllows(known.role, permission)) forbidden(c, known, permission);
      return next();
    }
    return verify(gw, permission, c, next, ip, BEARER.exec(header));
  };
}

/**
 * The caller, decided from memory alone: a credential verified moments ago, presented from an
 * address known not to be locked out. Undefined means "take the full path". Only a credential
 * remembered exactly is accepted, so the plain prefix check is enough.
 */
export function knownCaller(gw: Gateway, ip: string, authorization: string | undefined): Principal | undefined {
  return authorization?.startsWith('Bearer ') && gw.limits.knownClear(ip) ? gw.auth.recall(authorization.slice(7)) : undefined;
}

// One key string per remembered principal: a fresh one per request would be hashed every time.
const limitKeys = new WeakMap<Principal, string>();
export function limitKey(p: Principal): string {
  let key = limitKeys.get(p);
  if (key === undefined) limitKeys.set(p, (key = `${p.kind}:${p.id}`));
  return key;
}

async function verify(gw: Gateway, permission: Permission, c: Context<AppEnv>, next: Next, ip: string, match: RegExpExecArray | null): Promise<void> {
  if (!match) {
    await gw.limits.ensureNotLockedOut(c, ip);
    throw new UnauthenticatedError('missing bearer token in Authorization header');
  }
  // The lockout check and the credential lookup are independent round trips: run them together,
  // and a locked-out address is refused (429) whatever the credential turned out to be.
  const [, principal] = await Promise.all([gw.limits.ensureNotLockedOut(c, ip), gw.auth.authenticate(match[1]!)]);
  if (!principal) {
    await gw.limits.recordFailure(ip);
    c.get('log').warn({ security_event: 'auth_failed', ip }, 'security: invalid credential');
    throw new UnauthenticatedError('invalid, expired or revoked token');
  }
  c.set('principal', principal);
  await gw.limits.consume(c, gw.limits.perPrincipal, limitKey(principal), 'too many requests for this credential');
  if (!roleAllows(principal.role, permission)) forbidden(c, principal, permission);
  await next();
}

function forbidden(c: Context<AppEnv>, principal: Principal, permission: Permission): never {
  c.get('log').warn({ security_event: 'forbidden', permission, role: principal.role, org_id: principal.organizationId }, 'security: permission denied');
  throw new ForbiddenError(`role ${principal.role} lacks permission ${permission}`);
}
