import type { CostMetric } from '../domain/dimensions.js';
import { addDays, addMonths, daysBetween, monthStart, type IsoDate } from '../domain/time.js';
import { MICROS, type CostCube } from './cube.js';
import type { Condition, Rule, Scope } from './model.js';

/**
 * What each rule kind measures on the last complete UTC day `day`. Pure: the cube and the
 * organization's facts come in, a measurement goes out, so the evaluator and the 90-day
 * preview share every line of it.
 */
export interface Measurement {
  firing: boolean;
  /** Dollars, or percent for change-in-percent and budget rules. */
  value: number;
  threshold: number;
  unit: 'USD' | 'percent';
  summary: string;
}

export interface BudgetFact {
  id: string;
  name: string;
  period: 'monthly' | 'quarterly' | 'annual';
  amountMicros: number;
  metric: CostMetric;
  scope: Scope;
  /** Period-to-date spend as of `day`, summed in SQL, so long periods need not be in the cube. */
  toDate?: { day: IsoDate; micros: number };
  /** From the forecasting service's budgetStatus (issue 6) for live evaluation on `day`. */
  live?: { day: IsoDate; actualMicros: number; forecastMicros: number; amountMicros: number };
}
export interface AnomalyFact {
  id: string;
  account?: string;
  service?: string;
  startDate: IsoDate;
  endDate: IsoDate;
  impactMicros: number;
  severity: 'low' | 'medium' | 'high' | 'critical';
  status: string;
}
export interface RecommendationFact {
  id: string;
  title: string;
  account?: string;
  service?: string;
  region?: string;
  savingsMicros: number;
  firstDetected: IsoDate;
  status: string;
}
export interface OrgFacts {
  budgets: Map<string, BudgetFact>;
  /** Stored month-end forecasts (cost_forecast_totals) by forecasting series key, for `day`. */
  monthEnd?: { day: IsoDate; bySeries: Map<string, number> };
  anomalies: AnomalyFact[];
  recommendations: RecommendationFact[];
}
export const NO_FACTS: OrgFacts = { budgets: new Map(), anomalies: [], recommendations: [] };

const SEVERITY_RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const;
const usd = (micros: number) => Math.round(micros / 10_000) / 100;
// One formatter: toLocaleString builds a new one per call, which dominated a 10,000-rule cycle.
const USD_FORMAT = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const fmt = (micros: number) => `$${USD_FORMAT.format(usd(micros))}`;

/** Same calendar day n months away, clamped to the month's last day (Mar 31 - 1 month = Feb 28). */
export function shiftMonths(day: IsoDate, n: number): IsoDate {
  const target = addMonths(monthStart(day), n);
  const lastDay = daysBetween(target, addMonths(target, 1));
  return addDays(target, Math.min(Number(day.slice(8, 10)), lastDay) - 1);
}

export function periodStart(day: IsoDate, period: BudgetFact['period']): IsoDate {
  if (period === 'monthly') return monthStart(day);
  const m = Number(day.slice(5, 7)) - 1;
  const startMonth = period === 'annual' ? 0 : m - (m % 3);
  return `${day.slice(0, 4)}-${String(startMonth + 1).padStart(2, '0')}-01`;
}
function periodEnd(start: IsoDate, period: BudgetFact['period']): IsoDate {
  return addDays(addMonths(start, period === 'monthly' ? 1 : period === 'quarterly' ? 3 : 12), -1);
}

/**
 * FALLBACK forecast until the analytics forecaster (issue 6) is wired: spend so far plus the
 * mean of the last 7 days times the days left in the period. Replace via `forecastFn`.
 */
export function naivePeriodForecast(cube: CostCube, scope: Scope, metric: CostMetric, day: IsoDate, start: IsoDate, end: IsoDate): number {
  const actual = cube.sum(scope, metric, start, day);
  const mean7 = cube.sum(scope, metric, addDays(day, -6), day) / 7;
  return actual + mean7 * Math.max(0, daysBetween(day, end));
}

/** The forecasting service's series key for scopes it stores forecasts for (org, one account and/or one service). */
export function forecastSeriesKey(scope: Scope): string | undefined {
  if (scope.tags?.length || scope.regions?.length || (scope.accounts?.length ?? 0) > 1 || (scope.services?.length ?? 0) > 1) return undefined;
  const a = scope.accounts?.[0];
  const s = scope.services?.[0];
  return a && s ? `account_service:${a}|${s}` : a ? `account:${a}` : s ? `service:${s}` : 'total';
}

/** Earliest day a rule reads, so one cube load covers every rule of an organization. */
export function earliestDay(rule: Pick<Rule, 'kind' | 'condition'>, day: IsoDate, facts: OrgFacts = NO_FACTS): IsoDate {
  const c = rule.condition as Record<string, unknown>;
  switch (rule.kind) {
    case 'cost_threshold':
      return c.period === 'window' ? addDays(day, -(c.window_days as number) + 1) : c.period === 'daily' ? day : monthStart(day);
    case 'change': {
      const w = c.window_days as number;
      const start = addDays(day, -w + 1);
      const shift = { previous_period: addDays(start, -w), last_week: addDays(start, -7), last_month: shiftMonths(start, -1), last_year: shiftMonths(start, -12) };
      return shift[c.compare_to as keyof typeof shift];
    }
    case 'forecast':
      return [monthStart(day), addDays(day, -6)].sort()[0]!;
    case 'budget': {
      const b = facts.budgets.get(c.budget_id as string);
      return [periodStart(day, b?.period ?? 'monthly'), addDays(day, -6)].sort()[0]!;
    }
    default:
      return day;
  }
}

/**
 * The day ranges (inclusive) a rule reads on `day`: the evaluator loads only their union, so a
 * year-ago comparison costs a week of data, not a year. Budgets read 7 days here; their
 * period-to-date sum comes from SQL (BudgetFact.toDate).
 */
export function readRanges(rule: Pick<Rule, 'kind' | 'condition'>, day: IsoDate): [IsoDate, IsoDate][] {
  const c = rule.condition as Record<string, unknown>;
  switch (rule.kind) {
    case 'cost_threshold':
      return [[earliestDay(rule, day), day]];
    case 'change': {
      const w = c.window_days as number;
      const base = earliestDay(rule, day);
      return [[addDays(day, -w + 1), day], [base, addDays(base, w - 1)]];
    }
    case 'forecast':
      return [[earliestDay(rule, day), day]];
    case 'budget':
      return [[addDays(day, -6), day]];
    default:
      return [];
  }
}

export function metricsOf(rule: Pick<Rule, 'kind' | 'condition'>, facts: OrgFacts = NO_FACTS): CostMetric {
  if (rule.kind === 'budget') return facts.budgets.get((rule.condition as Condition<'budget'>).budget_id)?.metric ?? 'unblended';
  return ((rule.condition as { metric?: CostMetric }).metric ?? 'unblended') as CostMetric;
}

function inScope(scope: Scope, f: { account?: string; service?: string; region?: string }): boolean {
  if (scope.accounts?.length && !(f.account && scope.accounts.includes(f.account))) return false;
  if (scope.services?.length && !(f.service && scope.services.includes(f.service))) return false;
  if (scope.regions?.length && !(f.region && scope.regions.includes(f.region))) return false;
  return true;
}

export function measure(rule: Pick<Rule, 'kind' | 'condition' | 'scope'>, cube: CostCube, facts: OrgFacts, day: IsoDate, live = true): Measurement {
  const scope = rule.scope;
  switch (rule.kind) {
    case 'cost_threshold': {
      const c = rule.condition as Condition<'cost_threshold'>;
      const from = c.period === 'daily' ? day : c.period === 'month_to_date' ? monthStart(day) : addDays(day, -c.window_days + 1);
      const v = cube.sum(scope, c.metric, from, day);
      const t = Math.round(c.threshold * MICROS);
      const what = c.period === 'daily' ? `cost on ${day}` : c.period === 'month_to_date' ? 'month-to-date cost' : `cost over ${c.window_days} days`;
      return { firing: v > t, value: usd(v), threshold: c.threshold, unit: 'USD', summary: `${what} ${fmt(v)} (threshold ${fmt(t)})` };
    }
    case 'change': {
      const c = rule.condition as Condition<'change'>;
      const start = addDays(day, -c.window_days + 1);
      const base = { previous_period: addDays(start, -c.window_days), last_week: addDays(start, -7), last_month: shiftMonths(start, -1), last_year: shiftMonths(start, -12) }[c.compare_to];
      const cur = cube.sum(scope, c.metric, start, day);
      const prev = cube.sum(scope, c.metric, base, addDays(base, c.window_days - 1));
      const diff = cur - prev;
      const signed = c.direction === 'decrease' ? -diff : c.direction === 'either' ? Math.abs(diff) : diff;
      const pct = prev > 0 ? (signed / prev) * 100 : signed > 0 ? Infinity : 0;
      const value = c.mode === 'percent' ? pct : usd(signed);
      const firing = c.mode === 'percent' ? pct >= c.threshold && signed > 0 : signed >= Math.round(c.threshold * MICROS) && signed > 0;
      const shown = Number.isFinite(value) ? Math.round(value * 100) / 100 : 1e9;
      return { firing, value: shown, threshold: c.threshold, unit: c.mode === 'percent' ? 'percent' : 'USD', summary: `${fmt(cur)} vs ${fmt(prev)} (${c.compare_to.replace('_', ' ')}, ${diff >= 0 ? '+' : ''}${prev > 0 ? ((diff / prev) * 100).toFixed(1) : '∞'} %)` };
    }
    case 'forecast': {
      const c = rule.condition as Condition<'forecast'>;
      const stored = c.metric === 'unblended' && facts.monthEnd?.day === day ? facts.monthEnd.bySeries.get(forecastSeriesKey(scope) ?? '') : undefined;
      const v = stored ?? naivePeriodForecast(cube, scope, c.metric, day, monthStart(day), addDays(addMonths(monthStart(day), 1), -1));
      const t = Math.round(c.threshold * MICROS);
      return { firing: v > t, value: usd(v), threshold: c.threshold, unit: 'USD', summary: `month-end forecast ${fmt(v)} (threshold ${fmt(t)})` };
    }
    case 'budget': {
      const c = rule.condition as Condition<'budget'>;
      const b = facts.budgets.get(c.budget_id);
      if (!b) return { firing: false, value: 0, threshold: c.threshold_pct, unit: 'percent', summary: 'budget not found' };
      if (b.live?.day === day) {
        const v = c.basis === 'actual' ? b.live.actualMicros : b.live.forecastMicros;
        const pct = b.live.amountMicros > 0 ? (v / b.live.amountMicros) * 100 : v > 0 ? Infinity : 0;
        const shown = Number.isFinite(pct) ? Math.round(pct * 100) / 100 : 1e9;
        return { firing: pct >= c.threshold_pct, value: shown, threshold: c.threshold_pct, unit: 'percent', summary: `${c.basis} ${fmt(v)} is ${shown} % of budget "${b.name}" ${fmt(b.live.amountMicros)}` };
      }
      const start = periodStart(day, b.period);
      const actual = b.toDate?.day === day ? b.toDate.micros : cube.sum(b.scope, b.metric, start, day);
      // FALLBACK forecast (see naivePeriodForecast): actual + mean of the last 7 days x days left.
      const mean7 = cube.sum(b.scope, b.metric, addDays(day, -6), day) / 7;
      const v = c.basis === 'actual' ? actual : actual + mean7 * Math.max(0, daysBetween(day, periodEnd(start, b.period)));
      const pct = b.amountMicros > 0 ? (v / b.amountMicros) * 100 : v > 0 ? Infinity : 0;
      const shown = Number.isFinite(pct) ? Math.round(pct * 100) / 100 : 1e9;
      return { firing: pct >= c.threshold_pct, value: shown, threshold: c.threshold_pct, unit: 'percent', summary: `${c.basis} ${fmt(v)} is ${shown} % of budget "${b.name}" ${fmt(b.amountMicros)}` };
    }
    case 'anomaly': {
      const c = rule.condition as Condition<'anomaly'>;
      const min = Math.round(c.min_impact * MICROS);
      const hits = facts.anomalies.filter(
        (a) =>
          (live ? a.status === 'open' : a.status !== 'false_positive' && a.startDate <= day && a.endDate >= day) &&
          a.impactMicros >= min && SEVERITY_RANK[a.severity] >= SEVERITY_RANK[c.min_severity] && inScope(scope, a),
      );
      const top = hits.reduce((m, a) => Math.max(m, a.impactMicros), 0);
      return { firing: hits.length > 0, value: usd(top), threshold: c.min_impact, unit: 'USD', summary: `${hits.length} open anomal${hits.length === 1 ? 'y' : 'ies'}, largest impact ${fmt(top)}` };
    }
    case 'recommendation': {
      const c = rule.condition as Condition<'recommendation'>;
      const min = Math.round(c.min_savings * MICROS);
      const since = addDays(day, -c.within_days + 1);
      const hits = facts.recommendations.filter(
        (r) => (live ? r.status === 'open' : true) && r.savingsMicros >= min && r.firstDetected >= since && r.firstDetected <= addDays(day, 1) && inScope(scope, r),
      );
      const total = hits.reduce((m, r) => m + r.savingsMicros, 0);
      return { firing: hits.length > 0, value: usd(total), threshold: c.min_savings, unit: 'USD', summary: `${hits.length} new recommendation(s) saving ${fmt(total)}/month` };
    }
  }
}
