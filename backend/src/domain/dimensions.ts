import { ValidationError } from './errors.js';

/** Cost metrics, named as the API exposes them, with the cost_data column each reads. */
export const COST_METRICS = {
  unblended: 'unblended_cost',
  amortized: 'amortized_cost',
  net_unblended: 'net_unblended_cost',
  net_amortized: 'net_amortized_cost',
} as const;
export type CostMetric = keyof typeof COST_METRICS;
export const COST_METRIC_NAMES = Object.keys(COST_METRICS) as CostMetric[];

/** Fixed dimensions and the cost_data column behind each. Tags are `tag:<key>`. */
export const FIXED_DIMENSIONS = {
  account: 'account_id',
  service: 'service',
  region: 'region',
  usage_type: 'usage_type',
} as const;
export type FixedDimension = keyof typeof FIXED_DIMENSIONS;
export const FIXED_DIMENSION_NAMES = Object.keys(FIXED_DIMENSIONS) as FixedDimension[];

export type Dimension = { kind: 'fixed'; name: FixedDimension } | { kind: 'tag'; key: string };

// AWS allows letters, digits, spaces and + - = . _ : / @ in tag keys (max 128).
const TAG_KEY = /^[\p{L}\p{N} +\-=._:/@]{1,128}$/u;

export function parseDimension(raw: string, field = 'dimension'): Dimension {
  if (raw.startsWith('tag:')) {
    const key = raw.slice(4);
    if (!TAG_KEY.test(key)) throw new ValidationError(`invalid tag key in "${raw}"`, field);
    return { kind: 'tag', key };
  }
  if ((FIXED_DIMENSION_NAMES as string[]).includes(raw)) return { kind: 'fixed', name: raw as FixedDimension };
  throw new ValidationError(
    `unknown dimension "${raw}" (expected one of ${FIXED_DIMENSION_NAMES.join(', ')} or tag:<key>)`,
    field,
  );
}

export function dimensionName(d: Dimension): string {
  return d.kind === 'fixed' ? d.name : `tag:${d.key}`;
}
