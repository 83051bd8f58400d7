import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, secretCodec } from '../../accounts/index.js';
import { createMetrics } from '../../obs/index.js';
import { createTestDatabase, type TestDatabase } from '../../testing/db.js';
import { startFaultProxy, startMoto, useDummyAwsCredentials, type Moto } from '../../testing/moto.js';
import { ingestMetrics } from '../metrics.js';
import { createOrg, snapshot } from '../testing/fixtures.js';
import { ceRequestsOn, CeBudgetExceededError } from './budget.js';
import { ingestCostExplorer, type CeOptions } from './ingest.js';

type Group = [service: string, usageType: string, cost: string];

function page(days: Record<string, Group[]>, next?: string) {
  return {
    ResultsByTime: Object.entries(days).map(([day, groups]) => ({
      TimePeriod: { Start: day, End: day },
      Estimated: false,
      Total: {},
      Groups: groups.map(([s, u, c]) => ({
        Keys: [s, u],
        Metrics: Object.fromEntries(
          ['UnblendedCost', 'AmortizedCost', 'NetUnblendedCost', 'NetAmortizedCost'].map((m) => [m, { Amount: c, Unit: 'USD' }]).concat([['UsageQuantity', { Amount: '2', Unit: 'Hrs' }]]),
        ),
      })),
    })),
    DimensionValueAttributes: [],
    ...(next ? { NextPageToken: next } : {}),
  };
}

describe('Cost Explorer ingestion against moto (real database)', () => {
  let t: TestDatabase;
  let moto: Moto;
  let org: string;
  let accountId: string;
  const metrics = createMetrics(false);
  const im = ingestMetrics(metrics.registry);

  const queue = async (results: unknown[]) => {
    const res = await fetch(`${moto.endpoint}/moto-api/static/ce/cost-and-usage-results`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ results }),
    });
    expect(res.status).toBe(201);
  };
  const run = (o: Partial<CeOptions> = {}) =>
    ingestCostExplorer(
      { db: t.db, codec: secretCodec, metrics: im },
      { organizationId: org, accountId, budget: 100, repullDays: 35, maxRetries: 4, minBackoffMs: 5, endpoint: moto.endpoint, ...o },
    );
  const daily = async () => {
    const { rows } = await t.db.query<{ d: string; total: string }>(
      `SELECT usage_date::text AS d, sum(unblended_cost)::text AS total FROM cost_data WHERE organization_id = $1 AND source = 'ce' GROUP BY 1 ORDER BY 1`,
      [org],
    );
    return Object.fromEntries(rows.map((r) => [r.d, r.total]));
  };

  beforeAll(async () => {
    useDummyAwsCredentials();
    [t, moto] = await Promise.all([createTestDatabase(), startMoto()]);
    org = await createOrg(t.db, 'ce');
    accountId = (await createAccount(t.db, secretCodec, org, { accountId: '123456789012', name: 'prod', isPayer: false })).id;
  });
  afterAll(async () => {
    await moto?.stop();
    await t?.drop();
  });

  it('pages through 3 pages with NextPageToken and writes daily rows with region from the usage type', async () => {
    await queue([
      page({ '2026-01-01': [['Amazon Elastic Compute Cloud - Compute', 'EUW2-BoxUsage:t3.micro', '1.500000'], ['Amazon Simple Storage Service', 'TimedStorage-ByteHrs', '0.25']] }, 'p2'),
      page({ '2026-01-02': [['Amazon Elastic Compute Cloud - Compute', 'EUW2-BoxUsage:t3.micro', '1.5']], '2026-01-03': [['AWS Lambda', 'USE2-Request', '0.1']] }, 'p3'),
      page({ '2026-01-04': [['AWS Lambda', 'USE2-Request', '0.2']], '2026-01-05': [['AWS Lambda', 'USE2-Request', '0.3']] }),
    ]);
    const s = await run({ from: '2026-01-01', to: '2026-01-06' });
    expect(s).toMatchObject({ pages: 3, requests: 3, throttled: 0, requestCostUsd: '0.03', rowsWritten: 6, plan: 'service-usage' });
    expect(await daily()).toEqual({
      '2026-01-01': '1.750000',
      '2026-01-02': '1.500000',
      '2026-01-03': '0.100000',
      '2026-01-04': '0.200000',
      '2026-01-05': '0.300000',
    });
    const { rows } = await t.db.query<{ region: string; usage_quantity: string; usage_unit: string }>(
      `SELECT region, usage_quantity::text, usage_unit FROM cost_data WHERE organization_id = $1 AND usage_type = 'EUW2-BoxUsage:t3.micro' LIMIT 1`,
      [org],
    );
    expect(rows[0]).toEqual({ region: 'eu-west-2', usage_quantity: '2.000000', usage_unit: 'Hrs' });
  });

  it('a later run replaces restated days instead of adding to them', async () => {
    await moto.reset();
    await queue([page({ '2026-01-04': [['AWS Lambda', 'USE2-Request', '0.25']], '2026-01-05': [] })]);
    const s = await run({ from: '2026-01-04', to: '2026-01-06' });
    expect(s.requests).toBe(1);
    expect(await daily()).toEqual({ '2026-01-01': '1.750000', '2026-01-02': '1.500000', '2026-01-03': '0.100000', '2026-01-04': '0.250000' });
    const rollup = await t.db.query<{ total: string }>(
      `SELECT sum(unblended_cost)::text AS total FROM cost_daily_rollup WHERE organization_id = $1 AND usage_date >= '2026-01-04'`,
      [org],
    );
    expect(rollup.rows[0]!.total).toBe('0.250000');
  });

  it('never exceeds the daily request budget: the run stops and writes nothing', async () => {
    await moto.reset();
    await queue([page({ '2026-01-01': [['AWS Lambda', 'USE2-Request', '9']] }, 'q2'), page({}, 'q3'), page({})]);
    const before = await snapshot(t.db, org);
    const now = new Date('2026-02-10T12:00:00Z');
    const err = await run({ from: '2026-01-01', to: '2026-01-06', budget: 2, now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CeBudgetExceededError);
    expect(await ceRequestsOn(t.db, org, '2026-02-10')).toBe(2);
    await expect(run({ from: '2026-01-01', to: '2026-01-06', budget: 2, now })).rejects.toBeInstanceOf(CeBudgetExceededError);
    expect(await ceRequestsOn(t.db, org, '2026-02-10')).toBe(2);
    expect(await snapshot(t.db, org)).toBe(before);
  });

  it('retries throttling (LimitExceededException) with backoff through a fault proxy, counting every request', async () => {
    await moto.reset();
    await queue([page({ '2026-01-02': [['AWS Lambda', 'USE2-Request', '0.5']] })]);
    const proxy = await startFaultProxy(moto.endpoint, [{ kind: 'json-throttle', times: 2, match: (i) => (i.target ?? '').endsWith('GetCostAndUsage') }]);
    try {
      const before = (await im.ceRequests.get()).values.filter((v) => v.labels.outcome === 'throttled').reduce((a, v) => a + v.value, 0);
      const s = await run({ from: '2026-01-02', to: '2026-01-03', endpoint: proxy.endpoint });
      expect(proxy.faults()).toBe(2);
      expect(s).toMatchObject({ requests: 3, throttled: 2, pages: 1, requestCostUsd: '0.03' });
      const after = (await im.ceRequests.get()).values.filter((v) => v.labels.outcome === 'throttled').reduce((a, v) => a + v.value, 0);
      expect(after - before).toBe(2);
      expect((await daily())['2026-01-02']).toBe('0.500000');
    } finally {
      await proxy.stop();
    }
  });

  it('gives up after the retry limit and leaves the previous data intact', async () => {
    const proxy = await startFaultProxy(moto.endpoint, [{ kind: 'json-throttle', times: Infinity }]);
    try {
      const before = await snapshot(t.db, org);
      await expect(run({ from: '2026-01-01', to: '2026-01-06', endpoint: proxy.endpoint, maxRetries: 2 })).rejects.toMatchObject({ name: 'LimitExceededException' });
      expect(proxy.faults()).toBe(3);
      expect(await snapshot(t.db, org)).toBe(before);
    } finally {
      await proxy.stop();
    }
  });
});
