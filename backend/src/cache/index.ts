import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Config } from '../config/index.js';
import { Generations } from './generations.js';
import { createMemoryStore, createRedisStore, type CacheStore } from './store.js';

export type { CacheStore } from './store.js';
export { Generations } from './generations.js';
export { createMemoryStore, createRedisStore } from './store.js';

/** The seed design's three layers: query answers (L1), computations (L2), reference data (L3). */
export type CacheLayer = 'query' | 'compute' | 'reference';

export interface CacheEvents {
  onError?(op: string, err: unknown): void;
  onResult?(layer: CacheLayer, hit: boolean): void;
}

// In front of Redis, a small process-local copy of hot answers: keys embed the generation, so
// an invalidation elsewhere makes these unreachable within a second (see Generations).
const HOT_MAX_BYTES = 64 * 1024 * 1024;
const HOT_TTL_MS = 30_000;

/**
 * Organization-scoped cache. Keys embed the organization's generation number, so invalidating
 * an organization is one INCR and old entries simply age out. Every store failure degrades to
 * a miss: the cache can make CostWatch faster, never unavailable.
 */
export class Cache {
  private readonly generations: Generations;
  private lastError: { at: number; message: string } | undefined;
  private readonly hot?: LRUCache<string, string>;

  constructor(
    readonly store: CacheStore,
    private readonly ttls: Record<CacheLayer, number>,
    private readonly events: CacheEvents = {},
  ) {
    this.generations = new Generations(store, 'cw:gen:');
    if (store.kind !== 'memory') {
      this.hot = new LRUCache({ maxSize: HOT_MAX_BYTES, sizeCalculation: (v, k) => v.length + k.length, ttl: HOT_TTL_MS });
    }
  }

  static fromConfig(config: Config, events?: CacheEvents): Cache {
    const store = config.redisUrl ? createRedisStore(config.redisUrl) : createMemoryStore(config.cache.memoryMaxEntries);
    const c = config.cache;
    return new Cache(store, { query: c.ttlQuery, compute: c.ttlCompute, reference: c.ttlReference }, events);
  }

  static key(parts: unknown): string {
    return hash('sha1', JSON.stringify(parts), 'base64url');
  }

  async get(orgId: string, layer: CacheLayer, key: string): Promise<string | undefined> {
    return (await this.lookup(orgId, layer, key)).value;
  }

  /** The value and the versioned key it is stored under, from one generation lookup. */
  async lookup(orgId: string, layer: CacheLayer, key: string): Promise<{ value?: string; versionedKey?: string }> {
    if (this.ttls[layer] <= 0) return {};
    try {
      const full = await this.fullKey(orgId, layer, key);
      const local = this.hot?.get(full);
      if (local !== undefined) {
        this.events.onResult?.(layer, true);
        return { value: local, versionedKey: full };
      }
      const value = await this.store.get(full);
      this.events.onResult?.(layer, value !== undefined);
      if (value !== undefined) this.hot?.set(full, value, { ttl: Math.min(HOT_TTL_MS, this.ttls[layer] * 1000) });
      return { value, versionedKey: full };
    } catch (err) {
      this.failed('get', err);
      return {};
    }
  }

  /**
   * The value when this process can tell without I/O (its memo of the organization's generation
   * is fresh and the value is in memory); undefined means "ask lookup", not "absent".
   */
  peek(orgId: string, layer: CacheLayer, key: string): { value: string; versionedKey: string } | undefined {
    if (this.ttls[layer] <= 0) return undefined;
    const gen = this.generations.fresh(orgId);
    if (gen === undefined) return undefined;
    const full = versioned(orgId, gen, layer, key);
    const value = this.hot ? this.hot.get(full) : this.store.peek?.(full);
    if (value === undefined) return undefined;
    this.events.onResult?.(layer, true);
    return { value, versionedKey: full };
  }

  async set(orgId: string, layer: CacheLayer, key: string, value: string): Promise<void> {
    if (this.ttls[layer] <= 0) return;
    try {
      const full = await this.fullKey(orgId, layer, key);
      this.hot?.set(full, value, { ttl: Math.min(HOT_TTL_MS, this.ttls[layer] * 1000) });
      await this.store.set(full, value, this.ttls[layer]);
    } catch (err) {
      this.failed('set', err);
    }
  }

  /** Serialised-JSON read-through; `compute` runs uncached when the store is down. */
  async wrap(orgId: string, layer: CacheLayer, key: string, compute: () => Promise<string>): Promise<string> {
    const hit = await this.get(orgId, layer, key);
    if (hit !== undefined) return hit;
    const value = await compute();
    await this.set(orgId, layer, key, value);
    return value;
  }

  /** The stored key for (org, layer, key) at the organization's current generation. */
  async versionedKey(orgId: string, layer: CacheLayer, key: string): Promise<string | undefined> {
    try {
      return await this.fullKey(orgId, layer, key);
    } catch {
      return undefined;
    }
  }

  /** Called when new data lands for an organization. */
  async invalidateOrg(orgId: string): Promise<void> {
    try {
      await this.generations.bump(orgId);
    } catch (err) {
      // Without the shared counter we cannot invalidate; the memo is forgotten, so we re-read later.
      this.failed('invalidate', err);
    }
  }

  async health(): Promise<{ kind: string; ok: boolean; error?: string; lastError?: string }> {
    const lastError = this.lastError && Date.now() - this.lastError.at < 60_000 ? this.lastError.message : undefined;
    try {
      await this.store.ping();
      return { kind: this.store.kind, ok: true, ...(lastError ? { lastError } : {}) };
    } catch (err) {
      return { kind: this.store.kind, ok: false, error: (err as Error).message };
    }
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private async fullKey(orgId: string, layer: CacheLayer, key: string): Promise<string> {
    return versioned(orgId, await this.generations.current(orgId), layer, key);
  }

  private failed(op: string, err: unknown): void {
    this.lastError = { at: Date.now(), message: (err as Error).message };
    this.events.onError?.(op, err);
  }
}

function versioned(orgId: string, gen: number, layer: CacheLayer, key: string): string {
  return `cw:${orgId}:${gen}:${layer}:${key}`;
}
