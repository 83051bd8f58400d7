import { addMonths, daysBetween, monthStart, parseIsoDate, type IsoDate } from '../../domain/time.js';
import { probabilityAbove, sumInterval } from '../forecast/intervals.js';

export const BUDGET_PERIODS = ['monthly', 'quarterly', 'annual'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/**
 * The budget period holding `today`: calendar months; quarters and years anchored on the month
 * of `startsOn` (a fiscal year starting in April: startsOn 2025-04-01), January by default.
 */
export function periodBounds(period: BudgetPeriod, today: IsoDate, startsOn?: IsoDate | null): { from: IsoDate; to: IsoDate } {
  if (period === 'monthly') return { from: monthStart(today), to: addMonths(today, 1) };
  const len = period === 'quarterly' ? 3 : 12;
  const anchor = startsOn ? parseIsoDate(startsOn).getUTCMonth() : 0;
  const d = parseIsoDate(today);
  const monthsSinceAnchor = (((d.getUTCMonth() - anchor) % len) + len) % len;
  const from = addMonths(monthStart(today), -monthsSinceAnchor);
  return { from, to: addMonths(from, len) };
}

export interface BudgetOutlook {
  period: { from: IsoDate; to: IsoDate };
  amount: number;
  /** Cost from the period start up to (excluding) the forecast start. */
  actual: number;
  /** Expected total at period end, with its interval (the sum's own interval, not a sum of bounds). */
  forecast: { mean: number; lo80: number; hi80: number; lo95: number; hi95: number; sd: number };
  /** Expected total − budget (positive: expected overrun). */
  variance: number;
  /** actual / amount. */
  utilisation: number;
  /** forecast mean / amount. */
  forecastUtilisation: number;
  /** P(total at period end > amount). */
  overrunProbability: number;
}

/**
 * Combines the actual to date with a daily forecast that starts at `forecastStart`
 * (horizon 1 = that day) into the outlook at period end.
 */
export function budgetOutlook(opts: {
  amount: number;
  period: { from: IsoDate; to: IsoDate };
  actual: number;
  forecastStart: IsoDate;
  forecast: { mean: readonly number[]; psi: readonly number[]; sigma2: number };
}): BudgetOutlook {
  const remaining = Math.max(0, daysBetween(opts.forecastStart, opts.period.to));
  const iv = sumInterval(opts.forecast, 1, remaining, opts.actual, true);
  return {
    period: opts.period,
    amount: opts.amount,
    actual: opts.actual,
    forecast: { mean: iv.mean, lo80: iv.lo80, hi80: iv.hi80, lo95: iv.lo95, hi95: iv.hi95, sd: iv.sd },
    variance: iv.mean - opts.amount,
    utilisation: opts.amount > 0 ? opts.actual / opts.amount : opts.actual > 0 ? Infinity : 0,
    forecastUtilisation: opts.amount > 0 ? iv.mean / opts.amount : iv.mean > 0 ? Infinity : 0,
    overrunProbability: probabilityAbove(iv.mean, iv.sd, opts.amount),
  };
}

/** Days of the period already observed when data arrives up to (excluding) `dataEnd`. */
export function observedDays(period: { from: IsoDate; to: IsoDate }, dataEnd: IsoDate): number {
  const end = dataEnd < period.to ? dataEnd : period.to;
  return Math.max(0, daysBetween(period.from, end));
}
