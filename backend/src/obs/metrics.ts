import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process (not prom-client's global), so tests can build many apps. */
export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly cacheRequests: Counter<'layer' | 'result'>;
  readonly cacheErrors: Counter<'op'>;
}

export function createMetrics(withDefaults = true): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'costwatch_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'costwatch_http_request_duration_seconds',
      help: 'HTTP request duration by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    cacheRequests: new Counter({
      name: 'costwatch_cache_requests_total',
      help: 'Cache lookups by layer and result',
      labelNames: ['layer', 'result'],
      registers: [registry],
    }),
    cacheErrors: new Counter({
      name: 'costwatch_cache_errors_total',
      help: 'Cache store failures (the request continued uncached)',
      labelNames: ['op'],
      registers: [registry],
    }),
  };
}
