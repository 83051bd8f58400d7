import { budgetOutlook, periodBounds, type BudgetOutlook } from '../analytics/index.js';
import type { Cache } from '../cache/index.js';
import { todayUtc } from '../domain/time.js';
import type { Queryable } from '../store/queryable.js';
import { getBudget, listBudgets, type Budget } from './budgets.store.js';
import { forecastScope, type ForecastSettings } from './service.js';
import { loadScopeSeries } from './scope.js';

export interface BudgetStatus extends BudgetOutlook {
  budget: Budget;
  /** Model behind the forecast of the remaining days. */
  model: string;
  currency: string;
}

/**
 * Where each budget stands today: actual from the period start to today, the forecast of the
 * remaining days (today included: its costs are still arriving) with the interval of the
 * total, the variance against the amount and the probability of overrun. `budgetId` 'all'
 * answers every budget of the organization. Budgets in a currency the scope does not bill in
 * get an actual of zero (amounts in different currencies never mix).
 */
export async function budgetStatus(
  db: Queryable,
  organizationId: string,
  budgetId: string | 'all',
  now: Date,
  opts: { cache?: Cache; settings?: ForecastSettings } = {},
): Promise<BudgetStatus[]> {
  const budgets = budgetId === 'all' ? await listBudgets(db, organizationId) : [await getBudget(db, organizationId, budgetId)];
  const today = todayUtc(now);
  const out: BudgetStatus[] = [];
  for (const b of budgets) {
    const period = periodBounds(b.period, today, b.startsOn);
    const remaining = Math.round((Date.parse(period.to) - Date.parse(today)) / 86_400_000);
    const actualSeries = await loadScopeSeries(db, organizationId, b.scope, { from: period.from, to: today, metric: b.metric });
    const f = await forecastScope({ db, cache: opts.cache }, organizationId, b.scope, {
      now,
      metric: b.metric,
      horizon: remaining,
      settings: opts.settings,
    });
    const sameCurrency = actualSeries.currency === b.currency;
    const actual = sameCurrency ? actualSeries.values.reduce((a, v) => a + v, 0) : 0;
    const forecast = f.currency === b.currency ? f.result : { mean: [], psi: [], sigma2: 0 };
    out.push({
      ...budgetOutlook({ amount: Number(b.amount), period, actual, forecastStart: today, forecast }),
      budget: b,
      model: f.result.model,
      currency: b.currency,
    });
  }
  return out;
}
