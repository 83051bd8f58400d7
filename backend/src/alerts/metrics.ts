import { Gauge, type Registry } from 'prom-client';
import { addDays, addMonths, monthStart, todayUtc } from '../domain/time.js';
import type { Queryable } from '../store/queryable.js';
import { loadCube, MICROS } from './cube.js';
import { loadFacts } from './facts.js';
import { measure, naivePeriodForecast } from './measure.js';

/**
 * Gauges Prometheus scrapes and Grafana-managed alert rules read. Cardinality is bounded on
 * purpose: at most `maxRules` rule series (firing first), `maxOrganizations` organizations and
 * `maxBudgets` budgets. Values come from the database at scrape time, cached for `cacheMs`,
 * so the api role exports what the worker role decided.
 */
interface Snapshot {
  rules: { id: string; name: string; severity: string; firing: boolean }[];
  orgs: { slug: string; currency: string; mtd: number; forecast: number; anomalies: Record<string, number> }[];
  budgets: { org: string; name: string; actual: number; forecast: number }[];
}

export function registerAlertMetrics(
  registry: Registry,
  db: Queryable,
  opts: { maxRules?: number; maxOrganizations?: number; maxBudgets?: number; cacheMs?: number; now?: () => Date; onError?: (err: unknown) => void } = {},
): void {
  const cacheMs = opts.cacheMs ?? 15_000;
  let cached: { at: number; p: Promise<Snapshot> } | undefined;
  const snapshot = () => {
    if (!cached || Date.now() - cached.at > cacheMs) {
      const p = load(db, opts.now?.() ?? new Date(), opts.maxRules ?? 1000, opts.maxOrganizations ?? 50, opts.maxBudgets ?? 200);
      cached = { at: Date.now(), p };
      // A failing database must not fail the whole scrape: export nothing for these gauges.
      p.catch((err) => {
        if (cached?.p === p) cached = undefined;
        opts.onError?.(err);
      });
    }
    return cached.p.catch(() => undefined);
  };
  const gauge = <L extends string>(name: string, help: string, labelNames: L[], fill: (g: Gauge<L>, s: Snapshot) => void) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        const s = await snapshot();
        if (s) fill(this, s);
      },
    });
  gauge('costwatch_alert_firing', '1 while a CostWatch alert rule fires (acknowledged included), 0 otherwise', ['rule_id', 'rule', 'severity'], (g, s) => {
    for (const r of s.rules) g.set({ rule_id: r.id, rule: r.name, severity: r.severity }, r.firing ? 1 : 0);
  });
  gauge('costwatch_cost_month_to_date', 'Unblended cost of the current UTC month so far', ['organization', 'currency'], (g, s) => {
    for (const o of s.orgs) g.set({ organization: o.slug, currency: o.currency }, o.mtd);
  });
  gauge('costwatch_cost_month_end_forecast', 'Month-end forecast of unblended cost', ['organization', 'currency'], (g, s) => {
    for (const o of s.orgs) g.set({ organization: o.slug, currency: o.currency }, o.forecast);
  });
  gauge('costwatch_budget_utilization_ratio', 'Spend of the budget period over the budget amount (basis: actual or forecast)', ['organization', 'budget', 'basis'], (g, s) => {
    for (const b of s.budgets) {
      g.set({ organization: b.org, budget: b.name, basis: 'actual' }, b.actual);
      g.set({ organization: b.org, budget: b.name, basis: 'forecast' }, b.forecast);
    }
  });
  gauge('costwatch_anomalies_open', 'Open cost anomalies by severity', ['organization', 'severity'], (g, s) => {
    for (const o of s.orgs) for (const [severity, n] of Object.entries(o.anomalies)) g.set({ organization: o.slug, severity }, n);
  });
}

async function load(db: Queryable, now: Date, maxRules: number, maxOrgs: number, maxBudgets: number): Promise<Snapshot> {
  const { rows: rules } = await db.query<{ id: string; name: string; severity: string; firing: boolean }>(
    `SELECT r.id, r.name, r.severity,
            EXISTS (SELECT 1 FROM alerts a WHERE a.rule_id = r.id AND a.status IN ('firing', 'acknowledged')) AS firing
       FROM alert_rules r WHERE r.enabled ORDER BY 4 DESC, r.id LIMIT $1`,
    [maxRules],
  );
  const day = addDays(todayUtc(now), -1);
  const { rows: orgRows } = await db.query<{ id: string; slug: string }>(
    `SELECT o.id, o.slug FROM organizations o WHERE EXISTS (SELECT 1 FROM cost_daily_rollup c WHERE c.organization_id = o.id AND c.usage_date >= $1::date)
      ORDER BY o.slug LIMIT $2`,
    [addDays(day, -40), maxOrgs],
  );
  const orgs: Snapshot['orgs'] = [];
  const budgets: Snapshot['budgets'] = [];
  for (const o of orgRows) {
    const facts = await loadFacts(db, o.id, [{ kind: 'budget' }, { kind: 'anomaly' }]);
    const cube = await loadCube(db, o.id, { from: [addDays(day, -6), monthStart(day)].sort()[0]!, to: addDays(todayUtc(now), 1), metrics: ['unblended'] });
    const monthEnd = addDays(addMonths(monthStart(day), 1), -1);
    const anomalies: Record<string, number> = { low: 0, medium: 0, high: 0, critical: 0 };
    for (const a of facts.anomalies) anomalies[a.severity] = (anomalies[a.severity] ?? 0) + 1;
    orgs.push({
      slug: o.slug,
      currency: cube.currency,
      mtd: cube.sum({}, 'unblended', monthStart(todayUtc(now)), todayUtc(now)) / MICROS,
      forecast: naivePeriodForecast(cube, {}, 'unblended', day, monthStart(day), monthEnd) / MICROS,
      anomalies,
    });
    for (const b of [...facts.budgets.values()].slice(0, Math.max(0, maxBudgets - budgets.length))) {
      const full = await loadCube(db, o.id, { from: [addDays(day, -6), `${day.slice(0, 4)}-01-01`].sort()[0]!, to: addDays(day, 1), metrics: [b.metric] });
      const pct = (basis: 'actual' | 'forecast') =>
        measure({ kind: 'budget', scope: {}, condition: { budget_id: b.id, basis, threshold_pct: 100 } }, full, facts, day).value / 100;
      budgets.push({ org: o.slug, name: b.name, actual: pct('actual'), forecast: pct('forecast') });
    }
  }
  return { rules, orgs, budgets };
}
