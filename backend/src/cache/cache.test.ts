import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testRedisUrl } from '../testing/redis.js';
import { Cache, createMemoryStore, createRedisStore, type CacheStore } from './index.js';

const TTL = { query: 300, compute: 3600, reference: 86400 };
const backends: [string, () => CacheStore][] = [['memory', () => createMemoryStore(100)]];
const redisUrl = testRedisUrl();
if (redisUrl) backends.push(['redis', () => createRedisStore(redisUrl)]);

describe.each(backends)('organization-scoped cache on %s (Redis when TEST_REDIS_URL)', (_name, make) => {
  const store = make();
  beforeAll(async () => {
    expect(await store.ready(5000)).toBe(true);
  });
  afterAll(async () => store.close());

  it('reads through, then serves the stored answer', async () => {
    const cache = new Cache(store, TTL);
    const org = randomUUID();
    let computed = 0;
    const compute = async () => `{"n":${++computed}}`;
    expect(await cache.wrap(org, 'query', 'k', compute)).toBe('{"n":1}');
    expect(await cache.wrap(org, 'query', 'k', compute)).toBe('{"n":1}');
    expect(computed).toBe(1);
  });

  it('peeks at what this process holds without I/O, and never past an invalidation', async () => {
    const cache = new Cache(store, TTL);
    const org = randomUUID();
    // Nothing known about the organization yet: "ask lookup", not a miss.
    expect(cache.peek(org, 'query', 'k')).toBeUndefined();
    await cache.set(org, 'query', 'k', '{"v":1}');
    const seen = cache.peek(org, 'query', 'k');
    expect(seen?.value).toBe('{"v":1}');
    expect(seen?.versionedKey).toBe((await cache.lookup(org, 'query', 'k')).versionedKey);
    expect(cache.peek(org, 'query', 'other')).toBeUndefined();
    await cache.invalidateOrg(org);
    expect(cache.peek(org, 'query', 'k')).toBeUndefined();
    expect(cache.peek(randomUUID(), 'query', 'k')).toBeUndefined();
  });

  it('refreshes its memo of the generation ahead of expiry, so steady traffic keeps peeking', async () => {
    const cache = new Cache(store, TTL);
    const org = randomUUID();
    await cache.set(org, 'query', 'k', '{"v":2}');
    const t0 = Date.now();
    const clock = vi.spyOn(Date, 'now');
    try {
      clock.mockReturnValue(t0 + 600);
      expect(cache.peek(org, 'query', 'k')?.value).toBe('{"v":2}');
      await vi.waitFor(() => expect(cache.peek(org, 'query', 'k')).toBeDefined());
      // 1.2 s after the memo was made: expired, were it not refreshed at 0.6 s.
      clock.mockReturnValue(t0 + 1200);
      await vi.waitFor(() => expect(cache.peek(org, 'query', 'k')?.value).toBe('{"v":2}'));
      clock.mockReturnValue(t0 + 5000);
      expect(cache.peek(org, 'query', 'k')).toBeUndefined();
    } finally {
      clock.mockRestore();
    }
  });

  it('invalidating one organization leaves the others cached', async () => {
    const cache = new Cache(store, TTL);
    const [a, b] = [randomUUID(), randomUUID()];
    await cache.set(a, 'query', 'k', 'A');
    await cache.set(b, 'query', 'k', 'B');
    await cache.invalidateOrg(a);
    expect(await cache.get(a, 'query', 'k')).toBeUndefined();
    expect(await cache.get(b, 'query', 'k')).toBe('B');
  });

  it('keeps layers and organizations apart', async () => {
    const cache = new Cache(store, TTL);
    const [a, b] = [randomUUID(), randomUUID()];
    await cache.set(a, 'compute', 'k', 'compute-A');
    expect(await cache.get(a, 'query', 'k')).toBeUndefined();
    expect(await cache.get(b, 'compute', 'k')).toBeUndefined();
    expect(await cache.get(a, 'compute', 'k')).toBe('compute-A');
  });

  it('a zero TTL disables a layer', async () => {
    const cache = new Cache(store, { ...TTL, query: 0 });
    const org = randomUUID();
    await cache.set(org, 'query', 'k', 'v');
    expect(await cache.get(org, 'query', 'k')).toBeUndefined();
  });
});

describe('cache with its store down', () => {
  it('degrades every operation to a miss and reports unhealthy', async () => {
    const errors: string[] = [];
    const cache = new Cache(createRedisStore('redis://127.0.0.1:1'), TTL, { onError: (op) => errors.push(op) });
    const org = randomUUID();
    expect(await cache.wrap(org, 'query', 'k', async () => 'fresh')).toBe('fresh');
    await cache.invalidateOrg(org);
    expect(errors).toEqual(expect.arrayContaining(['get', 'set', 'invalidate']));
    expect(await cache.health()).toMatchObject({ kind: 'redis', ok: false });
    await cache.close();
  });
});
