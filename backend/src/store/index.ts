import type { Config } from '../config/index.js';
import { createPgDatabase } from './pg.js';
import { createPgliteDatabase } from './pglite.js';
import type { Database } from './queryable.js';

export * from './queryable.js';
export { migrate, MIGRATIONS_DIR } from './migrate.js';
export { ensurePartitions, dropExpiredPartitions, listPartitions, partitionName } from './partitions.js';
export * from './costs.queries.js';

/** DATABASE_URL selects PostgreSQL; without it CostWatch runs on embedded PGlite under PGLITE_DIR. */
export async function openDatabase(config: Config['database']): Promise<Database> {
  if (config.url) return createPgDatabase(config.url, config.poolMax);
  return createPgliteDatabase(config.pgliteDir === ':memory:' ? undefined : config.pgliteDir);
}
export * from './series.queries.js';
