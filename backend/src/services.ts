import { Cache } from './cache/index.js';
import type { Config } from './config/index.js';
import { createLogger, createMetrics, type Logger, type Metrics } from './obs/index.js';
import { installMasterKey, resolveKeyring } from './secrets/index.js';
import { migrate, openDatabase, type Database } from './store/index.js';

/** What every process needs: config, logs, metrics, the master key, the database and the cache. */
export interface CoreServices {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly db: Database;
  readonly cache: Cache;
  close(): Promise<void>;
}

/**
 * Built once from the config and passed explicitly. CLI commands that only load or read data
 * (ingest) stop here; main.ts adds the API's query types, metrics and limits on top.
 */
export async function buildCoreServices(config: Config, opts: { logger?: Logger; metrics?: Metrics } = {}): Promise<CoreServices> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const metrics = opts.metrics ?? createMetrics(config.metricsEnabled);
  // With KMS_KEY_ID this resolves the key's ARN (DescribeKey): a wrong key stops start-up, naming it.
  installMasterKey(await resolveKeyring(config, (msg) => logger.warn({ security_event: 'master_key_fallback' }, msg)));
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
  return {
    config,
    logger,
    metrics,
    db,
    cache,
    async close() {
      await cache.close();
      await db.close();
    },
  };
}
