import React from 'react';
import { InlineField, Input, RadioButtonGroup, Select, Stack, TextArea } from '@grafana/ui';
import { DIMENSIONS, type VariableQuery } from '../types';

interface Props {
  query: VariableQuery;
  onChange: (q: VariableQuery) => void;
}

const KINDS = [
  { label: 'Dimension values', value: 'dimension' as const },
  { label: 'Tag keys', value: 'tagKeys' as const },
  { label: 'Tag values', value: 'tagValues' as const },
];

/** Variables for accounts, services, regions, usage types, tag keys and tag values. */
export function VariableQueryEditor({ query, onChange }: Props) {
  const q: VariableQuery = { ...query, kind: query.kind ?? 'dimension', dimension: query.dimension ?? 'service' };
  return (
    <Stack direction="column" gap={1}>
      <InlineField label="Values of" labelWidth={14}>
        <RadioButtonGroup options={KINDS} value={q.kind} onChange={(kind) => onChange({ ...q, kind })} />
      </InlineField>
      {q.kind === 'dimension' && (
        <InlineField label="Dimension" labelWidth={14}>
          <Select
            aria-label="Dimension"
            width={30}
            options={DIMENSIONS.map((d) => ({ label: d, value: d }))}
            value={q.dimension}
            onChange={(v) => onChange({ ...q, dimension: v.value })}
          />
        </InlineField>
      )}
      {q.kind === 'tagValues' && (
        <InlineField label="Tag key" labelWidth={14} tooltip="May be a variable, e.g. $tag_key">
          <Input
            aria-label="Tag key"
            width={30}
            defaultValue={q.tagKey ?? ''}
            onBlur={(e) => onChange({ ...q, tagKey: e.currentTarget.value.trim() })}
          />
        </InlineField>
      )}
      {q.kind !== 'tagKeys' && (
        <InlineField label="Narrow by" labelWidth={14} tooltip="One per line: dimension:value1,value2 (variables allowed)">
          <TextArea
            aria-label="Narrow by"
            rows={2}
            defaultValue={q.filter ?? ''}
            placeholder="account:$account"
            onBlur={(e) => onChange({ ...q, filter: e.currentTarget.value })}
          />
        </InlineField>
      )}
    </Stack>
  );
}
