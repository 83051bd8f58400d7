import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './api/index.js';
import { Cache } from './cache/index.js';
import type { Config } from './config/index.js';
import { ensureDemoKey, isUnconfigured, seedDemo } from './demo/index.js';
import { todayUtc } from './domain/time.js';
import { partitionMaintenanceJob, startScheduler, type Job } from './jobs/index.js';
import { createLogger, createMetrics, type Logger, type Metrics } from './obs/index.js';
import { costQueryHandler, QueryRegistry } from './query/index.js';
import { migrate, openDatabase, type Database } from './store/index.js';

/** Everything long-lived, built once from the config and passed explicitly. */
export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly db: Database;
  readonly cache: Cache;
  readonly queries: QueryRegistry;
  close(): Promise<void>;
}

export async function buildServices(config: Config, opts: { logger?: Logger; metrics?: Metrics } = {}): Promise<Services> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const metrics = opts.metrics ?? createMetrics(config.metricsEnabled);
  const db = await openDatabase(config.database);
  const migrated = await migrate(db);
  if (migrated.applied.length) logger.info({ applied: migrated.applied, database: db.kind }, 'migrations applied');
  const cache = Cache.fromConfig(config, {
    onError: (op, err) => {
      metrics.cacheErrors.inc({ op });
      logger.warn({ op, err: (err as Error).message }, 'cache unavailable, continuing uncached');
    },
    onResult: (layer, hit) => metrics.cacheRequests.inc({ layer, result: hit ? 'hit' : 'miss' }),
  });
  if (!(await cache.store.ready(3000))) logger.warn({ cache: cache.store.kind }, 'cache not reachable at start, serving uncached until it is');
  const queries = new QueryRegistry().register(costQueryHandler);
  return {
    config,
    logger,
    metrics,
    db,
    cache,
    queries,
    async close() {
      await cache.close();
      await db.close();
    },
  };
}

/** Seeds the demo organization when nothing real is configured (DEMO_MODE=auto) or always (on). */
export async function bootstrapDemo(s: Services, now = new Date()): Promise<void> {
  const mode = s.config.demoMode;
  if (mode === 'off' || (mode === 'auto' && !(await isUnconfigured(s.db)))) return;
  const demo = await seedDemo(s.db, { today: todayUtc(now), log: s.logger });
  const key = await ensureDemoKey(s.db, demo.organizationId, s.config.demoApiKey);
  if (key) {
    s.logger.info({ org_id: demo.organizationId }, 'demo API key printed on stdout (viewer role)');
    process.stdout.write(
      `\nCostWatch demo organization is ready (generated data, not real spend).\n` +
        `Grafana datasource API token (viewer): ${key}\n` +
        `Try: curl -s -H "Authorization: Bearer ${key}" -H 'Content-Type: application/json' ` +
        `-d '{"range":{"from":"now-13M","to":"now"},"queries":[{"refId":"A","type":"cost","groupBy":["service"]}]}' ` +
        `http://localhost:${s.config.port}/api/v1/query\n\n`,
    );
  }
}

export function workerJobs(s: Services): Job[] {
  return [
    partitionMaintenanceJob(s.db, {
      aheadMonths: s.config.partitions.aheadMonths,
      retentionMonths: s.config.partitions.retentionMonths,
      intervalMs: s.config.maintenanceIntervalSeconds * 1000,
    }),
  ];
}

/** Starts the API and/or the worker for a role; resolves once listening. */
export async function start(s: Services, role: Config['role']): Promise<{ stop(): Promise<void>; port?: number }> {
  await bootstrapDemo(s);
  const stops: (() => Promise<void>)[] = [];
  let port: number | undefined;
  if (role === 'api' || role === 'all') {
    const { app } = createApp({ config: s.config, db: s.db, cache: s.cache, logger: s.logger, metrics: s.metrics, queries: s.queries });
    const server: ServerType = await new Promise((resolve) => {
      const srv = serve({ fetch: app.fetch, port: s.config.port, hostname: s.config.host }, (info) => {
        port = info.port;
        resolve(srv);
      });
    });
    s.logger.info({ port, host: s.config.host, role, database: s.db.kind, cache: s.cache.store.kind }, 'api listening');
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  }
  if (role === 'worker' || role === 'all') {
    const scheduler = startScheduler(workerJobs(s), s.logger);
    s.logger.info({ role }, 'worker started');
    stops.push(() => scheduler.stop());
  }
  return {
    port,
    async stop() {
      for (const fn of stops.reverse()) await fn();
    },
  };
}
