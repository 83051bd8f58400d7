import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/index.js';
import { budgetStatus } from '../forecasting/index.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { evaluateAlerts } from './evaluator.js';
import { ruleInputSchema, channelInputSchema } from './model.js';
import { Outbox } from './outbox.js';
import { createRule, saveChannel } from './repo.js';
import { HttpReceiver, SmtpSink } from './testing/receivers.js';

/**
 * Acceptance 1 and 2 of issue 9 against the real database, a local HTTP receiver that checks
 * signatures, and a local SMTP sink.
 */
const TODAY = '2026-11-20';
const T0 = new Date(`${TODAY}T12:00:00Z`);
const SECRET = 'webhook-secret-0123456789abcdef';
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe('alert delivery (real database, local receivers)', () => {
  let t: TestDatabase;
  let org: string;
  const http = new HttpReceiver(SECRET);
  const smtp = new SmtpSink();
  let channelIds: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    org = (await seedDemo(t.db, { today: TODAY })).organizationId;
    await http.up();
    await smtp.up();
    const defs = [
      { name: 'hook', type: 'webhook', config: { url: http.url('/hook') }, secret: SECRET },
      { name: 'slack', type: 'slack', config: { dashboard_url: 'http://grafana.local/a/costwatch-app' }, secret: http.url('/slack') },
      { name: 'mail', type: 'email', config: { host: '127.0.0.1', port: smtp.port, from: 'costwatch@example.com', to: ['finops@example.com'] } },
    ];
    for (const d of defs) channelIds.push((await saveChannel(t.db, org, channelInputSchema.parse(d))).id);
    // Seeding 13 months of demo costs takes a while on embedded PGlite on a busy machine.
  }, 300_000);
  afterAll(async () => {
    await http.down();
    await smtp.down();
    await t?.drop();
  });

  const routes = () => channelIds.map((channel_id) => ({ channel_id }));
  const keysOf = (path: string) => http.on(path).map((r) => r.idempotencyKey);

  it('a budget rule fires when the forecast crosses 100 % and resolves when the budget is raised; one notification per transition and channel, retries included', async () => {
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO budgets (organization_id, name, period, amount, scope) VALUES ($1, 'Production monthly', 'monthly', 1000000, '{"accounts":["111111111111"]}') RETURNING id`,
      [org],
    );
    const budgetId = rows[0]!.id;
    const rule = await createRule(t.db, org, ruleInputSchema.parse({ name: 'Prod forecast over budget', kind: 'budget', condition: { budget_id: budgetId, basis: 'forecast', threshold_pct: 100 }, routes: routes() }));
    // Learn the forecast at a huge budget, then set the budget 5 % under it.
    await evaluateAlerts(t.db, { now: T0, organizationId: org });
    const first = await t.db.query<{ value: string; status: string }>('SELECT value::text, status FROM alerts WHERE rule_id = $1', [rule.id]);
    expect(first.rows).toEqual([]);
    const { rows: m } = await t.db.query<{ forecast: string }>(
      `SELECT sum(unblended_cost)::text AS forecast FROM cost_daily_rollup WHERE organization_id = $1 AND account_id = '111111111111' AND usage_date >= '2026-11-01' AND usage_date < '2026-11-20'`,
      [org],
    );
    const mtd = Number(m[0]!.forecast);
    expect(mtd).toBeGreaterThan(1000);
    // The forecast is at least month-to-date: a budget of 95 % of it is crossed.
    await t.db.query('UPDATE budgets SET amount = $2 WHERE id = $1', [budgetId, (mtd * 0.95).toFixed(2)]);

    http.failNext = 2; // the first webhook and Slack attempts meet a 503
    const fired = await evaluateAlerts(t.db, { now: minutes(5), organizationId: org });
    expect(fired).toMatchObject({ transitions: 1, notifications: 3 });
    let clock = minutes(5);
    const outbox = new Outbox(t.db, { now: () => clock, baseBackoffMs: 1000 });
    expect(await outbox.drain()).toMatchObject({ sent: 1, failed: 2 });
    clock = minutes(6);
    expect(await outbox.drain()).toMatchObject({ sent: 2, failed: 0 });
    expect(http.on('/hook')).toHaveLength(1);
    expect(http.on('/hook')[0]!.signatureValid).toBe(true);
    expect(http.on('/hook')[0]!.json).toMatchObject({ status: 'firing', rule: 'Prod forecast over budget', kind: 'budget' });
    // The value is the forecasting service's period-end forecast over the budget, in percent.
    const [status] = await budgetStatus(t.db, org, budgetId, minutes(5));
    expect((http.on('/hook')[0]!.json as { value: number }).value).toBeCloseTo(status!.forecastUtilisation * 100, 1);
    expect(http.on('/slack')).toHaveLength(1);
    expect((http.on('/slack')[0]!.json as { text: string }).text).toContain('<http://grafana.local/a/costwatch-app|');
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.raw).toMatch(/Content-Type: text\/html/);
    expect(smtp.mails[0]!.raw).toMatch(/Content-Type: text\/plain/);

    // Still over budget: no new notification within the repeat interval.
    expect(await evaluateAlerts(t.db, { now: minutes(10), organizationId: org })).toMatchObject({ notifications: 0, firing: 1 });

    await t.db.query('UPDATE budgets SET amount = amount * 3 WHERE id = $1', [budgetId]);
    expect(await evaluateAlerts(t.db, { now: minutes(15), organizationId: org })).toMatchObject({ transitions: 0, notifications: 0 });
    expect(await evaluateAlerts(t.db, { now: minutes(20), organizationId: org })).toMatchObject({ transitions: 1, notifications: 3 });
    clock = minutes(20);
    expect(await outbox.drain()).toMatchObject({ sent: 3 });
    expect(await outbox.drain()).toMatchObject({ sent: 0, failed: 0 });
    expect(http.on('/hook').map((r) => (r.json as { status: string }).status)).toEqual(['firing', 'resolved']);
    expect(http.on('/slack')).toHaveLength(2);
    expect(smtp.mails).toHaveLength(2);
    expect(new Set(keysOf('/hook')).size).toBe(2);

    const history = await t.db.query<{ to_status: string }>('SELECT e.to_status FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.rule_id = $1 ORDER BY e.id', [rule.id]);
    expect(history.rows.map((r) => r.to_status)).toEqual(['firing', 'resolved']);
    const attempts = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM alert_notification_attempts WHERE organization_id = $1', [org]);
    expect(Number(attempts.rows[0]!.n)).toBe(8); // 6 deliveries + 2 failed first attempts
  }, 60_000);

  it('receiver down, worker restarted mid-delivery: everything arrives once the receiver is back, nothing twice', async () => {
    const before = { hook: http.on('/hook').length, slack: http.on('/slack').length };
    await createRule(t.db, org, ruleInputSchema.parse({ name: 'Daily spend', kind: 'cost_threshold', condition: { period: 'daily', threshold: 10 }, routes: routes().slice(0, 2) }));
    await http.down();
    let clock = minutes(30);
    expect(await evaluateAlerts(t.db, { now: clock, organizationId: org })).toMatchObject({ notifications: 2 });
    const first = new Outbox(t.db, { now: () => clock, baseBackoffMs: 60_000 });
    expect(await first.drain()).toMatchObject({ failed: 2, sent: 0 });
    clock = minutes(33);
    // A worker claims the retries and dies before sending (its sender never answers).
    const dying = new Outbox(t.db, { now: () => clock, leaseMs: 60_000, senders: { webhook: () => new Promise(() => {}), slack: () => new Promise(() => {}) } });
    void dying.drain();
    const claimed = async () => (await t.db.query<{ n: string }>("SELECT count(*)::text AS n FROM alert_notifications WHERE status = 'sending'")).rows[0]!.n;
    for (let i = 0; i < 50 && (await claimed()) !== '2'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await claimed()).toBe('2');

    await http.up();
    clock = minutes(40); // after the restart, past the dead worker's lease
    const restarted = new Outbox(t.db, { now: () => clock, baseBackoffMs: 60_000 });
    expect(await restarted.drain()).toMatchObject({ sent: 2 });
    expect(http.on('/hook').length - before.hook).toBe(1);
    expect(http.on('/slack').length - before.slack).toBe(1);
    const keys = http.requests.map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    const { rows } = await t.db.query<{ status: string; attempts: number }>(
      "SELECT status, attempts FROM alert_notifications WHERE payload->>'rule' = 'Daily spend' ORDER BY channel_type",
    );
    expect(rows).toEqual([{ status: 'sent', attempts: 3 }, { status: 'sent', attempts: 3 }]);
  }, 60_000);
});
