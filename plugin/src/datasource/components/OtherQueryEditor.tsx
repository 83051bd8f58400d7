import React, { useState } from 'react';
import { InlineField, TextArea, Stack, Text } from '@grafana/ui';
import type { DataSource } from '../datasource';
import { DIMENSIONS, type OtherQuery } from '../types';
import { FiltersEditor } from './FiltersEditor';

interface Props {
  datasource: DataSource;
  query: OtherQuery;
  onChange: (q: OtherQuery) => void;
  onRunQuery: () => void;
}

/**
 * Query types without a dedicated editor yet: the shared filters plus the type's own options
 * as a JSON object (see the README's query types), validated before it is saved.
 */
export function OtherQueryEditor({ datasource, query, onChange, onRunQuery }: Props) {
  const [text, setText] = useState(JSON.stringify(query.options ?? {}, null, 2));
  const [error, setError] = useState<string>();
  const commit = () => {
    try {
      const parsed: unknown = JSON.parse(text || '{}');
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('options must be a JSON object');
      setError(undefined);
      onChange({ ...query, options: parsed as OtherQuery['options'] });
      onRunQuery();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Stack direction="column" gap={1}>
      <InlineField label="Options" labelWidth={14} invalid={Boolean(error)} error={error} grow>
        <TextArea aria-label="Query options" rows={4} value={text} onChange={(e) => setText(e.currentTarget.value)} onBlur={commit} />
      </InlineField>
      {error && <Text color="error">{error}</Text>}
      <FiltersEditor
        datasource={datasource}
        filters={query.filters}
        dimensions={DIMENSIONS.map((d) => ({ label: d, value: d }))}
        onChange={(filters) => {
          onChange({ ...query, filters });
          onRunQuery();
        }}
      />
    </Stack>
  );
}
