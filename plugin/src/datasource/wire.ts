import type { AdHocVariableFilter } from '@grafana/data';
import type { WireQuery } from '../api';
import { type CostFilter, type CostwatchQuery, isCostQuery } from './types';

/** The request body entry for one (migrated, interpolated) query: only fields the API knows. */
export function toWireQuery(q: CostwatchQuery, adhoc: AdHocVariableFilter[] = []): WireQuery {
  const filters = [...q.filters, ...adhocToFilters(adhoc)];
  if (isCostQuery(q)) {
    return {
      refId: q.refId,
      type: 'cost',
      metric: q.metric,
      granularity: q.granularity,
      groupBy: q.groupBy,
      filters,
      format: q.format,
      ...(q.topN ? { topN: q.topN } : {}),
    };
  }
  return { ...q.options, refId: q.refId, type: q.type, ...(filters.length ? { filters } : {}) };
}

/** Ad hoc filters (`service = X`, `region != Y`) become the API's in / not_in filters. */
export function adhocToFilters(adhoc: AdHocVariableFilter[]): CostFilter[] {
  return adhoc
    .filter((f) => f.key && (f.operator === '=' || f.operator === '!=' || f.operator === '=|' || f.operator === '!=|'))
    .map((f) => ({
      dimension: f.key,
      operator: f.operator.startsWith('!') ? ('not_in' as const) : ('in' as const),
      values: f.values?.length ? f.values : [f.value],
    }));
}
