import type { Cache } from '../cache/index.js';
import type { Config } from '../config/index.js';
import type { AuthService, Principal } from '../auth/index.js';
import type { Redis } from 'ioredis';
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
  /** Shared auth service; built from db + cache when absent (api/middleware/gateway.ts). */
  readonly auth?: AuthService;
  /** Redis for rate limits shared across processes (REDIS_URL); in-process limits when absent. */
  readonly rateLimitRedis?: Redis;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    principal?: Principal;
    /** Set once the request wrote its audit row (api/middleware/audit.ts). */
    audited?: boolean;
    trustProxy?: boolean;
  };
}
