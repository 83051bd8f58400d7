import { readFileSync } from 'node:fs';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { testApp } from '../testing/app.js';
import { createOrg } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { evaluateAlerts } from './evaluator.js';
import { registerAlertMetrics } from './metrics.js';
import { channelInputSchema, ruleInputSchema } from './model.js';
import { Outbox } from './outbox.js';
import { createRule, saveChannel, updateRule } from './repo.js';
import { seedAlertCosts } from './testing/fixtures.js';
import { startAlertmanager, startPrometheus, type Managed } from './testing/processes.js';
import { HttpReceiver, waitFor } from './testing/receivers.js';

/**
 * Acceptance 3 of issue 9 with the real Debian binaries: Alertmanager receives CostWatch's
 * alerts (firing and resolved) and relays them to a local webhook; Prometheus scrapes the live
 * /metrics and evaluates rules derived from provisioning/alerting/costwatch-rules.yaml to firing.
 */
const TODAY = '2026-11-20';
const NOW = new Date(`${TODAY}T12:00:00Z`);
const RULES_FILE = new URL('../../../provisioning/alerting/costwatch-rules.yaml', import.meta.url);

interface GrafanaRule {
  uid: string;
  title: string;
  condition: string;
  data: { refId: string; model: { expr?: string; type?: string; conditions?: { evaluator: { type: string; params: number[] } }[] } }[];
}

/** Same PromQL, same threshold: the Prometheus equivalent of each provisioned Grafana rule. */
export function prometheusEquivalent(yamlText: string): { rules: string; names: string[] } {
  const doc = parse(yamlText) as { groups: { name: string; rules: GrafanaRule[] }[] };
  const ops: Record<string, string> = { gt: '>', lt: '<' };
  const rules = doc.groups.flatMap((g) =>
    g.rules.map((r) => {
      const expr = r.data.find((d) => d.model.expr)!.model.expr!;
      const ev = r.data.find((d) => d.refId === r.condition)!.model.conditions![0]!.evaluator;
      return { alert: r.uid, expr: `(${expr}) ${ops[ev.type]} ${ev.params[0]}` };
    }),
  );
  return { rules: stringify({ groups: [{ name: 'costwatch', rules }] }), names: rules.map((r) => r.alert) };
}

describe('Grafana/Prometheus alerting path (real Alertmanager and Prometheus)', () => {
  let t: TestDatabase;
  let org: string;
  const relay = new HttpReceiver();
  const procs: Managed[] = [];
  let server: ServerType | undefined;

  beforeAll(async () => {
    t = await createTestDatabase();
    org = await createOrg(t.db, 'Alerting path');
    await seedAlertCosts(t.db, org, TODAY);
    await relay.up();
  }, 60_000);
  afterAll(async () => {
    for (const p of procs) await p.stop();
    server?.close();
    await relay.down();
    await t?.drop();
  });

  it('Alertmanager lists the alert through its API, relays it, and relays the resolution', async () => {
    const am = await startAlertmanager(relay.url('/relay'));
    procs.push(am);
    const channel = await saveChannel(t.db, org, channelInputSchema.parse({ name: 'am', type: 'alertmanager', config: { url: am.url } }));
    const input = ruleInputSchema.parse({ name: 'Org month to date', kind: 'cost_threshold', condition: { period: 'month_to_date', threshold: 100 }, severity: 'critical', labels: { team: 'finops' }, routes: [{ channel_id: channel.id }] });
    const rule = await createRule(t.db, org, input);
    // Alertmanager judges endsAt by its own clock: deliver on the real one.
    const outbox = new Outbox(t.db);
    await evaluateAlerts(t.db, { now: NOW, organizationId: org });
    expect(await outbox.drain()).toMatchObject({ sent: 1 });

    const listed = await waitFor('Alertmanager to list the alert', async () => {
      const alerts = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as { labels: Record<string, string>; status: { state: string } }[];
      return alerts.find((a) => a.labels.rule_id === rule.id);
    });
    expect(listed.labels).toMatchObject({ alertname: 'Org month to date', severity: 'critical', team: 'finops', source: 'costwatch' });
    expect(listed.status.state).toBe('active');
    const firing = await waitFor('the relayed firing notification', () =>
      relay.on('/relay').find((r) => (r.json as { status: string }).status === 'firing'),
    );
    expect((firing.json as { alerts: { labels: Record<string, string> }[] }).alerts[0]!.labels.rule_id).toBe(rule.id);

    await updateRule(t.db, org, rule.id, { ...input, condition: { ...input.condition, threshold: 1e9 } } as typeof input);
    await evaluateAlerts(t.db, { now: new Date(NOW.getTime() + 300_000), organizationId: org });
    await evaluateAlerts(t.db, { now: new Date(NOW.getTime() + 600_000), organizationId: org });
    expect(await new Outbox(t.db, { now: () => new Date() }).drain()).toMatchObject({ sent: 1 });
    await waitFor('the relayed resolution', () => relay.on('/relay').find((r) => (r.json as { status: string }).status === 'resolved'));
  }, 90_000);

  it('Prometheus evaluates the shipped Grafana rules to firing against the live /metrics', async () => {
    const { rows } = await t.db.query<{ id: string }>(`INSERT INTO budgets (organization_id, name, period, amount) VALUES ($1, 'Tiny', 'monthly', 10) RETURNING id`, [org]);
    expect(rows).toHaveLength(1);
    await t.db.query(
      `INSERT INTO cost_anomalies (organization_id, series_key, start_date, end_date, expected, actual, impact, score, severity)
       VALUES ($1, 'total', '2026-11-18', '2026-11-19', 100, 900, 800, 9, 'high')`,
      [org],
    );
    const rule = await createRule(t.db, org, ruleInputSchema.parse({ name: 'Always', kind: 'cost_threshold', condition: { period: 'daily', threshold: 1 } }));
    await evaluateAlerts(t.db, { now: NOW, organizationId: org });
    const { app, deps } = testApp(t.db, { now: NOW });
    registerAlertMetrics(deps.metrics.registry, t.db, { now: () => NOW, cacheMs: 0 });
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
    });
    const { rules, names } = prometheusEquivalent(readFileSync(RULES_FILE, 'utf8'));
    expect(names).toEqual(['costwatch-alert-firing', 'costwatch-budget-forecast', 'costwatch-anomalies-high']);
    const prom = await startPrometheus(`127.0.0.1:${port}`, rules);
    procs.push(prom);
    const firing = await waitFor('Prometheus to fire every shipped rule', async () => {
      const body = (await (await fetch(`${prom.url}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string>; state: string }[] } };
      const names = new Set(body.data.alerts.filter((a) => a.state === 'firing').map((a) => a.labels.alertname));
      return ['costwatch-alert-firing', 'costwatch-budget-forecast', 'costwatch-anomalies-high'].every((n) => names.has(n)) && body.data.alerts;
    }, 60_000);
    expect(firing.find((a) => a.labels.alertname === 'costwatch-alert-firing' && a.labels.rule_id === rule.id)?.labels).toMatchObject({ rule: 'Always', severity: 'warning' });
    expect(firing.find((a) => a.labels.alertname === 'costwatch-budget-forecast')?.labels).toMatchObject({ budget: 'Tiny' });
  }, 120_000);
});
