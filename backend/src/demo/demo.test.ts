import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { DEMO_SPIKES, findDemoOrg, generateDemoCosts, isUnconfigured, removeDemo, seedDemo } from './index.js';

const TODAY = '2026-11-20';

describe('demo organization generator', () => {
  const rows = generateDemoCosts(TODAY);

  it('covers 13 months of days, 3 accounts, about 15 services and 4 regions, all labelled demo', () => {
    const days = new Set(rows.map((r) => r.usageDate));
    expect(days.size).toBe(384);
    expect([...days].sort()[0]).toBe('2025-11-01');
    expect(new Set(rows.map((r) => r.accountId)).size).toBe(3);
    expect(new Set(rows.map((r) => r.service)).size).toBeGreaterThanOrEqual(15);
    expect(new Set(rows.map((r) => r.region).filter((r) => r !== 'global')).size).toBe(4);
    expect(rows.every((r) => r.source === 'demo')).toBe(true);
  });

  it('is deterministic, weekday-heavy, growing, with month-start charges and the injected spikes', () => {
    expect(generateDemoCosts(TODAY)).toEqual(rows);
    const byDay = new Map<string, number>();
    for (const r of rows) byDay.set(r.usageDate, (byDay.get(r.usageDate) ?? 0) + Number(r.unblended));
    const dow = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    const avg = (f: (d: string) => boolean) => {
      const v = [...byDay].filter(([d]) => f(d) && !d.endsWith('-01')).map(([, x]) => x);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    expect(avg((d) => dow(d) >= 1 && dow(d) <= 5)).toBeGreaterThan(avg((d) => dow(d) === 0 || dow(d) === 6) * 1.05);
    expect(avg((d) => d >= '2026-10-01')).toBeGreaterThan(avg((d) => d < '2026-01-01') * 1.1);
    expect(rows.some((r) => r.service === 'Tax' && r.usageDate === '2026-11-01' && Number(r.unblended) > 1000)).toBe(true);
    const ri = rows.filter((r) => r.usageType.startsWith('HeavyUsage') && r.usageDate.startsWith('2026-06'));
    expect(ri.filter((r) => Number(r.unblended) > 0).map((r) => r.usageDate)).toEqual(['2026-06-01']);
    expect(new Set(ri.map((r) => r.amortized)).size).toBe(1);
    const lambda = DEMO_SPIKES[0]!;
    const spikeDay = new Date(Date.parse(`${TODAY}T00:00:00Z`) - lambda.daysAgo * 86_400_000).toISOString().slice(0, 10);
    const total = (d: string) => rows.filter((r) => r.usageDate === d && r.service === lambda.service && r.accountId === lambda.account).reduce((a, r) => a + Number(r.unblended), 0);
    expect(total(spikeDay)).toBeGreaterThan(total('2026-11-02') * 3);
  });
});

describe('demo organization in the database (PostgreSQL or PGlite)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('seeds once when unconfigured, and remove deletes everything it made', async () => {
    expect(await isUnconfigured(t.db)).toBe(true);
    const first = await seedDemo(t.db, { today: TODAY });
    expect(first.created).toBe(true);
    expect((await seedDemo(t.db, { today: TODAY })).created).toBe(false);
    const org = await t.db.query<{ name: string; is_demo: boolean }>('SELECT name, is_demo FROM organizations WHERE id = $1', [first.organizationId]);
    expect(org.rows[0]).toEqual({ name: 'Demo', is_demo: true });
    const accounts = await t.db.query<{ name: string }>('SELECT name FROM aws_accounts WHERE organization_id = $1', [first.organizationId]);
    expect(accounts.rows.every((a) => a.name.startsWith('Demo '))).toBe(true);
    expect(await isUnconfigured(t.db)).toBe(true);
    const budgets = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM budgets WHERE organization_id = $1', [first.organizationId]);
    expect(Number(budgets.rows[0]!.n)).toBe(3);

    expect(await removeDemo(t.db)).toBe(true);
    expect(await findDemoOrg(t.db)).toBeUndefined();
    for (const table of ['cost_data', 'cost_daily_rollup', 'cost_daily_grain', 'aws_accounts', 'aws_resources', 'budgets']) {
      const { rows } = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      expect(Number(rows[0]!.n), table).toBe(0);
    }
    expect(await removeDemo(t.db)).toBe(false);
  });
});
