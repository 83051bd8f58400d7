import { createApiKey, type Role } from '../auth/index.js';
import { createApp, type ApiDeps } from '../api/index.js';
import { Cache, createMemoryStore, type CacheStore } from '../cache/index.js';
import { loadConfig } from '../config/index.js';
import { createLogger, createMetrics } from '../obs/index.js';
import { costQueryHandler, QueryRegistry } from '../query/index.js';
import type { Database, Queryable } from '../store/index.js';

/** An app over a test database, with an in-memory cache unless a store is given. */
export function testApp(db: Database, opts: { store?: CacheStore; env?: Record<string, string>; now?: Date } = {}) {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...opts.env });
  const cache = new Cache(opts.store ?? createMemoryStore(1000), { query: 300, compute: 3600, reference: 86400 });
  const deps: ApiDeps = {
    config,
    db,
    cache,
    logger: createLogger('silent'),
    metrics: createMetrics(false),
    queries: new QueryRegistry().register(costQueryHandler),
    now: opts.now ? () => opts.now! : undefined,
  };
  return { ...createApp(deps), deps };
}

export async function createOrg(db: Queryable, name: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>('INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id', [
    name,
    `${name.toLowerCase().replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 8)}`,
  ]);
  return rows[0]!.id;
}

export async function keyFor(db: Queryable, orgId: string, role: Role = 'viewer'): Promise<string> {
  return (await createApiKey(db, orgId, role, `test ${role}`)).key;
}

export function bearer(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
}
