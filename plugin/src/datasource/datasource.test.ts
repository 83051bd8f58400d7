import { type DataQueryRequest, type DataSourceInstanceSettings, dateTime, FieldType } from '@grafana/data';
import { lastValueFrom, type Observable } from 'rxjs';
import { ApiError, BackendUnreachableError } from '../api';
import { stubTransport } from '../test-utils';
import { annotationSupport } from './annotations';
import { DataSource } from './datasource';
import type { CostwatchVariableSupport } from './variables';
import type { CostwatchOptions, CostwatchQuery, VariableQuery } from './types';

const settings = { id: 1, uid: 'cw', type: 'costwatch-costwatch-datasource', name: 'CostWatch', url: '/api/datasources/proxy/uid/cw', jsonData: {}, meta: {} } as unknown as DataSourceInstanceSettings<CostwatchOptions>;
const identity = { replace: (t = '') => t };

const frame = {
  name: 'AmazonEC2',
  fields: [
    { name: 'time', type: 'time', values: [1, 2] },
    { name: 'unblended', type: 'number', values: [10.5, 11], labels: { service: 'AmazonEC2' } },
  ],
};

function request(targets: Array<Partial<CostwatchQuery>>, extra: Partial<DataQueryRequest<CostwatchQuery>> = {}) {
  return {
    targets,
    range: { from: dateTime(1_700_000_000_000), to: dateTime(1_700_086_400_000), raw: { from: 'now-1d', to: 'now' } },
    scopedVars: {},
    ...extra,
  } as unknown as DataQueryRequest<CostwatchQuery>;
}

describe('DataSource.query', () => {
  it('migrates, drops hidden queries, sends the API shape and returns frames per refId', async () => {
    const { transport, calls } = stubTransport({ 'POST /api/v1/query': { results: { A: { frames: [frame] } } } });
    const ds = new DataSource(settings, { transport, templateSrv: identity });
    const res = await ds.query(request([{ refId: 'A', groupBy: 'service' } as never, { refId: 'B', hide: true }]));
    expect(calls[0]!.body).toEqual({
      range: { from: 1_700_000_000_000, to: 1_700_086_400_000 },
      queries: [{ refId: 'A', type: 'cost', metric: 'unblended', granularity: 'day', groupBy: ['service'], filters: [], format: 'timeseries' }],
    });
    expect(res.data).toHaveLength(1);
    expect(res.data[0].refId).toBe('A');
    expect(res.data[0].fields[0].type).toBe(FieldType.time);
    expect(res.data[0].fields[1].values).toEqual([10.5, 11]);
  });

  it('adds ad hoc filters as in / not_in filters', async () => {
    const { transport, calls } = stubTransport({ 'POST /api/v1/query': { results: {} } });
    const ds = new DataSource(settings, { transport, templateSrv: identity });
    await ds.query(
      request([{ refId: 'A' }], {
        filters: [
          { key: 'region', operator: '=', value: 'us-east-1' },
          { key: 'service', operator: '!=', value: 'AmazonS3' },
        ],
      })
    );
    const sent = (calls[0]!.body as { queries: Array<{ filters: unknown }> }).queries[0]!.filters;
    expect(sent).toEqual([
      { dimension: 'region', operator: 'in', values: ['us-east-1'] },
      { dimension: 'service', operator: 'not_in', values: ['AmazonS3'] },
    ]);
  });

  it('attaches an API validation error to the query it names', async () => {
    const { transport } = stubTransport({
      'POST /api/v1/query': () => new ApiError(400, 'validation_failed', 'unknown query type "forecast"', 'queries[1].type'),
    });
    const ds = new DataSource(settings, { transport, templateSrv: identity });
    const res = await ds.query(request([{ refId: 'A' }, { refId: 'B', type: 'forecast' } as never]));
    expect(res.data).toEqual([]);
    expect(res.error).toMatchObject({ refId: 'B', status: 400 });
    expect(res.error?.message).toMatch(/Not available yet/);
  });
});

describe('DataSource.testDatasource', () => {
  it('reports success with the query types', async () => {
    const { transport } = stubTransport({ 'GET /api/v1/query/types': { types: ['cost', 'forecast'] } });
    const r = await new DataSource(settings, { transport, templateSrv: identity }).testDatasource();
    expect(r).toEqual({ status: 'success', message: expect.stringMatching(/token accepted.*cost, forecast/) });
  });

  it('says when the token is rejected', async () => {
    const { transport } = stubTransport({ 'GET /api/v1/query/types': () => new ApiError(401, 'unauthenticated', 'invalid token') });
    const r = await new DataSource(settings, { transport, templateSrv: identity }).testDatasource();
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/token was rejected/);
  });

  it('says when the backend cannot be reached', async () => {
    const { transport } = stubTransport({ 'GET /api/v1/query/types': () => new BackendUnreachableError('connect ECONNREFUSED') });
    const r = await new DataSource(settings, { transport, templateSrv: identity }).testDatasource();
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/not reachable/);
  });
});

describe('variables and ad hoc filters', () => {
  const { transport, calls } = stubTransport({
    'GET /api/v1/dimensions/service/values': { values: [{ value: 'AmazonEC2', label: 'Amazon EC2' }] },
    'GET /api/v1/dimensions/tag%3Ateam/values': { values: [{ value: 'payments', label: 'payments' }] },
    'GET /api/v1/tag-keys': { keys: ['team'] },
  });
  const templateSrv = {
    replace: (t = '', _s?: unknown, format?: unknown) =>
      t.replace('$account', typeof format === 'function' ? format(['111', '222']) : '{111,222}'),
  };
  const ds = new DataSource(settings, { transport, templateSrv });
  const run = async (q: Partial<VariableQuery>) => {
    const obs = (ds.variables as CostwatchVariableSupport).query(request([q as never]) as never) as Observable<{ data: Array<{ fields: Array<{ values: unknown[] }> }> }>;
    const res = await lastValueFrom(obs);
    return { text: res.data[0]!.fields[0]!.values, value: res.data[0]!.fields[1]!.values };
  };

  it('lists dimension values narrowed by a multi-value variable', async () => {
    expect(await run({ refId: 'v', kind: 'dimension', dimension: 'service', filter: 'account:$account' })).toEqual({
      text: ['Amazon EC2'],
      value: ['AmazonEC2'],
    });
    expect(calls.at(-1)!.path).toContain('filter=account%3A111%2C222');
  });

  it('lists tag keys and tag values', async () => {
    expect((await run({ refId: 'v', kind: 'tagKeys' })).value).toEqual(['team']);
    expect((await run({ refId: 'v', kind: 'tagValues', tagKey: 'team' })).value).toEqual(['payments']);
  });

  it('offers dimensions and tags as ad hoc filter keys', async () => {
    expect((await ds.getTagKeys()).map((k) => k.text)).toEqual(['account', 'service', 'region', 'usage_type', 'tag:team']);
    expect(await ds.getTagValues({ key: 'service' })).toEqual([{ text: 'Amazon EC2', value: 'AmazonEC2' }]);
  });
});

describe('annotations', () => {
  it('turns an empty annotation target into an anomalies event query', () => {
    const prepared = annotationSupport.prepareAnnotation!({ name: 'x', enable: true, iconColor: 'red' } as never);
    expect(prepared.target).toMatchObject({ type: 'anomalies', schemaVersion: 1, options: { format: 'annotations' } });
  });

  it('keeps an alerts target and is idempotent', () => {
    const once = annotationSupport.prepareAnnotation!({ name: 'x', enable: true, iconColor: 'red', target: { refId: 'Anno', type: 'alerts' } } as never);
    const twice = annotationSupport.prepareAnnotation!(once as never);
    expect(twice.target).toEqual(once.target);
    expect(once.target).toMatchObject({ type: 'alerts' });
  });
});
