import { COST_METRICS, type CostMetric } from '../domain/dimensions.js';
import { addDays, daysBetween, type IsoDate } from '../domain/time.js';
import type { Queryable } from './queryable.js';

/** The series analytics works on: organization total, per account, per service, per account x service. */
export type SeriesLevel = 'total' | 'account' | 'service' | 'account_service';

export interface DailySeries {
  /** Stable id: `total`, `account:<id>`, `service:<name>`, `account_service:<id>|<name>`. */
  key: string;
  level: SeriesLevel;
  scope: { account?: string; service?: string };
  currency: string;
  /** First day of `values`; one value per day up to (excluding) the requested `to`, zeros where no cost. */
  start: IsoDate;
  values: number[];
}

export function seriesKey(level: SeriesLevel, scope: { account?: string; service?: string }): string {
  if (level === 'total') return 'total';
  if (level === 'account') return `account:${scope.account}`;
  if (level === 'service') return `service:${scope.service}`;
  return `account_service:${scope.account}|${scope.service}`;
}

const GROUPING: Record<SeriesLevel, string> = {
  total: "'' AS account_id, '' AS service",
  account: "account_id, '' AS service",
  service: "'' AS account_id, service",
  account_service: 'account_id, service',
};

/**
 * Dense daily series from the rollup for [from, to). Sums are exact in SQL; values become
 * numbers here because models work in floating point (results are rounded back to money).
 */
export async function loadDailySeries(
  db: Queryable,
  organizationId: string,
  opts: { from: IsoDate; to: IsoDate; metric?: CostMetric; levels?: SeriesLevel[]; minTotal?: number },
): Promise<DailySeries[]> {
  const column = COST_METRICS[opts.metric ?? 'unblended'];
  const n = daysBetween(opts.from, opts.to);
  const out: DailySeries[] = [];
  for (const level of opts.levels ?? (['total', 'account', 'service', 'account_service'] as SeriesLevel[])) {
    const groupCols = level === 'total' ? '' : level === 'account' ? ', account_id' : level === 'service' ? ', service' : ', account_id, service';
    const { rows } = await db.query<{ account_id: string; service: string; currency: string; usage_date: string; amount: string }>(
      `SELECT ${GROUPING[level]}, currency, usage_date, sum(${column})::text AS amount
         FROM cost_daily_rollup
        WHERE organization_id = $1 AND usage_date >= $2 AND usage_date < $3
        GROUP BY usage_date, currency${groupCols}
        ORDER BY usage_date`,
      [organizationId, opts.from, opts.to],
    );
    const byKey = new Map<string, DailySeries>();
    for (const r of rows) {
      const scope = level === 'total' ? {} : level === 'account' ? { account: r.account_id } : level === 'service' ? { service: r.service } : { account: r.account_id, service: r.service };
      const currency = r.currency.trim();
      const id = `${seriesKey(level, scope)}#${currency}`;
      let s = byKey.get(id);
      if (!s) byKey.set(id, (s = { key: seriesKey(level, scope), level, scope, currency, start: opts.from, values: new Array<number>(n).fill(0) }));
      const i = daysBetween(opts.from, String(r.usage_date).slice(0, 10));
      if (i >= 0 && i < n) s.values[i] = Number(r.amount);
    }
    for (const s of byKey.values()) {
      if (opts.minTotal === undefined || s.values.reduce((a, b) => a + b, 0) >= opts.minTotal) out.push(s);
    }
  }
  return out;
}

export function seriesDates(s: Pick<DailySeries, 'start' | 'values'>): IsoDate[] {
  return s.values.map((_, i) => addDays(s.start, i));
}
