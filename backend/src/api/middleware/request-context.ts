import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger, Metrics } from '../../obs/index.js';
import type { AppEnv } from '../context.js';

const ID = /^[\w.-]{1,64}$/;

/**
 * Gives every request an id (kept from X-Request-Id when sane), a child logger, one access
 * log line with duration_ms, user and org, and an observation in the duration histogram
 * labelled by route template (not raw path, to keep label cardinality bounded).
 */
export function requestContext(logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('log', logger.child({ request_id: requestId }));
    c.header('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const duration = performance.now() - started;
      const route = c.req.routePath || 'unmatched';
      const status = c.res.status;
      metrics.httpDuration.observe({ method: c.req.method, route, status: String(status) }, duration / 1000);
      const principal = c.get('principal');
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : route.startsWith('/health') || route === '/metrics' ? 'debug' : 'info';
      c.get('log')[level](
        {
          method: c.req.method,
          path: c.req.path,
          route,
          status,
          duration_ms: Math.round(duration * 100) / 100,
          org_id: principal?.organizationId,
          user: principal?.name,
          grafana_user: c.req.header('x-grafana-user'),
        },
        'request',
      );
    }
  };
}
