import type { ScopedVars } from '@grafana/data';
import type { CostFilter, CostwatchQuery } from './types';

/** The part of Grafana's TemplateSrv interpolation needs; tests pass a small stand-in. */
export interface Replacer {
  replace(target?: string, scopedVars?: ScopedVars, format?: string | ((value: unknown) => string)): string;
}

/**
 * Dashboards built by CostWatch give their variables this "All" value, so selecting All means
 * "no filter" instead of a filter listing every value (which would also hide new services).
 */
export const ALL_VALUE = '__all__';

const WHOLE_VARIABLE = /^(\$\w+|\$\{\w+(?::\w+)?\}|\[\[\w+\]\])$/;

const asJsonList = (value: unknown) => JSON.stringify(Array.isArray(value) ? value.map(String) : [String(value)]);

/** One value that may be `$var`, `${var}` or `[[var]]`: multi-value variables expand to many. */
export function expandValue(value: string, replacer: Replacer, scopedVars?: ScopedVars): string[] {
  if (!value.includes('$') && !value.includes('[[')) return [value];
  // Only a value that is exactly one variable expands to many; `tag:$key` stays one string.
  if (!WHOLE_VARIABLE.test(value.trim())) return [replacer.replace(value, scopedVars)];
  const out = replacer.replace(value.trim(), scopedVars, asJsonList);
  if (out.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(out);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // A variable embedded in text (prefix-$var) is not a JSON list: keep it as text.
    }
  }
  return [out];
}

function interpolateFilters(filters: CostFilter[], replacer: Replacer, scopedVars?: ScopedVars): CostFilter[] {
  return filters
    .map((f) => ({
      ...f,
      dimension: replacer.replace(f.dimension, scopedVars),
      values: [...new Set(f.values.flatMap((v) => expandValue(v, replacer, scopedVars)))].filter((v) => v !== ''),
    }))
    .filter((f) => f.dimension !== '' && f.values.length > 0 && !f.values.includes(ALL_VALUE));
}

/** Replaces template variables in every string field of a (migrated) query. */
export function interpolateQuery<Q extends CostwatchQuery>(query: Q, replacer: Replacer, scopedVars?: ScopedVars): Q {
  const out: Record<string, unknown> = { ...query, filters: interpolateFilters(query.filters, replacer, scopedVars) };
  if ('groupBy' in query && Array.isArray(query.groupBy)) {
    out.groupBy = [
      ...new Set(query.groupBy.flatMap((g) => expandValue(g, replacer, scopedVars)).filter((g) => g !== '' && g !== ALL_VALUE)),
    ].slice(0, 2);
  }
  if ('options' in query && query.options) {
    out.options = Object.fromEntries(
      Object.entries(query.options).map(([k, v]) => [k, typeof v === 'string' ? replacer.replace(v, scopedVars) : v])
    );
  }
  return out as Q;
}
