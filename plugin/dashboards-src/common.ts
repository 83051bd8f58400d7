import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import {
  AnnotationQueryBuilder,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';

export const DS_TYPE = 'costwatch-costwatch-datasource';
/** Every panel and variable uses the datasource variable, so the dashboards work on any Grafana. */
export const DS: DataSourceRef = { type: DS_TYPE, uid: '${datasource}' };
/** Kept in step with ALL_VALUE in src/datasource/interpolate.ts: "All" means "no filter". */
export const ALL = '__all__';

/** The CostWatch query model as saved in dashboards (src/datasource/types.ts, schemaVersion 1). */
export interface CostwatchDataquery {
  refId?: string;
  hide?: boolean;
  datasource?: DataSourceRef;
  schemaVersion: 1;
  type: string;
  metric?: string;
  granularity?: string;
  groupBy?: string[];
  filters?: Array<{ dimension: string; operator: 'in' | 'not_in'; values: string[] }>;
  topN?: number;
  format?: 'timeseries' | 'table';
  options?: Record<string, unknown>;
  _implementsDataqueryVariant(): void;
}

/** Filters by the dashboard's account/service/region variables (All drops the filter). */
export const VARIABLE_FILTERS = [
  { dimension: 'account', operator: 'in' as const, values: ['$account'] },
  { dimension: 'service', operator: 'in' as const, values: ['$service'] },
  { dimension: 'region', operator: 'in' as const, values: ['$region'] },
];

export class CostQueryBuilder implements Builder<Dataquery> {
  private readonly q: CostwatchDataquery;

  constructor(refId: string, fields: Omit<CostwatchDataquery, 'schemaVersion' | 'type' | '_implementsDataqueryVariant' | 'refId' | 'datasource'>) {
    this.q = {
      refId,
      datasource: DS,
      schemaVersion: 1,
      type: 'cost',
      metric: 'unblended',
      granularity: 'day',
      groupBy: [],
      filters: VARIABLE_FILTERS,
      format: 'timeseries',
      ...fields,
      _implementsDataqueryVariant() {},
    };
  }

  build(): CostwatchDataquery {
    return this.q;
  }
}

export function datasourceVariable() {
  return new DatasourceVariableBuilder('datasource').label('Data source').type(DS_TYPE);
}

/** A multi-value variable over one dimension, narrowed by the variables before it. */
export function dimensionVariable(name: string, label: string, dimension: string, narrowBy = '') {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(DS)
    .query({ refId: name, kind: 'dimension', dimension, filter: narrowBy })
    .definition(`${dimension} values`)
    .multi(true)
    .includeAll(true)
    .allValue(ALL)
    .current({ selected: true, text: ['All'], value: [`$__all`] })
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc);
}

export function tagKeyVariable() {
  return new QueryVariableBuilder('tag_key')
    .label('Tag key')
    .datasource(DS)
    .query({ refId: 'tag_key', kind: 'tagKeys' })
    .definition('tag keys')
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalAsc);
}

/** Anomalies or alert events as annotations (the types answer `format: annotations` frames). */
export function eventsAnnotation(type: 'anomalies' | 'alerts', name: string, color: string, enabled: boolean) {
  return new AnnotationQueryBuilder()
    .name(name)
    .datasource(DS)
    .enable(enabled)
    .iconColor(color)
    .target({
      build: () => ({
        refId: 'Anno',
        schemaVersion: 1,
        type,
        filters: [],
        options: { format: 'annotations' },
        _implementsDataqueryVariant() {},
      }),
    } as Builder<Dataquery>);
}

/** Cost anomalies and CostWatch alert events, both on (the dashboard test runs them too). */
export const annotations = () => [
  eventsAnnotation('anomalies', 'Cost anomalies', 'red', true),
  eventsAnnotation('alerts', 'CostWatch alerts', 'orange', true),
];

/** A query of another type, saved in the model's `options` (src/datasource/types.ts OtherQuery). */
export class TypedQueryBuilder implements Builder<Dataquery> {
  constructor(
    private readonly refId: string,
    private readonly type: string,
    private readonly options: Record<string, unknown>
  ) {}

  build(): CostwatchDataquery {
    return { refId: this.refId, datasource: DS, schemaVersion: 1, type: this.type, filters: [], options: this.options, _implementsDataqueryVariant() {} };
  }
}
