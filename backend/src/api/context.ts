import type { Cache } from '../cache/index.js';
import type { Config } from '../config/index.js';
import type { Principal } from '../auth/index.js';
import type { Logger, Metrics } from '../obs/index.js';
import type { QueryRegistry } from '../query/index.js';
import type { Database } from '../store/queryable.js';

/** What the HTTP layer needs, built once in main.ts and passed in. */
export interface ApiDeps {
  readonly config: Config;
  readonly db: Database;
  readonly cache: Cache;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly queries: QueryRegistry;
  readonly now?: () => Date;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    principal?: Principal;
  };
}
