import {
  type CostFilter,
  type CostQuery,
  type CostwatchQuery,
  DEFAULT_COST_QUERY,
  FORMATS,
  GRANULARITIES,
  METRICS,
  type OtherQuery,
  SCHEMA_VERSION,
  TYPE_DEFAULTS,
} from './types';

type Loose = Record<string, unknown> & { refId?: string };

/**
 * Upgrades any saved query (a dashboard from an older plugin, a blank Explore query, an
 * annotation target) to the current model. Pure and idempotent: migrate(migrate(q)) equals
 * migrate(q), so the editor and query() can both call it without drift.
 *
 * Version 0 (no schemaVersion) is what early dashboards and hand-written JSON hold:
 * `queryType` instead of `type`, `groupBy` as one string, filters as {dimension: values}.
 */
export function migrate(raw: Loose | CostwatchQuery): CostwatchQuery {
  const q = raw as Loose;
  if (q.schemaVersion === SCHEMA_VERSION && typeof q.type === 'string') {
    return q as unknown as CostwatchQuery;
  }
  const type = str(q.type) ?? str(q.queryType) ?? 'cost';
  const base = { refId: q.refId ?? 'A', hide: q.hide as boolean | undefined, datasource: q.datasource as CostQuery['datasource'] };
  const filters = toFilters(q.filters);
  if (type !== 'cost') {
    const other: OtherQuery = {
      ...base,
      schemaVersion: SCHEMA_VERSION,
      type,
      filters,
      options: isRecord(q.options) ? (q.options as OtherQuery['options']) : {},
    };
    return dropUndefined(other);
  }
  const topN = Number(q.topN);
  const cost: CostQuery = {
    ...base,
    ...DEFAULT_COST_QUERY,
    metric: oneOf(METRICS, q.metric, DEFAULT_COST_QUERY.metric),
    granularity: oneOf(GRANULARITIES, q.granularity, DEFAULT_COST_QUERY.granularity),
    groupBy: toGroupBy(q.groupBy),
    filters,
    format: oneOf(FORMATS, q.format, DEFAULT_COST_QUERY.format),
    topN: Number.isInteger(topN) && topN > 0 ? topN : undefined,
  };
  return dropUndefined(cost);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf<T extends string>(allowed: readonly T[], v: unknown, fallback: T): T {
  return allowed.includes(v as T) ? (v as T) : fallback;
}

function toGroupBy(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '').slice(0, 2);
  if (typeof v === 'string') return v === '' ? [] : v.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 2);
  return [...DEFAULT_COST_QUERY.groupBy];
}

function toFilters(v: unknown): CostFilter[] {
  if (Array.isArray(v)) {
    return v.filter(isRecord).map((f) => ({
      dimension: String(f.dimension ?? ''),
      operator: f.operator === 'not_in' ? 'not_in' : 'in',
      values: Array.isArray(f.values) ? f.values.map(String) : [],
    }));
  }
  if (isRecord(v)) {
    return Object.entries(v).map(([dimension, values]) => ({
      dimension,
      operator: 'in' as const,
      values: Array.isArray(values) ? values.map(String) : [String(values)],
    }));
  }
  return [];
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The query after the user picks another type: refId and filters carry over, options reset. */
export function queryForType(type: string, prev: CostwatchQuery): CostwatchQuery {
  if (type === 'cost') return { ...DEFAULT_COST_QUERY, refId: prev.refId, filters: prev.filters };
  return { refId: prev.refId, schemaVersion: SCHEMA_VERSION, type, filters: prev.filters, options: { ...TYPE_DEFAULTS[type] } };
}
