import {
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
  type TestDataSourceResponse,
  toDataFrame,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { ApiError, BackendUnreachableError, CostwatchClient, grafanaTransport, type Transport } from '../api';
import { annotationSupport } from './annotations';
import { interpolateQuery, type Replacer } from './interpolate';
import { migrate } from './migrate';
import { type CostwatchOptions, type CostwatchQuery, DEFAULT_COST_QUERY, DIMENSIONS } from './types';
import { CostwatchVariableSupport } from './variables';
import { toWireQuery } from './wire';

/** plugin.json route that injects the token; see src/datasource/plugin.json. */
export const ROUTE_PATH = 'costwatch';

export interface DataSourceDeps {
  transport?: Transport;
  templateSrv?: Replacer;
}

export class DataSource extends DataSourceApi<CostwatchQuery, CostwatchOptions> {
  readonly client: CostwatchClient;
  readonly templateSrv: Replacer;

  constructor(settings: DataSourceInstanceSettings<CostwatchOptions>, deps: DataSourceDeps = {}) {
    super(settings);
    this.client = new CostwatchClient(deps.transport ?? grafanaTransport(`${settings.url}/${ROUTE_PATH}`));
    this.templateSrv = deps.templateSrv ?? getTemplateSrv();
    this.variables = new CostwatchVariableSupport(this);
    this.annotations = annotationSupport;
  }

  getDefaultQuery(): Partial<CostwatchQuery> {
    return { ...DEFAULT_COST_QUERY };
  }

  filterQuery(query: CostwatchQuery): boolean {
    return !query.hide;
  }

  applyTemplateVariables(query: CostwatchQuery, scopedVars: ScopedVars): CostwatchQuery {
    return interpolateQuery(migrate(query), this.templateSrv, scopedVars);
  }

  async query(request: DataQueryRequest<CostwatchQuery>): Promise<DataQueryResponse> {
    const targets = request.targets.map((t) => migrate(t)).filter((t) => this.filterQuery(t));
    if (targets.length === 0) return { data: [] };
    const wire = targets.map((t) => toWireQuery(this.applyTemplateVariables(t, request.scopedVars), request.filters ?? []));
    try {
      const res = await this.client.query({ from: request.range.from.valueOf(), to: request.range.to.valueOf() }, wire);
      const data: DataFrame[] = [];
      for (const t of targets) {
        for (const frame of res.results[t.refId]?.frames ?? []) data.push(toDataFrame({ ...frame, refId: t.refId }));
      }
      return { data };
    } catch (err) {
      return { data: [], error: toQueryError(err, targets) };
    }
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    try {
      const types = await this.client.queryTypes();
      return { status: 'success', message: `Connected to CostWatch; token accepted. Query types: ${types.join(', ')}.` };
    } catch (err) {
      if (err instanceof ApiError && err.unauthorized) {
        return { status: 'error', message: `CostWatch reached, but the API token was rejected (${err.message}).` };
      }
      if (err instanceof BackendUnreachableError || (err instanceof ApiError && err.notAvailable)) {
        return { status: 'error', message: `CostWatch backend not reachable at the configured URL: ${err.message}` };
      }
      return { status: 'error', message: `CostWatch check failed: ${(err as Error).message}` };
    }
  }

  /** Ad hoc filters: keys are the cost dimensions and tag:<key>. */
  async getTagKeys(): Promise<MetricFindValue[]> {
    const tags = await this.client.tagKeys().catch(() => [] as string[]);
    return [...DIMENSIONS, ...tags.map((k) => `tag:${k}`)].map((text) => ({ text }));
  }

  async getTagValues(options: { key: string }): Promise<MetricFindValue[]> {
    const values = await this.client.dimensionValues(options.key, { limit: 500 });
    return values.map((v) => ({ text: v.label, value: v.value }));
  }

  /** Variable interpolation for Explore's "open in dashboard" and query inspector. */
  interpolateVariablesInQueries(queries: CostwatchQuery[], scopedVars: ScopedVars): CostwatchQuery[] {
    return queries.map((q) => this.applyTemplateVariables(q, scopedVars));
  }
}

function toQueryError(err: unknown, targets: CostwatchQuery[]) {
  if (err instanceof ApiError) {
    // The API names the failing query as queries[i].<field>: attach the error to its refId.
    const m = /^queries\[(\d+)\]/.exec(err.field ?? '');
    const refId = m ? targets[Number(m[1])]?.refId : undefined;
    const message = err.notAvailable ? `Not available yet on this CostWatch backend: ${err.message}` : err.message;
    return { message: err.field ? `${message} (${err.field})` : message, refId, status: err.status };
  }
  return { message: (err as Error).message };
}
