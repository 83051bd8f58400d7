import { describe, expect, it } from 'vitest';
import { costAllocation, estimateCost, factsFromName, normaliseTags, onDemandUsd, parseAllocationKeys, PriceBook } from './enrich/index.js';
import { createLimiter } from './limiter.js';
import { backoffDelay, CircuitBreaker, isTransient, retry } from './resilience.js';
import { MAX_QUERIES_PER_CALL, planQueries } from './utilization.js';

describe('scanner logic (pure)', () => {
  it('the limiter never runs more than n at once and runs everything', async () => {
    const limit = createLimiter(3);
    let active = 0;
    let peak = 0;
    const done = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setImmediate(r));
          active--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('the breaker opens after the threshold, lets one trial through after the cooldown, and closes on success', () => {
    let now = 0;
    const b = new CircuitBreaker(2, 1000, () => now);
    b.failure();
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
    expect(b.allow()).toBe(false);
    now = 1000;
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false);
    b.success();
    expect(b.state).toBe('closed');
  });

  it('backoff is exponential with full jitter under a cap; retry stops on non-transient errors', async () => {
    expect(backoffDelay(0, { baseMs: 100, maxMs: 1000, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1000, random: () => 0.5 })).toBe(400);
    expect(backoffDelay(10, { baseMs: 100, maxMs: 1000, random: () => 0.999 })).toBe(999);
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    const denied = Object.assign(new Error('no'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(isTransient(throttled)).toBe(true);
    expect(isTransient(denied)).toBe(false);
    let calls = 0;
    const sleeps: number[] = [];
    const opts = { retries: 3, baseMs: 10, maxMs: 100, random: () => 1, sleep: async (ms: number) => void sleeps.push(ms) };
    await expect(retry(async () => (++calls < 3 ? Promise.reject(throttled) : 'ok'), opts)).resolves.toBe('ok');
    expect(sleeps).toEqual([10, 20]);
    calls = 0;
    await expect(retry(async () => (calls++, Promise.reject(denied)), opts)).rejects.toBe(denied);
    expect(calls).toBe(1);
  });

  it('normalises tags and reads cost allocation through aliases, case-insensitively', () => {
    const keys = parseAllocationKeys('team,env:environment|stage,app:application|service');
    const tags = normaliseTags({ ' Team ': ' Payments ', Environment: 'Prod', 'aws:cloudformation:stack-name': 'x', Service: 'checkout' });
    expect(tags).toEqual({ Team: 'Payments', Environment: 'Prod', Service: 'checkout' });
    expect(costAllocation(tags, keys)).toEqual({ team: 'payments', env: 'prod', app: 'checkout' });
  });

  it('derives instance facts from names when the API is not there', () => {
    expect(factsFromName('m5.2xlarge')).toMatchObject({ vcpu: 8, memoryGib: 32, generation: 'current', architecture: 'x86_64' });
    expect(factsFromName('m4.large')).toMatchObject({ generation: 'previous' });
    expect(factsFromName('t3.micro')).toMatchObject({ vcpu: 2, memoryGib: 1 });
    expect(factsFromName('c6g.xlarge')).toMatchObject({ vcpu: 4, memoryGib: 8, architecture: 'arm64' });
    expect(factsFromName('weird')).toBeUndefined();
  });

  it('estimates monthly cost from the offline table, exactly', async () => {
    const prices = new PriceBook({ useApi: false });
    const base = { id: 'x', region: 'us-east-1', tags: {} };
    const cost = async (type: string, state: string, attributes: Record<string, unknown>, region = 'us-east-1') =>
      (await estimateCost({ ...base, region, type: type as never, state, attributes }, prices)).monthlyCost;
    expect(await cost('ec2_instance', 'running', { instanceType: 'm5.large' })).toBe('70.080000');
    expect(await cost('ec2_instance', 'stopped', { instanceType: 'm5.large' })).toBe('0.000000');
    expect(await cost('ec2_instance', 'running', { instanceType: 'm5.large' }, 'eu-west-1')).toBe('78.139200');
    expect(await cost('ebs_volume', 'available', { volumeType: 'gp2', sizeGb: 100 })).toBe('10.000000');
    expect(await cost('ebs_volume', 'in-use', { volumeType: 'gp3', sizeGb: 100, iops: 4000, throughput: 250 })).toBe('18.000000');
    expect(await cost('elastic_ip', 'unassociated', {})).toBe('3.650000');
    expect(await cost('nat_gateway', 'available', {})).toBe('32.850000');
    expect(await cost('rds_instance', 'available', { instanceClass: 'db.t3.micro', allocatedStorageGb: 20, storageType: 'gp2', multiAz: true })).toBe('27.120000');
    expect(await cost('s3_bucket', 'active', { sizeBytes: 100 * 1024 ** 3 })).toBe('2.300000');
    expect(await cost('ec2_instance', 'running', { instanceType: 'x9.huge' })).toBeNull();
    prices.destroy();
  });

  it('parses a Pricing API price list entry', () => {
    const item = JSON.stringify({ terms: { OnDemand: { 'A.B': { priceDimensions: { 'A.B.C': { pricePerUnit: { USD: '0.0960000000' } } } } } } });
    expect(onDemandUsd(item)).toBe(0.096);
  });

  it('plans two queries (average, maximum) per metric and fits batches of 500', () => {
    const targets = Array.from({ length: 100 }, (_, i) => ({ uuid: `u${i}`, type: 'ec2_instance', resourceId: `i-${i}` }));
    const planned = planQueries(targets);
    expect(planned).toHaveLength(100 * 3 * 2);
    expect(new Set(planned.map((p) => p.query.Id)).size).toBe(planned.length);
    expect(MAX_QUERIES_PER_CALL).toBe(500);
  });
});
