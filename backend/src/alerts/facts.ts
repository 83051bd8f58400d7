import type { CostMetric } from '../domain/dimensions.js';
import type { Queryable } from '../store/queryable.js';
import { toMicros } from './cube.js';
import type { Rule, Scope } from './model.js';
import { periodStart, type AnomalyFact, type BudgetFact, type OrgFacts, type RecommendationFact } from './measure.js';
import { COST_METRICS } from '../domain/dimensions.js';
import { Cache } from '../cache/index.js';
import { budgetStatus } from '../forecasting/index.js';
import { monthStart } from '../domain/time.js';
import type { IsoDate } from '../domain/time.js';

/**
 * Budgets, anomalies and recommendations an organization's rules read, loaded once per
 * cycle and only for the kinds its rules use. Budget scopes are read leniently: the budgets
 * API (issue 6) may store `accounts`/`services` lists or single `account`/`service` values.
 */
export function budgetScope(raw: Record<string, unknown>): Scope {
  const list = (many: unknown, one: unknown) =>
    Array.isArray(many) ? many.map(String) : typeof one === 'string' && one ? [one] : undefined;
  const s: Scope = {};
  const accounts = list(raw.accounts, raw.account);
  const services = list(raw.services, raw.service);
  const regions = list(raw.regions, raw.region);
  if (accounts) s.accounts = accounts;
  if (services) s.services = services;
  if (regions) s.regions = regions;
  return s;
}

export async function loadFacts(db: Queryable, orgId: string, rules: Pick<Rule, 'kind'>[], opts: { history?: boolean } = {}): Promise<OrgFacts> {
  const kinds = new Set(rules.map((r) => r.kind));
  const budgets = new Map<string, BudgetFact>();
  let anomalies: AnomalyFact[] = [];
  let recommendations: RecommendationFact[] = [];
  if (kinds.has('budget')) {
    const { rows } = await db.query<{ id: string; name: string; period: BudgetFact['period']; amount: string; metric: string; scope: Record<string, unknown> }>(
      'SELECT id, name, period, amount::text AS amount, metric, scope FROM budgets WHERE organization_id = $1',
      [orgId],
    );
    for (const r of rows) {
      budgets.set(r.id, { id: r.id, name: r.name, period: r.period, amountMicros: toMicros(r.amount), metric: r.metric as CostMetric, scope: budgetScope(r.scope ?? {}) });
    }
  }
  if (kinds.has('anomaly')) {
    const { rows } = await db.query<{ id: string; scope: Record<string, string>; start_date: string; end_date: string; impact: string; severity: AnomalyFact['severity']; status: string }>(
      `SELECT id, scope, start_date::text AS start_date, end_date::text AS end_date, impact::text AS impact, severity, status
         FROM cost_anomalies WHERE organization_id = $1 ${opts.history ? "AND end_date >= current_date - 120" : "AND status = 'open'"}`,
      [orgId],
    );
    anomalies = rows.map((r) => ({
      id: r.id, account: r.scope?.account, service: r.scope?.service, startDate: r.start_date, endDate: r.end_date,
      impactMicros: Math.abs(toMicros(r.impact)), severity: r.severity, status: r.status,
    }));
  }
  if (kinds.has('recommendation')) {
    const { rows } = await db.query<{ id: string; title: string; account_id: string | null; service: string | null; region: string | null; savings: string; first: string; status: string }>(
      `SELECT id, title, account_id, service, region, estimated_monthly_savings::text AS savings,
              to_char(first_detected_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS first, status
         FROM optimization_recommendations WHERE organization_id = $1 ${opts.history ? "AND first_detected_at >= now() - interval '120 days'" : "AND status = 'open'"}`,
      [orgId],
    );
    recommendations = rows.map((r) => ({
      id: r.id, title: r.title, account: r.account_id ?? undefined, service: r.service ?? undefined, region: r.region ?? undefined,
      savingsMicros: toMicros(r.savings), firstDetected: r.first, status: r.status,
    }));
  }
  return { budgets, anomalies, recommendations };
}

/** Period-to-date spend of each budget as of `day`, one SQL sum per budget. */
export async function loadBudgetToDate(db: Queryable, orgId: string, budgets: Iterable<BudgetFact>, day: IsoDate): Promise<void> {
  for (const b of budgets) {
    const params: unknown[] = [orgId, periodStart(day, b.period), day];
    const where: string[] = [];
    for (const [col, vals] of [['account_id', b.scope.accounts], ['service', b.scope.services], ['region', b.scope.regions]] as const) {
      if (vals?.length) where.push(`${col} = ANY($${params.push(vals)}::text[])`);
    }
    const { rows } = await db.query<{ total: string | null }>(
      `SELECT sum(${COST_METRICS[b.metric] ?? COST_METRICS.unblended})::text AS total FROM cost_daily_rollup
        WHERE organization_id = $1 AND usage_date BETWEEN $2::date AND $3::date ${where.map((w) => `AND ${w}`).join(' ')}`,
      params,
    );
    b.toDate = { day, micros: toMicros(rows[0]?.total ?? '0') };
  }
}

/**
 * Live budget figures from the forecasting service (actual to date and the model's period-end
 * forecast). Budgets it cannot answer keep the SQL/naive fallback in measure.ts.
 */
export async function loadBudgetLive(db: Queryable, orgId: string, facts: OrgFacts, day: IsoDate, now: Date, opts: { cache?: Cache; onError?: (err: unknown) => void } = {}): Promise<void> {
  const compute = async () => {
    const out: Record<string, [number, number]> = {};
    for (const s of await budgetStatus(db, orgId, 'all', now, { cache: opts.cache })) out[s.budget.id] = [toMicros(s.actual), toMicros(s.forecast.mean)];
    return JSON.stringify(out);
  };
  try {
    // Costs change only on ingest, and an ingest retires the organization's compute cache
    // (in every process when Redis is used): the figures are reused between ingests. Amounts
    // are not cached: raising a budget takes effect at the next evaluation.
    const shape = [...facts.budgets.values()].map((b) => [b.id, b.period, b.metric, b.scope]);
    const json = opts.cache ? await opts.cache.wrap(orgId, 'compute', Cache.key(['alerts:budget-live', day, shape]), compute) : await compute();
    for (const [id, [actualMicros, forecastMicros]] of Object.entries(JSON.parse(json) as Record<string, [number, number]>)) {
      const b = facts.budgets.get(id);
      if (b) b.live = { day, actualMicros, forecastMicros, amountMicros: b.amountMicros };
    }
  } catch (err) {
    opts.onError?.(err);
  }
}

/** Month-end forecasts the forecast worker stored for this month, by series key (unblended). */
export async function loadStoredMonthEnd(db: Queryable, orgId: string, day: IsoDate): Promise<OrgFacts['monthEnd']> {
  const { rows } = await db.query<{ series_key: string; mean: string }>(
    `SELECT series_key, mean::text AS mean FROM cost_forecast_totals
      WHERE organization_id = $1 AND metric = 'unblended' AND period = 'month' AND period_start = $2::date`,
    [orgId, monthStart(day)],
  );
  return { day, bySeries: new Map(rows.map((r) => [r.series_key, toMicros(r.mean)])) };
}
