import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cache, createMemoryStore, createRedisStore } from '../cache/index.js';
import { seedDemo } from '../demo/index.js';
import { ValidationError } from '../domain/errors.js';
import { executeQueries, QueryRegistry, type FrameDTO } from '../query/index.js';
import { createOrg } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { createBudget, budgetInputSchema } from './budgets.store.js';
import { budgetStatus } from './budgets.status.js';
import { forecastingQueryHandlers, monthEndForecast, recomputeForecasts, type ForecastSettings } from './index.js';
import { parseOrThrow } from '../domain/validation.js';

const TODAY = '2026-11-20';
const NOW = new Date(`${TODAY}T12:00:00Z`);
// Small race for CI: one validation origin, one SARIMA order, 200 days of history.
const SETTINGS: ForecastSettings = { historyDays: 200, race: { origins: 1, sarimaGrid: [{ p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1 }] } };
const LIMITS = { maxRangeDays: 1100, maxBatch: 20 };

describe('forecasting on the demo organization (PostgreSQL or PGlite)', () => {
  let t: TestDatabase;
  let orgId: string;
  let cache: Cache;
  const registry = new QueryRegistry();
  for (const h of forecastingQueryHandlers(SETTINGS)) registry.register(h);

  beforeAll(async () => {
    t = await createTestDatabase();
    orgId = (await seedDemo(t.db, { today: TODAY })).organizationId;
    // The real Redis when CI provides one, so the compute layer is exercised end to end.
    const store = process.env.TEST_REDIS_URL ? createRedisStore(process.env.TEST_REDIS_URL) : createMemoryStore(1000);
    cache = new Cache(store, { query: 300, compute: 3600, reference: 86400 });
  });
  afterAll(async () => {
    await cache.close();
    await t.drop();
  });

  async function run(queries: Record<string, unknown>[], range = { from: '2026-08-01', to: '2026-11-19' }, org = orgId) {
    const { json } = await executeQueries({ db: t.db, cache, organizationId: org, now: NOW }, registry, { range, queries }, LIMITS);
    return JSON.parse(json) as { results: Record<string, { frames: FrameDTO[] }> };
  }
  const field = (f: FrameDTO, name: string) => f.fields.find((x) => x.name === name)!.values as (number | null)[];
  const nums = (f: FrameDTO, name: string) => field(f, name).map((v) => v ?? NaN);

  it('forecast: actual then mean and nested 80 %/95 % bands on one time axis, plus period totals', async () => {
    const r = await run([{ refId: 'A', type: 'forecast', scope: { service: 'Amazon Relational Database Service' }, horizon: 'month_end' }]);
    const [series, totals] = r.results.A!.frames;
    const actual = field(series!, 'actual');
    const mean = field(series!, 'mean');
    const histDays = actual.filter((v) => v !== null).length;
    expect(histDays).toBe(111); // 2026-08-01 .. 2026-11-19
    expect(mean.length - histDays).toBe(11); // today .. 2026-11-30
    expect(mean.slice(0, histDays).every((v) => v === null)).toBe(true);
    for (let i = histDays; i < mean.length; i++) {
      expect(field(series!, 'lo95')[i]!).toBeLessThanOrEqual(field(series!, 'lo80')[i]!);
      expect(field(series!, 'lo80')[i]!).toBeLessThanOrEqual(mean[i]!);
      expect(mean[i]!).toBeLessThanOrEqual(field(series!, 'hi80')[i]!);
      expect(field(series!, 'hi80')[i]!).toBeLessThanOrEqual(field(series!, 'hi95')[i]!);
    }
    // RDS costs about $410+ a day across accounts: the forecast must be in that ballpark.
    expect(mean[histDays]!).toBeGreaterThan(300);
    expect(series!.meta!.custom).toMatchObject({ model: expect.any(String) });
    expect(field(totals!, 'mean')[0]!).toBeGreaterThan(field(totals!, 'actual')[0]!);
    // The month-end interval is the sum's own: narrower than adding the daily bounds.
    const dailyWidth = nums(series!, 'hi95').slice(histDays).reduce((a, v, i) => a + v - nums(series!, 'lo95')[histDays + i]!, 0);
    expect(field(totals!, 'hi95')[0]! - field(totals!, 'lo95')[0]!).toBeLessThan(dailyWidth);
  });

  it('a dashboard range that ends in the future extends the horizon to its end', async () => {
    const r = await run([{ refId: 'A', type: 'forecast', horizon: 7 }], { from: '2026-11-01', to: '2026-12-10' });
    const [series] = r.results.A!.frames;
    const mean = field(series!, 'mean');
    expect(mean.filter((v) => v !== null)).toHaveLength(21); // 2026-11-20 .. 2026-12-10
    expect(field(series!, 'actual').filter((v) => v !== null)).toHaveLength(19);
  });

  it('tag scopes read cost_data: team=payments forecasts below the organization total', async () => {
    const r = await run([
      { refId: 'P', type: 'forecast', scope: { tag: { key: 'team', value: 'payments' } }, horizon: 7 },
      { refId: 'O', type: 'forecast', horizon: 7 },
    ]);
    const payments = nums(r.results.P!.frames[0]!, 'actual').filter((v) => !Number.isNaN(v));
    const total = nums(r.results.O!.frames[0]!, 'actual').filter((v) => !Number.isNaN(v));
    expect(payments.length).toBe(total.length);
    payments.forEach((v, i) => {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(total[i]!);
    });
    expect(r.results.P!.frames[0]!.fields[1]!.labels).toEqual({ series: 'tag:team=payments' });
  });

  it('trend: moving averages, regression and period changes', async () => {
    const r = await run([{ refId: 'T', type: 'trend' }]);
    const [ts, stats] = r.results.T!.frames;
    expect(field(ts!, 'ma7').every((v) => v !== null)).toBe(true); // history before the range fills the windows
    const slope = field(stats!, 'slope_per_day')[0]!;
    expect(field(stats!, 'slope_ci95_lo')[0]!).toBeLessThan(slope);
    expect(field(stats!, 'slope_ci95_hi')[0]!).toBeGreaterThan(slope);
    const line = field(ts!, 'regression');
    expect(line[1]! - line[0]!).toBeCloseTo(slope, 4);
    // The demo starts 2025-11-01: last October has no data, so year over year is unknown, not -100 % or +∞.
    expect(field(stats!, 'year_over_year')[0]).toBeNull();
    expect(field(stats!, 'month_over_month')[0]).not.toBeNull();
  });

  it('decomposition: components add up to the cost and the weekday pattern is found', async () => {
    const r = await run([{ refId: 'D', type: 'decomposition', scope: { service: 'Amazon Elastic Compute Cloud - Compute' } }]);
    const [main, weekdays] = r.results.D!.frames;
    const cost = field(main!, 'cost');
    const parts = ['trend', 'weekly', 'monthly', 'remainder'].map((n) => field(main!, n));
    cost.forEach((c, i) => {
      if (parts[0]![i] === null) return;
      expect(parts.reduce((a, p) => a + p[i]!, 0)).toBeCloseTo(c!, 3);
    });
    // EC2 is weekday-heavy in the demo (1.25×): weekdays above the weekend.
    const eff = nums(weekdays!, 'effect');
    expect(Math.min(...eff.slice(0, 5))).toBeGreaterThan(Math.max(...eff.slice(5)));
  });

  it('budget: actual to date, forecast at period end with interval, overrun probability', async () => {
    const b = await createBudget(t.db, orgId, parseOrThrow(budgetInputSchema, { name: 'Lambda tight', period: 'monthly', amount: '10', scope: { service: 'AWS Lambda' } }));
    const loose = await createBudget(t.db, orgId, parseOrThrow(budgetInputSchema, { name: 'Org annual', period: 'annual', amount: '100000000', scope: {} }));
    const r = await run([{ refId: 'B', type: 'budget' }]);
    const [table] = r.results.B!.frames;
    const names = table!.fields.find((f) => f.name === 'name')!.values;
    const prob = field(table!, 'overrun_probability');
    expect(prob[names.indexOf('Lambda tight')]).toBeGreaterThan(0.99);
    expect(prob[names.indexOf('Org annual')]).toBeLessThan(0.01);
    const [s] = await budgetStatus(t.db, orgId, b.id, NOW, { settings: SETTINGS });
    expect(s!.actual).toBeGreaterThan(0);
    expect(s!.forecast.mean).toBeGreaterThan(s!.actual);
    expect(s!.forecast.lo95).toBeGreaterThanOrEqual(s!.actual);
    expect(s!.variance).toBeCloseTo(s!.forecast.mean - 10, 6);
    expect(s!.period).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    expect((await budgetStatus(t.db, orgId, loose.id, NOW, { settings: SETTINGS }))[0]!.period).toEqual({ from: '2026-01-01', to: '2027-01-01' });
  });

  it('monthEndForecast for alerts matches the forecast query totals', async () => {
    const m = await monthEndForecast(t.db, orgId, {}, NOW, { cache, settings: SETTINGS });
    expect(m.from).toBe('2026-11-01');
    expect(m.lo80).toBeLessThanOrEqual(m.mean);
    expect(m.hi95).toBeGreaterThan(m.hi80);
    expect(m.actual).toBeGreaterThan(0);
  });

  it('recompute stores forecasts and period totals per series, replacing the previous run', async () => {
    const opts = { now: NOW, maxSeries: 4, levels: ['total', 'service'] as const, settings: SETTINGS };
    const first = await recomputeForecasts(t.db, cache, orgId, { ...opts, levels: [...opts.levels] });
    expect(first.series).toBe(4);
    const second = await recomputeForecasts(t.db, cache, orgId, { ...opts, levels: [...opts.levels] });
    const { rows } = await t.db.query<{ n: string; keys: string }>(
      `SELECT count(*)::text AS n, count(DISTINCT series_key)::text AS keys FROM cost_forecasts WHERE organization_id = $1`,
      [orgId],
    );
    expect(Number(rows[0]!.n)).toBe(second.rows);
    expect(Number(rows[0]!.keys)).toBe(4);
    const totals = await t.db.query<{ period: string; lo95: string; mean: string; hi95: string; model: string }>(
      `SELECT period, lo95::text, mean::text, hi95::text, model FROM cost_forecast_totals WHERE organization_id = $1 AND series_key = 'total'`,
      [orgId],
    );
    expect(totals.rows.map((r) => r.period).sort()).toEqual(['month', 'quarter']);
    for (const r of totals.rows) expect(Number(r.lo95)).toBeLessThan(Number(r.hi95));
  });

  it('another organization sees none of it; bad queries name the field', async () => {
    const other = await createOrg(t.db, 'Other');
    const r = await run([{ refId: 'B', type: 'budget' }, { refId: 'F', type: 'forecast' }], undefined, other);
    expect(r.results.B!.frames[0]!.fields[0]!.values).toEqual([]);
    expect(field(r.results.F!.frames[0]!, 'actual').every((v) => v === 0 || v === null)).toBe(true);
    await expect(run([{ refId: 'F', type: 'forecast', horizon: 0 }])).rejects.toMatchObject({ field: 'queries[0].horizon' });
    await expect(run([{ refId: 'F', type: 'trend', scope: { region: 'x' } }])).rejects.toBeInstanceOf(ValidationError);
    await expect(run([{ refId: 'B', type: 'budget', budgetId: 'nope' }])).rejects.toMatchObject({ field: 'queries[0].budgetId' });
  });

  it('on-demand forecasts are served from the compute cache until the organization is invalidated', async () => {
    const org = await createOrg(t.db, 'Cache Co');
    await t.db.query(
      `INSERT INTO cost_daily_rollup (organization_id, usage_date, account_id, service, region, currency,
                                      unblended_cost, amortized_cost, net_unblended_cost, net_amortized_cost)
       SELECT $1, d::date, '444444444444', 'AWS Lambda', 'us-east-1', 'USD', 50, 50, 50, 50
         FROM generate_series(date '2026-08-01', date '2026-11-19', interval '1 day') AS d`,
      [org],
    );
    const first = await monthEndForecast(t.db, org, {}, NOW, { cache, settings: SETTINGS });
    expect(first.actual).toBe(50 * 19);
    await t.db.query('DELETE FROM cost_daily_rollup WHERE organization_id = $1', [org]);
    expect(await monthEndForecast(t.db, org, {}, NOW, { cache, settings: SETTINGS })).toEqual(first);
    await cache.invalidateOrg(org);
    expect((await monthEndForecast(t.db, org, {}, NOW, { cache, settings: SETTINGS })).actual).toBe(0);
  });
});
