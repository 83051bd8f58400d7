import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Principal } from '../../auth/index.js';
import type { Logger, Metrics } from '../../obs/index.js';
import type { AppEnv } from '../context.js';
import { setHeader } from '../response-headers.js';

const ID = /^[\w.-]{1,64}$/;

/** The caller's X-Request-Id when sane, else a fresh one. */
export function requestIdFrom(header: string | undefined): string {
  return header && ID.test(header) ? header : randomUUID();
}

export interface FinishedRequest {
  method: string;
  path: string;
  /** Route template (not raw path, to keep label cardinality bounded). */
  route: string;
  status: number;
  durationMs: number;
  principal?: Principal;
  grafanaUser?: string;
}

/** The duration histogram observation and the one access log line every request gets. */
export function recordRequest(log: Logger, metrics: Metrics, r: FinishedRequest): void {
  metrics.httpDuration.observe({ method: r.method, route: r.route, status: String(r.status) }, r.durationMs / 1000);
  const level = r.status >= 500 ? 'error' : r.status >= 400 ? 'warn' : r.route.startsWith('/health') || r.route === '/metrics' ? 'debug' : 'info';
  if (!log.isLevelEnabled(level)) return;
  log[level](
    {
      method: r.method,
      path: r.path,
      route: r.route,
      status: r.status,
      duration_ms: Math.round(r.durationMs * 100) / 100,
      org_id: r.principal?.organizationId,
      user: r.principal?.name,
      grafana_user: r.grafanaUser,
    },
    'request',
  );
}

/** Gives every request an id, a child logger that carries it, and recordRequest when done. */
export function requestContext(logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    c.set('requestId', requestId);
    c.set('log', logger.child({ request_id: requestId }));
    setHeader(c, 'X-Request-Id', requestId);
    try {
      await next();
    } finally {
      recordRequest(c.get('log'), metrics, {
        method: c.req.method,
        path: c.req.path,
        route: c.req.routePath || 'unmatched',
        status: c.res.status,
        durationMs: performance.now() - started,
        principal: c.get('principal'),
        grafanaUser: c.req.header('x-grafana-user'),
      });
    }
  };
}
