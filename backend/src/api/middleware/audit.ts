import type { Context, MiddlewareHandler } from 'hono';
import { audit, type Principal } from '../../auth/index.js';
import type { Queryable } from '../../store/queryable.js';
import type { AppEnv } from '../context.js';
import type { RouteDef } from '../route.js';
import { clientIp } from './rate-limit.js';

/** X-Grafana-User is set by Grafana's proxy: recorded as told, never trusted for access. */
export function grafanaUser(c: Context<AppEnv>): string | undefined {
  const v = c.req.header('x-grafana-user');
  return v ? v.replace(/[^\w@.+-]/g, '').slice(0, 200) || undefined : undefined;
}

export interface RequestAudit {
  action: string;
  target?: string;
  details?: Record<string, unknown>;
  /** When the caller is not (yet) a principal of the request, e.g. at login. */
  principal?: Principal;
}

/**
 * Records an audit row for the current request (who, what, from where, which request). Routes
 * call it for a richer entry than the automatic one; calling it marks the request as audited.
 */
export async function auditRequest(c: Context<AppEnv>, db: Queryable, e: RequestAudit): Promise<void> {
  const principal = e.principal ?? c.get('principal');
  if (!principal) throw new Error('auditRequest needs an authenticated principal');
  await audit(db, {
    orgId: principal.organizationId,
    actor: principal,
    action: e.action,
    target: e.target,
    ip: clientIp(c, c.get('trustProxy') ?? false),
    requestId: c.get('requestId'),
    grafanaUser: grafanaUser(c),
    details: e.details,
  });
  c.set('audited', true);
}

/** Which routes the gateway audits without being asked: every change, and every export. */
export function auditMode(r: RouteDef): 'change' | 'export' | 'none' {
  if (r.permission === 'public') return 'none';
  return r.audit ?? (r.method === 'GET' ? 'none' : 'change');
}

/**
 * Records every successful change or export, so routes added later are audited even when they
 * never call auditRequest. A failed audit write is logged loudly; the change itself has happened.
 */
export function autoAudit(db: Queryable, r: RouteDef): MiddlewareHandler<AppEnv> | undefined {
  const mode = auditMode(r);
  if (mode === 'none') return undefined;
  return async (c, next) => {
    await next();
    if (c.get('audited') || c.res.status >= 400 || !c.get('principal')) return;
    const params = c.req.param() as Record<string, string>;
    await auditRequest(c, db, {
      action: `${mode === 'export' ? 'export' : 'change'}: ${r.method} ${r.path}`,
      target: Object.values(params).join('/') || undefined,
      details: { params, status: c.res.status },
    }).catch((err: Error) => c.get('log').error({ err: err.message, route: r.path }, 'audit write failed'));
  };
}
