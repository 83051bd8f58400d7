import type { DataQuery, DataSourceJsonData } from '@grafana/schema';

/** Bumped whenever the saved query shape changes; migrate() upgrades older ones. */
export const SCHEMA_VERSION = 1;

export const DIMENSIONS = ['account', 'service', 'region', 'usage_type'] as const;
export const METRICS = ['unblended', 'amortized', 'net_unblended', 'net_amortized'] as const;
export const GRANULARITIES = ['day', 'week', 'month', 'total'] as const;
export const FORMATS = ['timeseries', 'table'] as const;

export type Metric = (typeof METRICS)[number];
export type Granularity = (typeof GRANULARITIES)[number];
export type Format = (typeof FORMATS)[number];

export interface CostFilter {
  /** account | service | region | usage_type | tag:<key> */
  dimension: string;
  operator: 'in' | 'not_in';
  /** May hold template variables such as `$service`; multi-value variables expand. */
  values: string[];
}

interface QueryBase extends DataQuery {
  schemaVersion: number;
}

export interface CostQuery extends QueryBase {
  type: 'cost';
  metric: Metric;
  granularity: Granularity;
  groupBy: string[];
  filters: CostFilter[];
  topN?: number;
  format: Format;
}

/**
 * Any other type the backend announces in /api/v1/query/types (forecast, anomalies, budgets…):
 * the shared filters plus that type's own options, sent as they are so a new backend type is
 * usable before the plugin learns a dedicated editor for it.
 */
export interface OtherQuery extends QueryBase {
  type: string;
  filters: CostFilter[];
  options: Record<string, unknown>;
}

export type CostwatchQuery = CostQuery | OtherQuery;

export function isCostQuery(q: CostwatchQuery): q is CostQuery {
  return q.type === 'cost';
}

/** Datasource settings: the backend URL is public, the token lives in secureJsonData only. */
export interface CostwatchOptions extends DataSourceJsonData {
  backendUrl?: string;
}

export interface CostwatchSecureOptions {
  apiToken?: string;
}

/** Template variable queries (CustomVariableSupport). */
export interface VariableQuery {
  refId: string;
  kind: 'dimension' | 'tagKeys' | 'tagValues';
  /** For kind=dimension: account | service | region | usage_type. */
  dimension?: string;
  /** For kind=tagValues. */
  tagKey?: string;
  /** Narrow values by other selections, e.g. `service:$service` (one per line). */
  filter?: string;
}

/**
 * Options a newly picked type starts with, so it answers something useful at once
 * (see the README's query types for every option).
 */
export const TYPE_DEFAULTS: Record<string, Record<string, unknown>> = {
  forecast: { metric: 'unblended', horizon: 'month_end' },
  anomalies: { format: 'table', status: ['open'] },
  alerts: { format: 'table' },
  inventory: { format: 'table' },
  clusters: { by: 'service' },
};

export const DEFAULT_COST_QUERY: Omit<CostQuery, 'refId'> = {
  schemaVersion: SCHEMA_VERSION,
  type: 'cost',
  metric: 'unblended',
  granularity: 'day',
  groupBy: ['service'],
  filters: [],
  format: 'timeseries',
};
