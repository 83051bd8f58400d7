/**
 * The Redis used by tests: TEST_REDIS_URL (CI sets it). CI without it is a setup error and
 * fails loudly; locally the Redis-backed cases run only when it is configured.
 */
export function testRedisUrl(): string | undefined {
  const url = process.env.TEST_REDIS_URL;
  if (!url && process.env.CI === 'true') throw new Error('CI must run cache tests against Redis: set TEST_REDIS_URL (see .ci/run)');
  return url || undefined;
}
