import type { ScopedVars } from '@grafana/data';
import { ALL_VALUE, expandValue, interpolateQuery, type Replacer } from './interpolate';
import { migrate } from './migrate';
import type { CostQuery } from './types';

/**
 * A stand-in for Grafana's TemplateSrv with its documented behaviour: `$name`, `${name}` and
 * `[[name]]` are replaced; multi-value variables go through the format function as arrays.
 */
function replacer(vars: Record<string, string | string[]>): Replacer {
  return {
    replace(target = '', scoped?: ScopedVars, format?: string | ((v: unknown) => string)) {
      return target.replace(/\$(\w+)|\$\{(\w+)\}|\[\[(\w+)\]\]/g, (m, a, b, c) => {
        const name = a ?? b ?? c;
        const value = scoped?.[name]?.value ?? vars[name];
        if (value === undefined) return m;
        if (typeof format === 'function') return format(value);
        return Array.isArray(value) ? `{${value.join(',')}}` : String(value);
      });
    },
  };
}

const vars = replacer({ service: ['AmazonEC2', 'AmazonS3'], region: 'eu-west-1', all: ALL_VALUE, key: 'team', dim: 'region' });

describe('expandValue', () => {
  it('expands multi-value variables into several values', () => {
    expect(expandValue('$service', vars)).toEqual(['AmazonEC2', 'AmazonS3']);
    expect(expandValue('${service}', vars)).toEqual(['AmazonEC2', 'AmazonS3']);
    expect(expandValue('[[service]]', vars)).toEqual(['AmazonEC2', 'AmazonS3']);
  });
  it('keeps single values and plain text', () => {
    expect(expandValue('$region', vars)).toEqual(['eu-west-1']);
    expect(expandValue('us-east-1', vars)).toEqual(['us-east-1']);
  });
  it('interpolates variables inside text as one value', () => {
    expect(expandValue('tag:$key', vars)).toEqual(['tag:team']);
  });
  it('uses scoped variables (repeated panels) first', () => {
    expect(expandValue('$region', vars, { region: { text: 'x', value: 'ap-south-1' } })).toEqual(['ap-south-1']);
  });
});

describe('interpolateQuery', () => {
  const base = migrate({ refId: 'A' }) as CostQuery;

  it('interpolates filters, dimensions and group by', () => {
    const q = interpolateQuery(
      {
        ...base,
        groupBy: ['tag:$key', '$dim'],
        filters: [
          { dimension: 'service', operator: 'in', values: ['$service', 'AmazonEC2'] },
          { dimension: '$dim', operator: 'not_in', values: ['$region'] },
        ],
      },
      vars
    );
    expect(q.groupBy).toEqual(['tag:team', 'region']);
    expect(q.filters).toEqual([
      { dimension: 'service', operator: 'in', values: ['AmazonEC2', 'AmazonS3'] },
      { dimension: 'region', operator: 'not_in', values: ['eu-west-1'] },
    ]);
  });

  it('drops a filter whose variable is set to All, and empty filters', () => {
    const q = interpolateQuery(
      {
        ...base,
        filters: [
          { dimension: 'service', operator: 'in', values: ['$all'] },
          { dimension: 'region', operator: 'in', values: [] },
        ],
      },
      vars
    );
    expect(q.filters).toEqual([]);
  });

  it('interpolates string options of other query types', () => {
    const q = interpolateQuery(
      { refId: 'B', schemaVersion: 1, type: 'forecast', filters: [], options: { dimension: '$dim', horizon: 30 } },
      vars
    );
    expect(q.options).toEqual({ dimension: 'region', horizon: 30 });
  });
});
