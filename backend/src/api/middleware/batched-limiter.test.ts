import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../../testing/redis.js';
import { BatchedLimiter } from './batched-limiter.js';

async function admitted(limiters: BatchedLimiter[], key: string, attempts: number): Promise<{ ok: number; refused: RateLimiterRes[] }> {
  let ok = 0;
  const refused: RateLimiterRes[] = [];
  for (let i = 0; i < attempts; i++) {
    try {
      await limiters[i % limiters.length]!.consume(key);
      ok++;
    } catch (res) {
      refused.push(res as RateLimiterRes);
    }
    // Let background settlements land, as they would between real requests.
    if (i % 10 === 0) await new Promise((r) => setImmediate(r));
  }
  return { ok, refused };
}

const redisUrl = testRedisUrl();

describe('BatchedLimiter', () => {
  it('does not batch small limits: the limit is exact', async () => {
    const l = new BatchedLimiter(new RateLimiterMemory({ points: 5, duration: 60 }));
    expect(l.batch).toBe(0);
    const { ok, refused } = await admitted([l], 'k', 8);
    expect(ok).toBe(5);
    expect(refused).toHaveLength(3);
    expect(refused[0]!.msBeforeNext).toBeGreaterThan(0);
  });

  it('in one process refuses exactly at the limit, however large', async () => {
    const l = new BatchedLimiter(new RateLimiterMemory({ points: 3000, duration: 60 }));
    expect(l.batch).toBe(30);
    const { ok } = await admitted([l], 'k', 3100);
    expect(ok).toBe(3000);
  });

  describe.runIf(redisUrl)('shared through Redis (TEST_REDIS_URL)', () => {
    let redis: Redis;
    const shared = (prefix: string): RateLimiterAbstract => new RateLimiterRedis({ storeClient: redis, keyPrefix: prefix, points: 2000, duration: 60 });

    beforeAll(async () => {
      redis = new Redis(redisUrl!, { maxRetriesPerRequest: 1 });
      await redis.ping();
    });
    afterAll(() => redis.disconnect());

    it('two processes together admit the limit, over by at most one batch each', async () => {
      const prefix = `cw:test:batched:${randomUUID()}`;
      const a = new BatchedLimiter(shared(prefix));
      const b = new BatchedLimiter(shared(prefix));
      const { ok, refused } = await admitted([a, b], 'k', 2500);
      expect(ok).toBeGreaterThanOrEqual(2000);
      expect(ok).toBeLessThanOrEqual(2000 + 2 * a.batch);
      expect(refused.length).toBe(2500 - ok);
    });

    it('asks Redis about once per batch, not once per request', async () => {
      const prefix = `cw:test:batched:${randomUUID()}`;
      const inner = shared(prefix);
      let calls = 0;
      const counting = Object.assign(Object.create(inner) as RateLimiterAbstract, {
        consume: (key: string, points?: number) => (calls++, inner.consume(key, points)),
      });
      const l = new BatchedLimiter(counting);
      expect((await admitted([l], 'k', 1000)).ok).toBe(1000);
      expect(calls).toBeLessThanOrEqual(1000 / l.batch + 2);
    });
  });
});
