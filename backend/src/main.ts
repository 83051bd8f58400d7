import { serve, type ServerType } from '@hono/node-server';
import { onCostsIngested } from './ingest/events.js';
import { ingestJobs, ingestMetrics } from './ingest/index.js';
import { secretCodec } from './accounts/index.js';
import { anomaliesQueryHandler, anomalyDetectionJob, clustersQueryHandler, recomputeAnomalies } from './anomalies/index.js';
import { alertDeliveryJob, alertEvaluationJob, alertsQueryHandler, evaluateAfterIngest, registerAlertMetrics } from './alerts/index.js';
import { createApp } from './api/index.js';
import type { Config } from './config/index.js';
import { ensureDemoKey, isUnconfigured, seedDemo } from './demo/index.js';
import { todayUtc } from './domain/time.js';
import { partitionMaintenanceJob, startScheduler, type Job } from './jobs/index.js';
import type { Logger, Metrics } from './obs/index.js';
import { costQueryHandler, QueryRegistry } from './query/index.js';
import { inventoryQueryHandler, resourcesQueryHandler, scanJobs } from './scan/index.js';
import { evaluateOrganization, recommendationJob, recommendationsQueryHandler, registerSavingsMetrics, resolveThresholds, savingsQueryHandler } from './recommend/index.js';
import { forecastJob, forecastingQueryHandlers, forecastSettings, recomputeForecasts } from './forecasting/index.js';
import { buildCoreServices, type CoreServices } from './services.js';
import { Redis } from 'ioredis';

/** Everything long-lived, built once from the config and passed explicitly. */
export interface Services extends CoreServices {
  readonly queries: QueryRegistry;
  /** Rate limits shared across API processes (REDIS_URL); in-process limits without it. */
  readonly rateLimitRedis?: Redis;
}

/** Every query type /api/v1/query answers; tests build their apps from the same list. */
export function queryRegistry(config: Config): QueryRegistry {
  // Unknown checks or out-of-range values in RECOMMEND_THRESHOLDS stop start-up here, naming the field.
  resolveThresholds(config.recommend.thresholds);
  const queries = new QueryRegistry().register(costQueryHandler);
  queries.register(resourcesQueryHandler).register(inventoryQueryHandler);
  queries.register(alertsQueryHandler);
  queries.register(recommendationsQueryHandler).register(savingsQueryHandler);
  queries.register(anomaliesQueryHandler).register(clustersQueryHandler);
  for (const h of forecastingQueryHandlers(forecastSettings(config.forecast))) queries.register(h);
  return queries;
}

export async function buildServices(config: Config, opts: { logger?: Logger; metrics?: Metrics } = {}): Promise<Services> {
  const core = await buildCoreServices(config, opts);
  const { db, logger, metrics } = core;
  const queries = queryRegistry(config);
  registerSavingsMetrics(metrics.registry, db, { maxAccounts: config.recommend.metricsMaxAccounts, onError: (err) => logger.warn({ err }, 'savings metrics unavailable for this scrape') });
  registerAlertMetrics(metrics.registry, db, { onError: (err) => logger.warn({ err }, 'alert metrics unavailable for this scrape') });
  // No offline queue: while Redis is away, limits fall back to in-process ones at once. Auto-pipelining
  // batches the limit checks of concurrent requests into one round trip.
  const rateLimitRedis = config.redisUrl ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, enableAutoPipelining: true, commandTimeout: 1000 }) : undefined;
  rateLimitRedis?.on('error', () => undefined);
  return {
    ...core,
    queries,
    rateLimitRedis,
    async close() {
      rateLimitRedis?.disconnect();
      await core.close();
    },
  };
}

/** Seeds the demo organization when nothing real is configured (DEMO_MODE=auto) or always (on). */
export async function bootstrapDemo(s: Services, now = new Date()): Promise<void> {
  const mode = s.config.demoMode;
  if (mode === 'off' || (mode === 'auto' && !(await isUnconfigured(s.db)))) return;
  const demo = await seedDemo(s.db, { today: todayUtc(now), log: s.logger });
  // The demo inventory's savings are ready before the API answers (the worker re-evaluates later).
  await evaluateOrganization(s.db, demo.organizationId, { now, thresholds: s.config.recommend.thresholds, log: s.logger });
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
    ...scanJobs(s.db, s.config.scan, s.logger),
    ...ingestJobs({ db: s.db, cache: s.cache, logger: s.logger, metrics: ingestMetrics(s.metrics.registry), codec: secretCodec, config: s.config.ingest }),
    // Recommendations follow every scan: this job evaluates organizations whose inventory a scan changed.
    recommendationJob(s.db, { intervalMs: s.config.recommend.intervalSeconds * 1000, refreshMs: s.config.recommend.refreshSeconds * 1000, thresholds: s.config.recommend.thresholds, log: s.logger }),
    anomalyDetectionJob(s.db, { intervalMs: s.config.anomalies.intervalSeconds * 1000, historyDays: s.config.anomalies.historyDays, log: s.logger }),
    partitionMaintenanceJob(s.db, {
      aheadMonths: s.config.partitions.aheadMonths,
      retentionMonths: s.config.partitions.retentionMonths,
      intervalMs: s.config.maintenanceIntervalSeconds * 1000,
    }),
    alertEvaluationJob(s.db, { intervalMs: s.config.alerts.evalIntervalSeconds * 1000, resolveAfter: s.config.alerts.resolveAfter, dashboardUrl: s.config.alerts.dashboardUrl, cache: s.cache, onError: (err) => s.logger.warn({ err }, 'budget forecast unavailable, alert rules used the simple fallback') }),
    alertDeliveryJob(s.db, { intervalMs: s.config.alerts.deliveryIntervalSeconds * 1000, maxAttempts: s.config.alerts.maxAttempts }),
    forecastJob(s.db, s.cache, {
      intervalMs: s.config.forecast.intervalSeconds * 1000,
      maxSeries: s.config.forecast.maxSeries,
      settings: forecastSettings(s.config.forecast),
    }),
  ];
}

/** Starts the API and/or the worker for a role; resolves once listening. */
export async function start(s: Services, role: Config['role']): Promise<{ stop(): Promise<void>; port?: number }> {
  await bootstrapDemo(s);
  const stops: (() => Promise<void>)[] = [];
  let port: number | undefined;
  if (role === 'api' || role === 'all') {
    const { app, createServer } = createApp({
      config: s.config,
      db: s.db,
      cache: s.cache,
      logger: s.logger,
      metrics: s.metrics,
      queries: s.queries,
      rateLimitRedis: s.rateLimitRedis,
    });
    const server: ServerType = await new Promise((resolve) => {
      const srv = serve({ fetch: app.fetch, createServer, port: s.config.port, hostname: s.config.host }, (info) => {
        port = info.port;
        resolve(srv);
      });
    });
    s.logger.info({ port, host: s.config.host, role, database: s.db.kind, cache: s.cache.store.kind }, 'api listening');
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  }
  if (role === 'worker' || role === 'all') {
    const scheduler = startScheduler(workerJobs(s), s.logger);
    // After each ingest, in order: anomalies and forecasts from the new costs, then alert rules
    // that read both. A failed step is logged; the interval jobs catch up.
    const evaluate = evaluateAfterIngest(s.db, { resolveAfter: s.config.alerts.resolveAfter, dashboardUrl: s.config.alerts.dashboardUrl, cache: s.cache, onError: (err) => s.logger.error({ err }, 'alert evaluation after ingest failed') });
    const step = (name: string, org: string, run: () => Promise<unknown>) =>
      run().then(
        () => undefined,
        (err) => s.logger.error({ err, org_id: org, step: name }, 'refresh after ingest failed'),
      );
    // Chained, not awaited by the ingest: one refresh at a time, and the ingest returns at once.
    let refreshing: Promise<void> = Promise.resolve();
    const unsubscribe = onCostsIngested(({ organizationId: org }) => {
      refreshing = refreshing.then(async () => {
        await step('anomalies', org, () => recomputeAnomalies(s.db, org, { today: todayUtc(), lookbackDays: s.config.anomalies.historyDays, log: s.logger }));
        await step('forecasts', org, () =>
          recomputeForecasts(s.db, s.cache, org, { now: new Date(), maxSeries: s.config.forecast.maxSeries, settings: forecastSettings(s.config.forecast) }),
        );
        await evaluate(org);
      });
    });
    stops.push(async () => {
      unsubscribe();
      await refreshing;
    });
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
