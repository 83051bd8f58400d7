import { createHash } from 'node:crypto';
import type { Cache } from '../cache/index.js';
import { addDays, todayUtc, type IsoDate } from '../domain/time.js';
import type { Database, Queryable } from '../store/queryable.js';
import { loadCube } from './cube.js';
import { loadBudgetLive, loadBudgetToDate, loadFacts, loadStoredMonthEnd } from './facts.js';
import { step, type AlertState, type Step } from './lifecycle.js';
import { measure, metricsOf, readRanges, type Measurement } from './measure.js';
import { scopeKey, type Channel, type Rule } from './model.js';
import { enqueueNotifications, type NotificationPayload } from './outbox.js';
import { listChannels, listRules } from './repo.js';

/**
 * One evaluation cycle: per organization, load every rule and the cost data they read in one
 * pass, measure each rule, then apply the lifecycle and enqueue notifications in a single
 * transaction (state and outbox rows commit together: a crash loses neither).
 */
export interface EvaluateOptions {
  now?: Date;
  /** Consecutive clear evaluations before a firing alert resolves (flap protection). */
  resolveAfter?: number;
  organizationId?: string;
  /** Base URL of the Grafana dashboard linked from notifications. */
  dashboardUrl?: string;
  /** Forecast cache (L2) shared with the forecasting service: budget forecasts are not refitted every cycle. */
  cache?: Cache;
  /** A failing forecaster is reported here; budget rules then use the simple fallback. */
  onError?: (err: unknown) => void;
}

export interface EvaluateResult {
  organizations: number;
  rules: number;
  firing: number;
  transitions: number;
  notifications: number;
  /** Where the cycle's time went, in milliseconds (logged by the worker, printed by the bench). */
  timings: { rules: number; data: number; measure: number; write: number };
}

export function dedupKey(rule: Pick<Rule, 'id' | 'scope'>): string {
  return createHash('sha256').update(`${rule.id}|${scopeKey(rule.scope)}`).digest('hex').slice(0, 32);
}

interface ActiveRow {
  id: string;
  rule_id: string;
  dedup_key: string;
  status: AlertState['status'];
  started_at: Date;
  fired_at: Date | null;
  clear_count: number;
  last_notified_at: Date | null;
  escalated_minutes: number;
  seq: number;
}

export async function evaluateAlerts(db: Database, opts: EvaluateOptions = {}): Promise<EvaluateResult> {
  const now = opts.now ?? new Date();
  const params: unknown[] = [];
  let where = '';
  if (opts.organizationId) {
    params.push(opts.organizationId);
    where = 'WHERE organization_id = $1';
  }
  const { rows: orgs } = await db.query<{ organization_id: string }>(
    `SELECT DISTINCT organization_id FROM (SELECT organization_id FROM alert_rules UNION SELECT organization_id FROM alerts WHERE status <> 'resolved') o ${where}`,
    params,
  );
  const total: EvaluateResult = { organizations: 0, rules: 0, firing: 0, transitions: 0, notifications: 0, timings: { rules: 0, data: 0, measure: 0, write: 0 } };
  for (const { organization_id } of orgs) {
    const r = await evaluateOrganization(db, organization_id, now, opts);
    total.organizations++;
    total.rules += r.rules;
    total.firing += r.firing;
    total.transitions += r.transitions;
    total.notifications += r.notifications;
    for (const k of ['rules', 'data', 'measure', 'write'] as const) total.timings[k] += r.timings[k];
  }
  return total;
}

/** Measures every enabled rule of an organization on the last complete UTC day. */
export async function measureRules(
  db: Queryable,
  orgId: string,
  rules: Rule[],
  day: IsoDate,
  timings = { data: 0, measure: 0 },
  live?: { now: Date; cache?: Cache; onError?: (err: unknown) => void },
): Promise<Map<string, Measurement>> {
  const out = new Map<string, Measurement>();
  if (!rules.length) return out;
  let t = performance.now();
  const facts = await loadFacts(db, orgId, rules);
  const budgetIds = new Set(rules.filter((r) => r.kind === 'budget').map((r) => (r.condition as { budget_id: string }).budget_id));
  await loadBudgetToDate(db, orgId, [...facts.budgets.values()].filter((b) => budgetIds.has(b.id)), day);
  if (live && budgetIds.size) await loadBudgetLive(db, orgId, facts, day, live.now, { cache: live.cache, onError: live.onError });
  if (rules.some((r) => r.kind === 'forecast')) facts.monthEnd = await loadStoredMonthEnd(db, orgId, day);
  const ranges = rules.flatMap((r) => readRanges(r, day));
  const from = ranges.map((r) => r[0]).sort()[0] ?? day;
  const tagScopes = rules.filter((r) => r.scope.tags?.length).map((r) => ({ scope: r.scope, metric: metricsOf(r, facts) }));
  const cube = await loadCube(db, orgId, { from, to: addDays(day, 1), metrics: rules.map((r) => metricsOf(r, facts)), tagScopes, ranges });
  timings.data += performance.now() - t;
  t = performance.now();
  for (const rule of rules) out.set(rule.id, measure(rule, cube, facts, day));
  timings.measure += performance.now() - t;
  return out;
}

async function evaluateOrganization(db: Database, orgId: string, now: Date, opts: EvaluateOptions) {
  const timings = { rules: 0, data: 0, measure: 0, write: 0 };
  let t = performance.now();
  const rules = await listRules(db, orgId);
  timings.rules = performance.now() - t;
  const enabled = rules.filter((r) => r.enabled);
  const day = addDays(todayUtc(now), -1);
  const measured = await measureRules(db, orgId, enabled, day, timings, { now, cache: opts.cache, onError: opts.onError });
  t = performance.now();
  const channels = new Map((await listChannels(db, orgId)).filter((c) => c.enabled).map((c) => [c.id, c]));
  const byId = new Map(rules.map((r) => [r.id, r]));

  const result = await db.transaction(async (tx) => {
    // One evaluation per organization at a time (interval and after-ingest runs may meet).
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`costwatch:alerts:${orgId}`]);
    const { rows: active } = await tx.query<ActiveRow>(
      `SELECT id, rule_id, dedup_key, status, started_at, fired_at, clear_count, last_notified_at, escalated_minutes, seq
         FROM alerts WHERE organization_id = $1 AND status <> 'resolved' FOR UPDATE`,
      [orgId],
    );
    const activeByKey = new Map(active.map((a) => [`${a.rule_id}|${a.dedup_key}`, a]));
    const changes: { rule: Rule; key: string; prev?: ActiveRow; s: Step; m?: Measurement }[] = [];
    for (const rule of enabled) {
      const key = dedupKey(rule);
      const prev = activeByKey.get(`${rule.id}|${key}`);
      activeByKey.delete(`${rule.id}|${key}`);
      const m = measured.get(rule.id)!;
      changes.push({ rule, key, prev, s: step(prev && toState(prev), m.firing, now, rule, opts.resolveAfter ?? 2), m });
    }
    // Alerts of disabled rules, or of a scope the rule no longer has: resolve at once.
    for (const prev of activeByKey.values()) {
      const rule = byId.get(prev.rule_id);
      if (rule) changes.push({ rule, key: prev.dedup_key, prev, s: step(toState(prev), false, now, rule, 1) });
    }
    const written = await writeChanges(tx, orgId, now, changes);
    const payloads: { alertId: string; channel: Channel; event: string; seq: number; payload: NotificationPayload }[] = [];
    for (const c of changes) {
      const alertId = c.prev?.id ?? written.get(`${c.rule.id}|${c.key}`);
      if (!alertId || !c.s.next) continue;
      for (const n of c.s.notify) {
        for (const chId of n.channelIds) {
          const channel = channels.get(chId);
          if (!channel) continue;
          payloads.push({ alertId, channel, event: n.event, seq: c.s.next.seq, payload: buildPayload(c.rule, alertId, c.s.next, n.event, c.m, opts.dashboardUrl, now) });
        }
      }
    }
    const notifications = await enqueueNotifications(tx, orgId, payloads, now);
    return {
      rules: enabled.length,
      firing: changes.filter((c) => c.s.next?.status === 'firing' || c.s.next?.status === 'acknowledged').length,
      transitions: changes.filter((c) => c.s.transition).length,
      notifications,
    };
  });
  timings.write = performance.now() - t;
  return { ...result, timings };
}

const toState = (a: ActiveRow): AlertState => ({
  status: a.status,
  startedAt: new Date(a.started_at),
  firedAt: a.fired_at ? new Date(a.fired_at) : null,
  clearCount: a.clear_count,
  lastNotifiedAt: a.last_notified_at ? new Date(a.last_notified_at) : null,
  escalatedMinutes: a.escalated_minutes,
  seq: a.seq,
});

export function buildPayload(rule: Rule, alertId: string, st: AlertState, event: string, m: Measurement | undefined, dashboardUrl: string | undefined, now: Date): NotificationPayload {
  return {
    alert_id: alertId,
    rule_id: rule.id,
    rule: rule.name,
    kind: rule.kind,
    severity: rule.severity,
    status: st.status === 'resolved' ? 'resolved' : 'firing',
    event,
    summary: m?.summary ?? (st.status === 'resolved' ? 'condition cleared' : ''),
    value: m?.value ?? null,
    threshold: m?.threshold ?? null,
    unit: m?.unit ?? 'USD',
    labels: { ...rule.labels, alertname: rule.name, severity: rule.severity, rule_id: rule.id, kind: rule.kind },
    scope: rule.scope,
    started_at: (st.firedAt ?? st.startedAt).toISOString(),
    ended_at: st.status === 'resolved' ? now.toISOString() : null,
    dashboard_url: dashboardUrl ?? null,
    repeat_interval_seconds: rule.repeat_interval_seconds,
  };
}

async function writeChanges(tx: Queryable, orgId: string, now: Date, changes: { rule: Rule; key: string; prev?: ActiveRow; s: Step; m?: Measurement }[]): Promise<Map<string, string>> {
  const ts = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const created = changes.filter((c) => !c.prev && c.s.next);
  const ids = new Map<string, string>();
  if (created.length) {
    const { rows } = await tx.query<{ id: string; rule_id: string; dedup_key: string }>(
      `INSERT INTO alerts (organization_id, rule_id, dedup_key, status, severity, value, threshold, labels, annotations, started_at,
                           fired_at, last_notified_at, seq, title, last_evaluated_at)
       SELECT $1, u.rule_id, u.dedup_key, u.status, u.severity, u.value, u.threshold, u.labels, u.annotations, $2::timestamptz,
              u.fired_at, u.notified_at, u.seq, u.title, $2::timestamptz
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::numeric[], $9::jsonb[], $10::jsonb[],
                     $11::timestamptz[], $12::timestamptz[], $13::int[], $14::text[])
           AS u(rule_id, dedup_key, status, severity, value, threshold, labels, annotations, fired_at, notified_at, seq, title)
       RETURNING id, rule_id, dedup_key`,
      [
        orgId, ts(now), created.map((c) => c.rule.id), created.map((c) => c.key), created.map((c) => c.s.next!.status), created.map((c) => c.rule.severity),
        created.map((c) => c.m?.value ?? null), created.map((c) => c.m?.threshold ?? null), created.map((c) => JSON.stringify(c.rule.labels)),
        created.map((c) => JSON.stringify({ summary: c.m?.summary ?? '', unit: c.m?.unit ?? 'USD', kind: c.rule.kind })),
        created.map((c) => ts(c.s.next!.firedAt)), created.map((c) => ts(c.s.next!.lastNotifiedAt)), created.map((c) => c.s.next!.seq), created.map((c) => c.rule.name),
      ],
    );
    for (const r of rows) ids.set(`${r.rule_id}|${r.dedup_key}`, r.id);
  }
  const updated = changes.filter((c) => c.prev && c.s.next);
  if (updated.length) {
    await tx.query(
      `UPDATE alerts a SET status = u.status, fired_at = u.fired_at, clear_count = u.clear_count, last_notified_at = u.notified_at,
              escalated_minutes = u.escalated, seq = u.seq, value = COALESCE(u.value, a.value), last_evaluated_at = $2::timestamptz,
              annotations = CASE WHEN u.summary IS NULL THEN a.annotations ELSE jsonb_set(a.annotations, '{summary}', to_jsonb(u.summary)) END,
              resolved_at = CASE WHEN u.status = 'resolved' THEN $2::timestamptz ELSE a.resolved_at END
         FROM unnest($3::uuid[], $4::text[], $5::timestamptz[], $6::int[], $7::timestamptz[], $8::int[], $9::int[], $10::numeric[], $11::text[])
           AS u(id, status, fired_at, clear_count, notified_at, escalated, seq, value, summary)
        WHERE a.id = u.id AND a.organization_id = $1`,
      [
        orgId, ts(now), updated.map((c) => c.prev!.id), updated.map((c) => c.s.next!.status), updated.map((c) => ts(c.s.next!.firedAt)),
        updated.map((c) => c.s.next!.clearCount), updated.map((c) => ts(c.s.next!.lastNotifiedAt)), updated.map((c) => c.s.next!.escalatedMinutes),
        updated.map((c) => c.s.next!.seq), updated.map((c) => c.m?.value ?? null), updated.map((c) => c.m?.summary ?? null),
      ],
    );
  }
  const events = changes.filter((c) => c.s.transition && c.s.next);
  if (events.length) {
    const alertIds = events.map((c) => c.prev?.id ?? ids.get(`${c.rule.id}|${c.key}`)!);
    await tx.query(
      `INSERT INTO alert_events (organization_id, alert_id, rule_id, at, from_status, to_status, value, note)
       SELECT $1, u.alert_id, u.rule_id, $2::timestamptz, u.from_status, u.to_status, u.value, u.note
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::numeric[], $8::text[]) AS u(alert_id, rule_id, from_status, to_status, value, note)`,
      [
        orgId, ts(now), alertIds, events.map((c) => c.rule.id), events.map((c) => c.s.transition!.from), events.map((c) => c.s.transition!.to),
        events.map((c) => c.m?.value ?? null), events.map((c) => c.m?.summary ?? (c.rule.enabled ? '' : 'rule disabled or scope changed')),
      ],
    );
  }
  return ids;
}
