import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/index.js';
import { COST_METRIC_NAMES } from '../domain/dimensions.js';
import { Decimal } from '../domain/money.js';
import { bearer, keyFor, testApp } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import type { FrameDTO } from './frames.js';

const TODAY = '2026-11-20';
const NOW = new Date(`${TODAY}T12:00:00Z`);
const RANGE = { from: '2025-11-01T00:00:00Z', to: '2026-11-19T23:59:59Z' };
const GROUPINGS = [[], ['account'], ['service'], ['region'], ['usage_type'], ['tag:team'], ['account', 'service'], ['service', 'tag:env'], ['region', 'usage_type']];

describe('cost query on demo data (PostgreSQL or PGlite)', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof testApp>['app'];
  let key: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    const demo = await seedDemo(t.db, { today: TODAY });
    key = await keyFor(t.db, demo.organizationId);
    app = testApp(t.db, { now: NOW }).app;
  });
  afterAll(async () => t.drop());

  async function query(q: Record<string, unknown>, range = RANGE): Promise<FrameDTO[]> {
    const res = await app.request('/api/v1/query', {
      method: 'POST',
      headers: bearer(key),
      body: JSON.stringify({ range, queries: [{ refId: 'A', type: 'cost', ...q }] }),
    });
    const body = (await res.json()) as { results: { A: { frames: FrameDTO[] } } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    return body.results.A.frames;
  }

  const total = (frames: FrameDTO[]) =>
    frames.reduce((acc, f) => f.fields.filter((x) => x.type === 'number').reduce((a, x) => x.values.reduce((s: Decimal, v) => s.plus(v as number), a), acc), new Decimal(0));

  it('returns 13 months of daily frames grouped by service', async () => {
    const frames = await query({ groupBy: ['service'] });
    expect(frames.length).toBeGreaterThanOrEqual(15);
    const times = frames[0]!.fields[0]!.values as number[];
    expect(times.length).toBe(384);
    expect(new Date(times[0]!).toISOString().slice(0, 10)).toBe('2025-11-01');
    expect(frames.every((f) => (f.fields[1]!.values as number[]).some((v) => v > 0))).toBe(true);
  });

  it.each(COST_METRIC_NAMES)('grouped sums equal the ungrouped total to the cent for every group-by (%s)', async (metric) => {
    const whole = total(await query({ metric, granularity: 'total' }));
    expect(whole.toNumber()).toBeGreaterThan(100_000);
    for (const groupBy of GROUPINGS) {
      for (const granularity of ['day', 'month']) {
        const grouped = total(await query({ metric, groupBy, granularity, format: 'table' }));
        expect(grouped.minus(whole).abs().toNumber(), `${metric} by ${groupBy.join('+') || 'nothing'} per ${granularity}`).toBeLessThan(0.005);
      }
    }
  });

  it('top N keeps the largest groups and folds the rest into Other without losing money', async () => {
    const all = await query({ groupBy: ['service'], granularity: 'month' });
    const top = await query({ groupBy: ['service'], granularity: 'month', topN: 3 });
    expect(top.map((f) => f.name)).toHaveLength(4);
    expect(top[3]!.name).toBe('Other');
    expect(total(top).minus(total(all)).abs().toNumber()).toBeLessThan(0.005);
  });

  it('include and exclude filters partition the total', async () => {
    const whole = total(await query({ granularity: 'total' }));
    const prod = total(await query({ granularity: 'total', filters: [{ dimension: 'account', values: ['111111111111'] }] }));
    const rest = total(await query({ granularity: 'total', filters: [{ dimension: 'account', operator: 'not_in', values: ['111111111111'] }] }));
    expect(prod.plus(rest).minus(whole).abs().toNumber()).toBeLessThan(0.005);
    expect(prod.toNumber()).toBeGreaterThan(rest.toNumber());
  });

  it('reads the rollup unless usage type or tags are involved', async () => {
    expect((await query({ groupBy: ['service'] }))[0]!.meta).toMatchObject({ custom: { source: 'rollup:s' } });
    expect((await query({ groupBy: ['account', 'service'], filters: [{ dimension: 'region', values: ['us-east-1'] }] }))[0]!.meta).toMatchObject({ custom: { source: 'rollup' } });
    expect((await query({ granularity: 'total' }))[0]!.meta).toMatchObject({ custom: { source: 'rollup:total' } });
    expect((await query({ groupBy: ['tag:team'] }))[0]!.meta).toMatchObject({ custom: { source: 'cost_data' } });
  });

  it('weekly and monthly buckets start on Mondays and firsts of month', async () => {
    const weeks = (await query({ granularity: 'week' }))[0]!.fields[0]!.values as number[];
    expect(weeks.every((ms) => new Date(ms).getUTCDay() === 1)).toBe(true);
    const months = (await query({ granularity: 'month' }))[0]!.fields[0]!.values as number[];
    expect(months.map((ms) => new Date(ms).getUTCDate())).toEqual(Array(13).fill(1));
  });

  it('treats SQL in filter values and tag keys as data', async () => {
    const frames = await query({ groupBy: ['tag:team = 1 OR 1=1 --'], filters: [{ dimension: 'service', values: ["'; DROP TABLE cost_data; --"] }] });
    expect(frames).toEqual([]);
    const still = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM cost_data');
    expect(Number(still.rows[0]!.n)).toBeGreaterThan(0);
  });

  it('lists dimension values by spend, with account names, and tag keys', async () => {
    const res = await app.request('/api/v1/dimensions/account/values', { headers: bearer(key) });
    const body = (await res.json()) as { values: { value: string; label: string }[] };
    expect(body.values.map((v) => v.value)).toEqual(['111111111111', '333333333333', '222222222222']);
    expect(body.values[0]!.label).toBe('Demo Production (111111111111)');
    const services = await app.request('/api/v1/dimensions/service/values?filter=account:222222222222', { headers: bearer(key) });
    expect(((await services.json()) as { values: unknown[] }).values.length).toBe(15); // 14 services + Tax
    const keys = await app.request('/api/v1/tag-keys', { headers: bearer(key) });
    expect(((await keys.json()) as { keys: string[] }).keys.sort()).toEqual(['env', 'team']);
  });
});
