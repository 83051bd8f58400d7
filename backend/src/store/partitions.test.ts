import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { dropExpiredPartitions, ensurePartitions, listPartitions, upsertCostRows, type CostRow } from './index.js';

const row = (usageDate: string, unblended = '1.000000'): CostRow => ({
  usageDate, accountId: '123456789012', service: 'AmazonEC2', region: 'us-east-1', usageType: 'BoxUsage',
  unblended, amortized: unblended, netUnblended: unblended, netAmortized: unblended,
  usageQuantity: '1', usageUnit: 'Hrs', currency: 'USD', tags: {}, source: 'test',
});

describe('cost_data partitions (PostgreSQL or PGlite)', () => {
  let t: TestDatabase;
  let org: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    org = await createOrg(t.db, 'Partitions');
  });
  afterAll(async () => t.drop());

  it('a row for a month without a partition lands in the default partition, then moves into the one created on demand', async () => {
    await t.db.transaction((tx) => upsertCostRows(tx, org, [row('2031-05-17', '2.500000')]));
    const inDefault = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM cost_data_default');
    expect(Number(inDefault.rows[0]!.n)).toBe(1);

    const created = await ensurePartitions(t.db, '2031-05-01', '2031-06-01');
    expect(created).toEqual(['cost_data_y2031m05']);
    const moved = await t.db.query<{ n: string; s: string }>('SELECT count(*) AS n, sum(unblended_cost)::text AS s FROM cost_data_y2031m05');
    expect(moved.rows[0]).toEqual({ n: '1', s: '2.500000' });
    const left = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM cost_data_default');
    expect(Number(left.rows[0]!.n)).toBe(0);
    expect(await ensurePartitions(t.db, '2031-05-01', '2031-06-01')).toEqual([]);
  });

  it('a range query touches only the partitions of its months (EXPLAIN)', async () => {
    await ensurePartitions(t.db, '2030-01-01', '2031-01-01');
    const { rows } = await t.db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT sum(unblended_cost) FROM cost_data
        WHERE organization_id = $1 AND usage_date >= '2030-03-01' AND usage_date < '2030-05-01'`,
      [org],
    );
    const plan = rows.map((r) => Object.values(r)[0]).join('\n');
    const scanned = [...new Set(plan.match(/cost_data_y\d{4}m\d{2}|cost_data_default/g) ?? [])].sort();
    expect(scanned).toEqual(['cost_data_y2030m03', 'cost_data_y2030m04']);
  });

  it('retention drops whole partitions older than the window and nothing newer', async () => {
    await ensurePartitions(t.db, '2020-01-01', '2020-03-01');
    await t.db.transaction((tx) => upsertCostRows(tx, org, [row('2020-01-10'), row('2020-02-10')]));
    const dropped = await dropExpiredPartitions(t.db, 12, '2021-02-15');
    expect(dropped).toEqual(['cost_data_y2020m01']);
    const names = await listPartitions(t.db);
    expect(names).toContain('cost_data_y2020m02');
    expect(names).not.toContain('cost_data_y2020m01');
  });
});
