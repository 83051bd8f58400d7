import { addDays, todayUtc, type IsoDate } from '../domain/time.js';
import type { Queryable } from '../store/queryable.js';
import { loadCube } from './cube.js';
import { loadFacts } from './facts.js';
import { earliestDay, measure, metricsOf } from './measure.js';
import type { Rule } from './model.js';

/**
 * "Would have fired on these days": the rule measured as of each of the last `days` complete
 * UTC days, with the same code the evaluator runs. Daily granularity, so for-duration, mute
 * windows and repeat intervals do not apply; anomalies count on the days they cover.
 */
export interface PreviewDay {
  date: IsoDate;
  value: number;
  firing: boolean;
}

export async function previewRule(
  db: Queryable,
  orgId: string,
  rule: Pick<Rule, 'kind' | 'condition' | 'scope'>,
  opts: { now?: Date; days?: number } = {},
): Promise<{ from: IsoDate; to: IsoDate; unit: string; days: PreviewDay[]; fired: IsoDate[] }> {
  const n = opts.days ?? 90;
  const last = addDays(todayUtc(opts.now), -1);
  const first = addDays(last, -(n - 1));
  const facts = await loadFacts(db, orgId, [rule], { history: true });
  const metric = metricsOf(rule, facts);
  const cube = await loadCube(db, orgId, {
    from: earliestDay(rule, first, facts),
    to: addDays(last, 1),
    metrics: [metric],
    tagScopes: rule.scope.tags?.length ? [{ scope: rule.scope, metric }] : [],
  });
  const days: PreviewDay[] = [];
  let unit = 'USD';
  for (let d = first; d <= last; d = addDays(d, 1)) {
    const m = measure(rule, cube, facts, d, false);
    unit = m.unit;
    days.push({ date: d, value: m.value, firing: m.firing });
  }
  return { from: first, to: last, unit, days, fired: days.filter((d) => d.firing).map((d) => d.date) };
}
