import type { ApiDeps } from '../context.js';
import type { RouteDef } from '../route.js';

/** Liveness says the process runs; readiness checks the database and reports the cache. */
export function healthRoutes(deps: ApiDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/health/live',
      permission: 'public',
      summary: 'Process is up',
      handler: (c) => c.json({ status: 'ok' }),
    },
    {
      method: 'GET',
      path: '/health/ready',
      permission: 'public',
      summary: 'Database reachable; cache state (degraded when Redis is down: answers continue uncached)',
      handler: async (c) => {
        const database = await deps.db
          .query('SELECT 1')
          .then(() => ({ kind: deps.db.kind, ok: true }))
          .catch((err: Error) => ({ kind: deps.db.kind, ok: false, error: err.message }));
        const cache = await deps.cache.health();
        const status = !database.ok ? 'unavailable' : cache.ok ? 'ok' : 'degraded';
        return c.json({ status, checks: { database, cache } }, database.ok ? 200 : 503);
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      permission: 'public',
      summary: 'Prometheus metrics (process defaults, HTTP durations, cost gauges)',
      handler: async (c) => {
        const body = await deps.metrics.registry.metrics();
        return c.body(body, 200, { 'Content-Type': deps.metrics.registry.contentType });
      },
    },
  ];
}
