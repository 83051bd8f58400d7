import { CustomVariableSupport, type DataQueryRequest, type DataQueryResponse, toDataFrame } from '@grafana/data';
import { from, type Observable } from 'rxjs';
import type { DataSource } from './datasource';
import { expandValue } from './interpolate';
import type { VariableQuery } from './types';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import { parseFilterLines } from './filterLines';

/**
 * Template variables: accounts, services, regions, usage types, tag keys and tag values. Each
 * answers one frame with `text` and `value` fields, which Grafana turns into options.
 */
export class CostwatchVariableSupport extends CustomVariableSupport<DataSource, VariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly ds: DataSource) {
    super();
  }

  query(request: DataQueryRequest<VariableQuery>): Observable<DataQueryResponse> {
    return from(this.run(request));
  }

  private async run(request: DataQueryRequest<VariableQuery>): Promise<DataQueryResponse> {
    const q = request.targets[0];
    if (!q) return { data: [] };
    const replacer = this.ds.templateSrv;
    const range = { from: request.range.from.toISOString(), to: request.range.to.toISOString() };
    let rows: Array<{ text: string; value: string }>;
    if (q.kind === 'tagKeys') {
      rows = (await this.ds.client.tagKeys()).map((k) => ({ text: k, value: k }));
    } else {
      const dimension = q.kind === 'tagValues' ? `tag:${replacer.replace(q.tagKey ?? '', request.scopedVars)}` : (q.dimension ?? 'service');
      const filters = parseFilterLines(q.filter ?? '', (v) => expandValue(v, replacer, request.scopedVars));
      const values = await this.ds.client.dimensionValues(dimension, { ...range, filters, limit: 1000 });
      rows = values.map((v) => ({ text: v.label, value: v.value }));
    }
    return {
      data: [
        toDataFrame({
          fields: [
            { name: 'text', values: rows.map((r) => r.text) },
            { name: 'value', values: rows.map((r) => r.value) },
          ],
        }),
      ],
    };
  }
}
