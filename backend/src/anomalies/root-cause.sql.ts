import { addToGrid, rootCausesFromGrid, type ContributionGrid, type RootCause } from '../analytics/anomaly/index.js';
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
  const grid: ContributionGrid = new Map();
  // A dimension the scope fixes explains nothing (the Lambda series' top service is Lambda).
  for (const r of rollup.rows) {
    const day = String(r.d).slice(0, 10);
    const a = Number(r.amount);
    if (!scope.account) addToGrid(grid, 'account', r.account_id, day, a);
    if (!scope.service) addToGrid(grid, 'service', r.service, day, a);
    addToGrid(grid, 'region', r.region, day, a);
  }
  for (const r of usage.rows) addToGrid(grid, 'usage_type', r.usage_type, String(r.d).slice(0, 10), Number(r.amount));
  return rootCausesFromGrid(grid, days, (d) => WEEKS.map((w) => addDays(d, -7 * w)));
}
