import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrg, keyFor, testApp } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { evaluateAlerts } from './evaluator.js';
import { registerAlertMetrics } from './metrics.js';
import { seedAlertCosts } from './testing/fixtures.js';
import { HttpReceiver } from './testing/receivers.js';

/** The alerts API over the real database: CRUD, validation, preview, test send, ack/resolve, query type, metrics. */
const TODAY = '2026-11-20';
const NOW = new Date(`${TODAY}T12:00:00Z`);
const SPIKES = ['2026-10-03', '2026-11-02', '2026-11-15'];
const SECRET = 'api-test-secret-0123456789';

describe('alerts API (real database)', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof testApp>['app'];
  let deps: ReturnType<typeof testApp>['deps'];
  let org: string;
  let other: string;
  const keys: Record<string, string> = {};
  const receiver = new HttpReceiver(SECRET);

  beforeAll(async () => {
    t = await createTestDatabase();
    org = await createOrg(t.db, 'Alerts A');
    other = await createOrg(t.db, 'Alerts B');
    await seedAlertCosts(t.db, org, TODAY, SPIKES);
    for (const role of ['viewer', 'editor', 'finance'] as const) keys[role] = await keyFor(t.db, org, role);
    keys.otherEditor = await keyFor(t.db, other, 'editor');
    ({ app, deps } = testApp(t.db, { now: NOW }));
    registerAlertMetrics(deps.metrics.registry, t.db, { now: () => NOW, cacheMs: 0 });
    await receiver.up();
  }, 60_000);
  afterAll(async () => {
    await receiver.down();
    await t?.drop();
  });

  const call = (method: string, path: string, key: string, body?: unknown) =>
    app.request(path, { method, headers: bearer(key), body: body === undefined ? undefined : JSON.stringify(body) });

  let channelId = '';
  let ruleId = '';

  it('creates a webhook channel whose secret is encrypted at rest and never returned', async () => {
    const res = await call('POST', '/api/v1/notification-channels', keys.editor!, { name: 'hook', type: 'webhook', config: { url: receiver.url('/hook') }, secret: SECRET });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'webhook', has_secret: true });
    expect(JSON.stringify(body)).not.toContain(SECRET);
    channelId = body.id as string;
    const { rows } = await t.db.query<{ secret_enc: string }>('SELECT secret_enc FROM notification_channels WHERE id = $1', [channelId]);
    expect(rows[0]!.secret_enc).not.toContain(SECRET);
    expect((await call('POST', '/api/v1/notification-channels', keys.viewer!, { name: 'x', type: 'webhook', config: { url: receiver.url('/hook') } })).status).toBe(403);
  });

  it('answers 409 naming the field when a channel name is taken, on create and on update', async () => {
    const dup = await call('POST', '/api/v1/notification-channels', keys.editor!, { name: 'hook', type: 'webhook', config: { url: receiver.url('/hook') } });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { error: { field: string } }).error.field).toBe('name');
    const other = (await (await call('POST', '/api/v1/notification-channels', keys.editor!, { name: 'hook 2', type: 'webhook', config: { url: receiver.url('/hook') } })).json()) as { id: string };
    const rename = await call('PUT', `/api/v1/notification-channels/${other.id}`, keys.editor!, { name: 'hook', type: 'webhook', config: { url: receiver.url('/hook') } });
    expect(rename.status).toBe(409);
  });

  it('validates rules and names the offending field', async () => {
    const bad = await call('POST', '/api/v1/alert-rules', keys.editor!, { name: 'x', kind: 'cost_threshold', condition: { period: 'daily', threshold: -1 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('condition.threshold');
    const kind = await call('POST', '/api/v1/alert-rules', keys.editor!, { name: 'x', kind: 'nope', condition: {} });
    expect(((await kind.json()) as { error: { field: string } }).error.field).toBe('kind');
    // A channel of another organization cannot be routed to.
    const foreign = await call('POST', '/api/v1/alert-rules', keys.otherEditor!, { name: 'x', kind: 'forecast', condition: { threshold: 1 }, routes: [{ channel_id: channelId }] });
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { error: { field: string } }).error.field).toBe('routes[0].channel_id');
  });

  it('previews the days of the last 90 on which a rule would have fired', async () => {
    const rule = { name: 'EC2 prod daily', kind: 'cost_threshold', condition: { period: 'daily', threshold: 300 }, scope: { accounts: ['111111111111'], services: ['AmazonEC2'] } };
    const res = await call('POST', '/api/v1/alert-rules/preview', keys.viewer!, rule);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { fired: string[]; days: unknown[] };
    expect(body.days).toHaveLength(90);
    expect(body.fired).toEqual(SPIKES);
  });

  it('creates a rule, test-sends through its channel, evaluates, and lets finance acknowledge then resolve', async () => {
    const res = await call('POST', '/api/v1/alert-rules', keys.editor!, {
      name: 'Prod month to date', kind: 'cost_threshold', condition: { period: 'month_to_date', threshold: 1000 }, scope: { accounts: ['111111111111'] }, routes: [{ channel_id: channelId }],
    });
    expect(res.status).toBe(201);
    ruleId = ((await res.json()) as { id: string }).id;
    expect((await call('GET', `/api/v1/alert-rules/${ruleId}`, keys.otherEditor!)).status).toBe(404);

    const test = await call('POST', `/api/v1/alert-rules/${ruleId}/test`, keys.editor!, {});
    expect(await test.json()).toMatchObject({ results: [{ channel_id: channelId, status: 'sent' }] });
    expect(receiver.on('/hook')).toHaveLength(1);
    expect(receiver.on('/hook')[0]).toMatchObject({ signatureValid: true, json: { event: 'test', rule: 'Prod month to date' } });

    expect(await evaluateAlerts(t.db, { now: NOW, organizationId: org })).toMatchObject({ transitions: 1, firing: 1 });
    const list = (await (await call('GET', '/api/v1/alerts?status=firing', keys.viewer!)).json()) as { alerts: { id: string; title: string }[] };
    expect(list.alerts.map((a) => a.title)).toEqual(['Prod month to date']);
    const alertId = list.alerts[0]!.id;
    expect((await call('POST', `/api/v1/alerts/${alertId}/acknowledge`, keys.viewer!, {})).status).toBe(403);
    const foreign = await call('POST', `/api/v1/alerts/${alertId}/acknowledge`, keys.otherEditor!, {});
    expect(foreign.status, await foreign.text()).toBe(404);
    const ack = await call('POST', `/api/v1/alerts/${alertId}/acknowledge`, keys.finance!, { note: 'on it' });
    expect(await ack.json()).toMatchObject({ status: 'acknowledged' });
    const resolved = (await (await call('POST', `/api/v1/alerts/${alertId}/resolve`, keys.finance!)).json()) as { status: string; history: { to_status: string }[]; notifications: unknown[] };
    expect(resolved.status).toBe('resolved');
    expect(resolved.history.map((h) => h.to_status)).toEqual(['firing', 'acknowledged', 'resolved']);
    expect((await call('POST', `/api/v1/alerts/${alertId}/resolve`, keys.finance!)).status).toBe(409);
  });

  it('answers the alerts query type with a table and an annotation frame', async () => {
    const res = await call('POST', '/api/v1/query', keys.viewer!, { range: { from: '2026-11-01T00:00:00Z', to: NOW.toISOString() }, queries: [{ refId: 'A', type: 'alerts' }] });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const frames = (JSON.parse(text) as { results: { A: { frames: { name: string; fields: { name: string; values: unknown[] }[] }[] } } }).results.A.frames;
    expect(frames.map((f) => f.name)).toEqual(['alerts', 'alert annotations']);
    expect(frames[1]!.fields.map((f) => f.name)).toEqual(['time', 'timeEnd', 'title', 'text', 'tags']);
    expect(frames[1]!.fields[2]!.values).toEqual(['WARNING: Prod month to date']);
  });

  it('exports bounded per-rule and cost-state gauges on /metrics', async () => {
    await evaluateAlerts(t.db, { now: NOW, organizationId: org });
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain(`costwatch_alert_firing{rule_id="${ruleId}",rule="Prod month to date",severity="warning"} 1`);
    expect(text).toMatch(/costwatch_cost_month_to_date\{organization="alerts-a-\w+",currency="USD"\} 4030$/m);
    expect(text).toMatch(/costwatch_cost_month_end_forecast\{organization="alerts-a-\w+",currency="USD"\} \d+/);
    expect(text).toMatch(/costwatch_anomalies_open\{organization="alerts-a-\w+",severity="high"\} 0/);
  });

  it('disables a rule (its alert resolves at the next evaluation) and deletes it', async () => {
    const off = await call('PATCH', `/api/v1/alert-rules/${ruleId}`, keys.editor!, { enabled: false });
    expect(await off.json()).toMatchObject({ enabled: false });
    await evaluateAlerts(t.db, { now: NOW, organizationId: org });
    const firing = (await (await call('GET', '/api/v1/alerts?status=firing', keys.viewer!)).json()) as { alerts: unknown[] };
    expect(firing.alerts).toEqual([]);
    expect((await call('DELETE', `/api/v1/alert-rules/${ruleId}`, keys.editor!)).status).toBe(204);
    expect((await call('GET', `/api/v1/alert-rules/${ruleId}`, keys.viewer!)).status).toBe(404);
  });
});
