import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrg, keyFor, testApp } from '../../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../../testing/db.js';

const TODAY = '2026-11-20';
const NOW = new Date(`${TODAY}T12:00:00Z`);
// Small race so that status calls stay fast in CI.
const ENV = { FORECAST_HISTORY_DAYS: '120', FORECAST_VALIDATION_ORIGINS: '0', FORECAST_MAX_SERIES: '3' };

describe('budgets API (PostgreSQL or PGlite)', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof testApp>['app'];
  let finance: string;
  let viewer: string;
  let otherFinance: string;
  let editor: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    // A small hand-made history (the demo seed is exercised in forecasting.test.ts): 150 days of
    // two services in one account, ending yesterday.
    const org = await createOrg(t.db, 'Budget Co');
    await t.db.query(
      `INSERT INTO cost_daily_rollup (organization_id, usage_date, account_id, service, region, currency,
                                      unblended_cost, amortized_cost, net_unblended_cost, net_amortized_cost)
       SELECT $1, d::date, '111111111111', s, 'us-east-1', 'USD', c, c, c, c
         FROM generate_series(date '2026-06-23', date '2026-11-19', interval '1 day') AS d,
              (VALUES ('AWS Lambda', 40), ('Amazon Simple Storage Service', 90)) AS v(s, base),
              LATERAL (SELECT (base + extract(dow FROM d) * 2)::numeric(18,6) AS c) AS x`,
      [org],
    );
    const other = await createOrg(t.db, 'Other Co');
    finance = await keyFor(t.db, org, 'finance');
    viewer = await keyFor(t.db, org, 'viewer');
    editor = await keyFor(t.db, org, 'editor');
    otherFinance = await keyFor(t.db, other, 'finance');
    app = testApp(t.db, { now: NOW, env: ENV }).app;
  });
  afterAll(async () => t.drop());

  const call = (method: string, path: string, key: string, body?: unknown) =>
    app.request(path, { method, headers: bearer(key), body: body === undefined ? undefined : JSON.stringify(body) });

  it('creates, reads, updates, reports status and deletes a budget', async () => {
    const created = await call('POST', '/api/v1/budgets', finance, {
      name: 'Lambda monthly',
      period: 'monthly',
      amount: '1500.25',
      scope: { service: 'AWS Lambda' },
    });
    expect(created.status).toBe(201);
    const b = (await created.json()) as { id: string; amount: string; currency: string; metric: string };
    expect(b).toMatchObject({ amount: '1500.25', currency: 'USD', metric: 'unblended' });

    expect((await call('GET', `/api/v1/budgets/${b.id}`, viewer)).status).toBe(200);
    const list = (await (await call('GET', '/api/v1/budgets', viewer)).json()) as { budgets: { id: string }[] };
    expect(list.budgets.map((x) => x.id)).toContain(b.id);

    const status = (await (await call('GET', `/api/v1/budgets/${b.id}/status`, viewer)).json()) as {
      actual: number;
      forecast: { mean: number; lo95: number; hi95: number };
      overrunProbability: number;
      period: { from: string; to: string };
    };
    expect(status.period).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    expect(status.actual).toBeGreaterThan(0);
    expect(status.forecast.lo95).toBeLessThanOrEqual(status.forecast.mean);
    expect(status.forecast.hi95).toBeGreaterThanOrEqual(status.forecast.mean);
    expect(status.overrunProbability).toBeGreaterThanOrEqual(0);
    expect(status.overrunProbability).toBeLessThanOrEqual(1);

    const updated = await call('PUT', `/api/v1/budgets/${b.id}`, finance, { name: 'Lambda quarterly', period: 'quarterly', amount: 4000, scope: { service: 'AWS Lambda' } });
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as { period: string; amount: string }).amount).toBe('4000');

    const all = (await (await call('GET', '/api/v1/budgets/status', viewer)).json()) as { budgets: { period: { from: string } }[] };
    expect(all.budgets[0]!.period.from).toBe('2026-10-01');

    expect((await call('DELETE', `/api/v1/budgets/${b.id}`, finance)).status).toBe(204);
    expect((await call('GET', `/api/v1/budgets/${b.id}`, viewer)).status).toBe(404);
  });

  it('rejects bad input with the field named', async () => {
    const cases: [unknown, string][] = [
      [{ period: 'monthly', amount: 1 }, 'name'],
      [{ name: 'x', period: 'weekly', amount: 1 }, 'period'],
      [{ name: 'x', period: 'monthly', amount: -5 }, 'amount'],
      [{ name: 'x', period: 'monthly', amount: '1.1234567' }, 'amount'],
      [{ name: 'x', period: 'monthly', amount: 1, currency: 'dollars' }, 'currency'],
      [{ name: 'x', period: 'monthly', amount: 1, scope: { region: 'us-east-1' } }, 'scope'],
      [{ name: 'x', period: 'monthly', amount: 1, scope: { tag: { key: '' , value: 'a' } } }, 'scope.tag.key'],
      [{ name: 'x', period: 'monthly', amount: 1, startsOn: '2026-13-01' }, 'startsOn'],
      [{ name: 'x', period: 'monthly', amount: 1, metric: 'blended' }, 'metric'],
    ];
    for (const [body, fieldName] of cases) {
      const res = await call('POST', '/api/v1/budgets', finance, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = ((await res.json()) as { error: { field: string } }).error;
      expect(err.field, JSON.stringify(body)).toBe(fieldName);
    }
    const malformed = await app.request('/api/v1/budgets', { method: 'POST', headers: bearer(finance), body: '{"name":' });
    expect(malformed.status).toBe(400);
    expect((await call('GET', '/api/v1/budgets/not-a-uuid', viewer)).status).toBe(404);
  });

  it('names are unique per organization (409), not across organizations', async () => {
    const body = { name: 'Org total', period: 'annual', amount: '1000000', startsOn: '2026-04-01' };
    expect((await call('POST', '/api/v1/budgets', finance, body)).status).toBe(201);
    const dup = await call('POST', '/api/v1/budgets', finance, body);
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { error: { field: string } }).error.field).toBe('name');
    expect((await call('POST', '/api/v1/budgets', otherFinance, body)).status).toBe(201);
  });

  it('another organization can neither see nor change a budget; viewers and editors cannot write', async () => {
    const res = await call('POST', '/api/v1/budgets', finance, { name: 'Private', period: 'monthly', amount: 10 });
    const { id } = (await res.json()) as { id: string };
    expect((await call('GET', `/api/v1/budgets/${id}`, otherFinance)).status).toBe(404);
    expect((await call('GET', `/api/v1/budgets/${id}/status`, otherFinance)).status).toBe(404);
    expect((await call('PUT', `/api/v1/budgets/${id}`, otherFinance, { name: 'Hijacked', period: 'monthly', amount: 1 })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/budgets/${id}`, otherFinance)).status).toBe(404);
    const theirs = (await (await call('GET', '/api/v1/budgets', otherFinance)).json()) as { budgets: { name: string }[] };
    expect(theirs.budgets.map((b) => b.name)).not.toContain('Private');
    expect((await call('POST', '/api/v1/budgets', viewer, { name: 'v', period: 'monthly', amount: 1 })).status).toBe(403);
    expect((await call('DELETE', `/api/v1/budgets/${id}`, editor)).status).toBe(403);
    expect((await call('GET', `/api/v1/budgets/${id}`, viewer)).status).toBe(200);
  });

  it('forecast routes: recompute needs ingest:run, stored rows are per organization', async () => {
    expect((await call('POST', '/api/v1/forecasts/recompute', viewer, {})).status).toBe(403);
    const rec = await call('POST', '/api/v1/forecasts/recompute', editor, {});
    expect(rec.status).toBe(200);
    expect(((await rec.json()) as { series: number }).series).toBe(3);
    const mine = (await (await call('GET', '/api/v1/forecasts?series=total', viewer)).json()) as { forecasts: unknown[] };
    expect(mine.forecasts.length).toBeGreaterThan(0);
    const theirs = (await (await call('GET', '/api/v1/forecasts', otherFinance)).json()) as { forecasts: unknown[] };
    expect(theirs.forecasts).toEqual([]);
    const totals = (await (await call('GET', '/api/v1/forecasts/totals?series=total', viewer)).json()) as { totals: { period: string }[] };
    expect(totals.totals.map((x) => x.period).sort()).toEqual(['month', 'quarter']);
    const me = await call('POST', '/api/v1/forecasts/month-end', viewer, { scope: { account: '111111111111' } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { from: string }).from).toBe('2026-11-01');
    expect((await call('POST', '/api/v1/forecasts/month-end', viewer, { scope: { nope: 1 } })).status).toBe(400);
    expect((await call('GET', '/api/v1/forecasts?metric=blended', viewer)).status).toBe(400);
  });
});
