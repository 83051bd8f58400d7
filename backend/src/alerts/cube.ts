import { COST_METRICS, type CostMetric } from '../domain/dimensions.js';
import { addDays, daysBetween, type IsoDate } from '../domain/time.js';
import type { Queryable } from '../store/queryable.js';
import { scopeKey, type Scope } from './model.js';

/**
 * Daily cost held in memory for one evaluation cycle: one row of integer micro-dollars per
 * (account, service, region) and day. Integers keep sums exact (up to $9e9), and one load
 * serves thousands of rules: each distinct scope is summed once and memoised.
 */
export const MICROS = 1_000_000;

/** numeric(18,6) text → integer micro-units, exact for the amounts a bill holds. */
export function toMicros(text: string | number): number {
  return Math.round(Number(text) * MICROS);
}

interface Combo {
  account: string;
  service: string;
  region: string;
  values: Float64Array;
}

export class CostCube {
  private readonly memo = new Map<string, Float64Array>();
  private readonly tagSeries = new Map<string, Float64Array>();
  constructor(
    readonly from: IsoDate,
    readonly to: IsoDate,
    private readonly combos: Map<CostMetric, Combo[]>,
    readonly currency = 'USD',
  ) {}

  get days(): number {
    return daysBetween(this.from, this.to);
  }

  /** Dense daily micros for the scope over [from, to). */
  series(scope: Scope, metric: CostMetric = 'unblended'): Float64Array {
    const key = `${metric}|${scopeKey(scope)}`;
    const tagged = this.tagSeries.get(key);
    if (tagged) return tagged;
    let s = this.memo.get(key);
    if (s) return s;
    s = new Float64Array(this.days);
    const acc = scope.accounts?.length ? new Set(scope.accounts) : undefined;
    const svc = scope.services?.length ? new Set(scope.services) : undefined;
    const reg = scope.regions?.length ? new Set(scope.regions) : undefined;
    for (const c of this.combos.get(metric) ?? []) {
      if ((acc && !acc.has(c.account)) || (svc && !svc.has(c.service)) || (reg && !reg.has(c.region))) continue;
      for (let i = 0; i < s.length; i++) s[i]! += c.values[i]!;
    }
    this.memo.set(key, s);
    return s;
  }

  setTagSeries(scope: Scope, metric: CostMetric, values: Float64Array): void {
    this.tagSeries.set(`${metric}|${scopeKey(scope)}`, values);
  }

  /** Sum of micros over the inclusive day range [a, b] (days outside the cube count 0). */
  sum(scope: Scope, metric: CostMetric, a: IsoDate, b: IsoDate): number {
    const s = this.series(scope, metric);
    const i0 = Math.max(0, daysBetween(this.from, a));
    const i1 = Math.min(s.length - 1, daysBetween(this.from, b));
    let t = 0;
    for (let i = i0; i <= i1; i++) t += s[i]!;
    return t;
  }
}

/**
 * Loads the rollup for [from, to) in one query per metric. Rules that filter on tags need
 * cost_data (the rollup has no tags); they get their own summed series, one query per scope.
 */
export async function loadCube(
  db: Queryable,
  organizationId: string,
  opts: {
    from: IsoDate;
    to: IsoDate;
    metrics: Iterable<CostMetric>;
    tagScopes?: { scope: Scope; metric: CostMetric }[];
    /** Only these inclusive day ranges are loaded (days outside read as 0); all of [from, to) when absent. */
    ranges?: [IsoDate, IsoDate][];
  },
): Promise<CostCube> {
  const ranges = mergeRanges(opts.ranges ?? [[opts.from, addDays(opts.to, -1)]]);
  const rangeSql = ranges.map((_, i) => `usage_date BETWEEN $${4 + 2 * i}::date AND $${5 + 2 * i}::date`).join(' OR ') || 'false';
  const n = daysBetween(opts.from, opts.to);
  const combos = new Map<CostMetric, Combo[]>();
  let currency = 'USD';
  for (const metric of new Set(opts.metrics)) {
    const col = COST_METRICS[metric];
    // Aggregated per series in SQL: one row per (account, service, region) with "day:amount"
    // pairs, instead of one row per day, so the driver builds 1,000 rows rather than 400,000.
    const { rows } = await db.query<{ account_id: string; service: string; region: string; currency: string; pts: string }>(
      `SELECT account_id, service, region, trim(currency) AS currency,
              string_agg((usage_date - $2::date)::text || ':' || ${col}::text, ',') AS pts
         FROM cost_daily_rollup
        WHERE organization_id = $1 AND usage_date >= $2::date AND usage_date < $3::date AND (${rangeSql})
        GROUP BY account_id, service, region, currency`,
      [organizationId, opts.from, opts.to, ...ranges.flat()],
    );
    const byKey = new Map<string, Combo>();
    for (const r of rows) {
      const k = `${r.account_id}\u0000${r.service}\u0000${r.region}`;
      let c = byKey.get(k);
      if (!c) byKey.set(k, (c = { account: r.account_id, service: r.service, region: r.region, values: new Float64Array(n) }));
      for (const pt of r.pts.split(',')) {
        const sep = pt.indexOf(':');
        const i = Number(pt.slice(0, sep));
        if (i >= 0 && i < n) c.values[i]! += toMicros(pt.slice(sep + 1));
      }
      currency = r.currency;
    }
    combos.set(metric, [...byKey.values()]);
  }
  const cube = new CostCube(opts.from, opts.to, combos, currency);
  for (const { scope, metric } of opts.tagScopes ?? []) {
    cube.setTagSeries(scope, metric, await loadTagSeries(db, organizationId, scope, metric, opts.from, opts.to));
  }
  return cube;
}

/** Sorted, overlapping or adjacent ranges joined: a handful of BETWEENs for thousands of rules. */
export function mergeRanges(ranges: [IsoDate, IsoDate][]): [IsoDate, IsoDate][] {
  const sorted = [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [IsoDate, IsoDate][] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= addDays(last[1], 1)) {
      if (b > last[1]) last[1] = b;
    } else out.push([a, b]);
  }
  return out;
}

async function loadTagSeries(db: Queryable, org: string, scope: Scope, metric: CostMetric, from: IsoDate, to: IsoDate): Promise<Float64Array> {
  const params: unknown[] = [org, from, to];
  const where: string[] = [];
  const add = (col: string, vals?: string[]) => {
    if (!vals?.length) return;
    params.push(vals);
    where.push(`${col} = ANY($${params.length}::text[])`);
  };
  add('account_id', scope.accounts);
  add('service', scope.services);
  add('region', scope.regions);
  for (const t of scope.tags ?? []) {
    params.push(t.key, t.values);
    where.push(`tags->>$${params.length - 1} = ANY($${params.length}::text[])`);
  }
  const { rows } = await db.query<{ d: string; amount: string }>(
    `SELECT usage_date::text AS d, sum(${COST_METRICS[metric]})::text AS amount FROM cost_data
      WHERE organization_id = $1 AND usage_date >= $2::date AND usage_date < $3::date ${where.map((w) => `AND ${w}`).join(' ')}
      GROUP BY usage_date`,
    params,
  );
  const out = new Float64Array(daysBetween(from, to));
  for (const r of rows) {
    const i = daysBetween(from, r.d.slice(0, 10));
    if (i >= 0 && i < out.length) out[i] = toMicros(r.amount);
  }
  return out;
}

