import React, { useMemo } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Alert, InlineField, Select, Stack } from '@grafana/ui';
import type { DataSource } from '../datasource';
import { migrate, queryForType } from '../migrate';
import { type CostwatchOptions, type CostwatchQuery, isCostQuery } from '../types';
import { CostQueryEditor } from './CostQueryEditor';
import { OtherQueryEditor } from './OtherQueryEditor';
import { useOptions } from './useOptions';

type Props = QueryEditorProps<DataSource, CostwatchQuery, CostwatchOptions>;

/** Picks the query type (as announced by the backend) and shows that type's editor. */
export function QueryEditor({ datasource, query: raw, onChange, onRunQuery }: Props) {
  const query = useMemo(() => migrate(raw), [raw]);
  const types = useOptions('query-types', async () =>
    (await datasource.client.queryTypes()).map((t) => ({ label: t, value: t }))
  );
  const typeOptions = types.options.length ? types.options : [{ label: 'cost', value: 'cost' }];
  const setType = (type: string) => {
    onChange(queryForType(type, query));
    onRunQuery();
  };
  return (
    <Stack direction="column" gap={1}>
      <InlineField label="Query type" labelWidth={14}>
        <Select
          aria-label="Query type"
          width={30}
          options={typeOptions}
          value={query.type}
          isLoading={types.loading}
          onChange={(v) => setType(v.value ?? 'cost')}
        />
      </InlineField>
      {types.error && (
        <Alert severity="warning" title="CostWatch backend not reachable">
          {types.error}
        </Alert>
      )}
      {isCostQuery(query) ? (
        <CostQueryEditor datasource={datasource} query={query} onChange={onChange} onRunQuery={onRunQuery} />
      ) : (
        <OtherQueryEditor key={query.type} datasource={datasource} query={query} onChange={onChange} onRunQuery={onRunQuery} />
      )}
    </Stack>
  );
}
