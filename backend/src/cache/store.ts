import { LRUCache } from 'lru-cache';
import { Redis } from 'ioredis';

/** Key-value storage under the cache: Redis when configured, an in-process LRU otherwise. */
export interface CacheStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | undefined>;
  /** A value this process holds in memory, without I/O; stores that hold nothing locally omit it. */
  peek?(key: string): string | undefined;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  incr(key: string): Promise<number>;
  ping(): Promise<void>;
  /** Resolves once connected, or after timeoutMs (then the cache starts degraded). */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createMemoryStore(maxEntries: number): CacheStore {
  const lru = new LRUCache<string, string>({ max: maxEntries, ttlAutopurge: false });
  const counters = new Map<string, number>();
  const peek = (key: string) => {
    const counter = counters.get(key);
    return counter !== undefined ? String(counter) : lru.get(key);
  };
  return {
    kind: 'memory',
    async get(key) {
      return peek(key);
    },
    peek,
    async set(key, value, ttlSeconds) {
      lru.set(key, value, { ttl: ttlSeconds * 1000 });
    },
    async incr(key) {
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      return n;
    },
    async ping() {},
    async ready() {
      return true;
    },
    async close() {
      lru.clear();
    },
  };
}

export function createRedisStore(url: string): CacheStore {
  // Fail fast instead of queueing while Redis is away: the API then answers uncached.
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
    // A Redis that accepts connections but stalls must not stall requests either.
    commandTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  });
  redis.on('error', () => undefined);
  return {
    kind: 'redis',
    async get(key) {
      return (await redis.get(key)) ?? undefined;
    },
    async set(key, value, ttlSeconds) {
      if (ttlSeconds > 0) await redis.set(key, value, 'EX', ttlSeconds);
    },
    async incr(key) {
      return redis.incr(key);
    },
    async ping() {
      await redis.ping();
    },
    ready(timeoutMs) {
      if (redis.status === 'ready') return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (ok: boolean) => {
          clearTimeout(timer);
          redis.off('ready', onReady);
          resolve(ok);
        };
        const onReady = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        redis.once('ready', onReady);
      });
    },
    async close() {
      redis.disconnect();
    },
  };
}
