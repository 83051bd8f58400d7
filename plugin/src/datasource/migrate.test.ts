import { migrate, queryForType } from './migrate';
import { DEFAULT_COST_QUERY, SCHEMA_VERSION } from './types';

const cases: Array<[string, Record<string, unknown>]> = [
  ['empty Explore query', { refId: 'A' }],
  ['v0 with queryType and string groupBy', { refId: 'B', queryType: 'cost', groupBy: 'service, account', metric: 'amortized' }],
  ['v0 with filters as a map', { refId: 'C', filters: { service: ['AmazonEC2'], region: 'us-east-1' } }],
  ['bad values fall back', { refId: 'D', metric: 'nope', granularity: 3, format: 'x', topN: -2 }],
  ['other type keeps options', { refId: 'E', type: 'forecast', options: { horizon: 30 } }],
  ['current version', { ...DEFAULT_COST_QUERY, refId: 'F', topN: 5 }],
];

describe('migrate', () => {
  it.each(cases)('is idempotent: %s', (_name, raw) => {
    const once = migrate(raw);
    expect(migrate(once)).toEqual(once);
    expect(migrate(JSON.parse(JSON.stringify(once)))).toEqual(once);
    expect(once.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('does not modify its input', () => {
    const raw = { refId: 'A', queryType: 'cost', groupBy: 'service' };
    const copy = JSON.parse(JSON.stringify(raw));
    migrate(raw);
    expect(raw).toEqual(copy);
  });

  it('upgrades version 0 shapes', () => {
    expect(migrate(cases[1][1])).toMatchObject({ type: 'cost', metric: 'amortized', groupBy: ['service', 'account'] });
    expect(migrate(cases[2][1])).toMatchObject({
      filters: [
        { dimension: 'service', operator: 'in', values: ['AmazonEC2'] },
        { dimension: 'region', operator: 'in', values: ['us-east-1'] },
      ],
    });
  });

  it('replaces invalid values with defaults', () => {
    const q = migrate(cases[3][1]);
    expect(q).toMatchObject({ metric: 'unblended', granularity: 'day', format: 'timeseries' });
    expect('topN' in q).toBe(false);
  });

  it('gives an empty query the default cost query', () => {
    expect(migrate({ refId: 'A' })).toEqual({ ...DEFAULT_COST_QUERY, refId: 'A' });
  });

  it('keeps options of other query types', () => {
    expect(migrate(cases[4][1])).toEqual({ refId: 'E', schemaVersion: 1, type: 'forecast', filters: [], options: { horizon: 30 } });
  });
});

describe('queryForType', () => {
  const cost = migrate({ refId: 'B', filters: [{ dimension: 'region', operator: 'in', values: ['$region'] }] });

  it('starts a new type with its useful defaults and keeps refId and filters', () => {
    expect(queryForType('forecast', cost)).toEqual({
      refId: 'B',
      schemaVersion: 1,
      type: 'forecast',
      filters: cost.filters,
      options: { metric: 'unblended', horizon: 'month_end' },
    });
    expect(queryForType('budget', cost)).toMatchObject({ type: 'budget', options: {} });
  });

  it('goes back to a default cost query', () => {
    expect(queryForType('cost', queryForType('anomalies', cost))).toEqual({ ...DEFAULT_COST_QUERY, refId: 'B', filters: cost.filters });
  });

  it('gives results migrate() leaves alone', () => {
    for (const t of ['cost', 'forecast', 'anomalies', 'savings']) {
      const q = queryForType(t, cost);
      expect(migrate(q)).toEqual(q);
    }
  });
});
