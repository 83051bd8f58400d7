import { median, rankRootCauses, type ContributionInput, type RootCause } from '../analytics/anomaly/index.js';
import { COST_METRICS, type CostMetric } from '../domain/dimensions.js';
import { addDays, type IsoDate } from '../domain/time.js';
import type { Queryable } from '../store/queryable.js';

export interface RootCauseScope {
  account?: string;
  service?: string;
}

const WEEKS = [1, 2, 3, 4];

/**
 * Per-value contributions of an anomaly over its days. Expected per value and day is the
 * median of the same weekday 1–4 weeks earlier, as the detector's baseline. Account, service
 * and region come from the daily rollup; usage type only exists in cost_data.
 */
export async function rootCauses(
  db: Queryable,
  organizationId: string,
  scope: RootCauseScope,
  days: readonly IsoDate[],
  opts: { metric: CostMetric; currency: string },
): Promise<RootCause[]> {
  const col = COST_METRICS[opts.metric];
  const all = [...new Set(days.flatMap((d) => [d, ...WEEKS.map((w) => addDays(d, -7 * w))]))];
  const params = [organizationId, all, scope.account ?? null, scope.service ?? null, opts.currency];
  const where = `organization_id = $1 AND usage_date = ANY($2::date[]) AND ($3::text IS NULL OR account_id = $3)
                 AND ($4::text IS NULL OR service = $4) AND currency = $5`;
  const rollup = await db.query<{ d: string; account_id: string; service: string; region: string; amount: string }>(
    `SELECT usage_date::text AS d, account_id, service, region, sum(${col})::text AS amount
       FROM cost_daily_rollup WHERE ${where} GROUP BY usage_date, account_id, service, region`,
    params,
  );
  const usage = await db.query<{ d: string; usage_type: string; amount: string }>(
    `SELECT usage_date::text AS d, usage_type, sum(${col})::text AS amount
       FROM cost_data WHERE ${where} GROUP BY usage_date, usage_type`,
    params,
  );
  // dimension → value → day → amount
  const grid = new Map<string, Map<string, Map<string, number>>>();
  const add = (dim: string, value: string, day: string, amount: number) => {
    const byValue = grid.get(dim) ?? new Map<string, Map<string, number>>();
    grid.set(dim, byValue);
    const byDay = byValue.get(value) ?? new Map<string, number>();
    byValue.set(value, byDay);
    byDay.set(day, (byDay.get(day) ?? 0) + amount);
  };
  // A dimension the scope fixes explains nothing (the Lambda series' top service is Lambda).
  for (const r of rollup.rows) {
    const day = String(r.d).slice(0, 10);
    const a = Number(r.amount);
    if (!scope.account) add('account', r.account_id, day, a);
    if (!scope.service) add('service', r.service, day, a);
    add('region', r.region, day, a);
  }
  for (const r of usage.rows) add('usage_type', r.usage_type, String(r.d).slice(0, 10), Number(r.amount));

  const inputs: ContributionInput[] = [];
  const totals = new Map<string, number>();
  for (const [dimension, byValue] of grid) {
    for (const [value, byDay] of byValue) {
      let actual = 0;
      let expected = 0;
      for (const d of days) {
        actual += byDay.get(d) ?? 0;
        expected += median(WEEKS.map((w) => byDay.get(addDays(d, -7 * w)) ?? 0));
      }
      inputs.push({ dimension, value, actual, expected });
      totals.set(dimension, (totals.get(dimension) ?? 0) + actual - expected);
    }
  }
  // Shares are within each dimension, so they add up to 1 per dimension.
  return [...grid.keys()].flatMap((dim) => rankRootCauses(inputs.filter((i) => i.dimension === dim), totals.get(dim) ?? 0, 5)).sort((a, b) => b.share - a.share);
}
