import type { Redis } from 'ioredis';
import { createApiKey, createUser, type Role } from '../auth/index.js';
import { createApp, type ApiDeps } from '../api/index.js';
import { Cache, createMemoryStore, type CacheStore } from '../cache/index.js';
import { loadConfig } from '../config/index.js';
import { createLogger, createMetrics, type Logger } from '../obs/index.js';
import { queryRegistry } from '../main.js';
import type { Database, Queryable } from '../store/index.js';

// Suites send hundreds of requests from one address with one key: limits high unless a test sets them.
const TEST_LIMITS = { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_AUTH_FAILURES: '1000000' };

/** An app over a test database, with an in-memory cache unless a store is given. */
export function testApp(
  db: Database,
  opts: { store?: CacheStore; env?: Record<string, string>; now?: Date; logger?: Logger; rateLimitRedis?: Redis } = {},
) {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...TEST_LIMITS, ...opts.env });
  const cache = new Cache(opts.store ?? createMemoryStore(1000), { query: 300, compute: 3600, reference: 86400 });
  const deps: ApiDeps = {
    config,
    db,
    cache,
    logger: opts.logger ?? createLogger('silent'),
    metrics: createMetrics(false),
    queries: queryRegistry(config),
    now: opts.now ? () => opts.now! : undefined,
    rateLimitRedis: opts.rateLimitRedis,
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

export const TEST_PASSWORD = 'correct horse battery staple';

/** A user with a password in the organization; log in with loginAs. */
export async function userFor(db: Queryable, orgId: string, role: Role = 'viewer', password = TEST_PASSWORD): Promise<{ id: string; email: string; password: string }> {
  const email = `${role}-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const { user } = await createUser(db, orgId, { email, role, password });
  return { id: user.id, email, password };
}

/** Logs a user in through the API and returns the token pair. */
export async function loginAs(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  email: string,
  password = TEST_PASSWORD,
): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login failed with ${res.status}: ${await res.text()}`);
  return (await res.json()) as { accessToken: string; refreshToken: string };
}
