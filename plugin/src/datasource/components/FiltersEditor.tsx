import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { Button, IconButton, InlineField, MultiSelect, RadioButtonGroup, Select, Stack } from '@grafana/ui';
import type { DataSource } from '../datasource';
import type { CostFilter } from '../types';
import { useOptions } from './useOptions';
import { variableOptions } from './variableOptions';

interface Props {
  datasource: DataSource;
  filters: CostFilter[];
  dimensions: Array<SelectableValue<string>>;
  onChange: (filters: CostFilter[]) => void;
}

const OPERATORS = [
  { label: 'in', value: 'in' as const },
  { label: 'not in', value: 'not_in' as const },
];

/** Rows of dimension / in|not in / values; values come from the backend plus template variables. */
export function FiltersEditor({ datasource, filters, dimensions, onChange }: Props) {
  const update = (i: number, patch: Partial<CostFilter>) =>
    onChange(filters.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <Stack direction="column" gap={1}>
      {filters.map((f, i) => (
        <FilterRow
          key={i}
          index={i}
          datasource={datasource}
          filter={f}
          dimensions={dimensions}
          onChange={(patch) => update(i, patch)}
          onRemove={() => onChange(filters.filter((_, j) => j !== i))}
        />
      ))}
      <div>
        <Button
          size="sm"
          variant="secondary"
          icon="plus"
          onClick={() => onChange([...filters, { dimension: 'service', operator: 'in', values: [] }])}
        >
          Add filter
        </Button>
      </div>
    </Stack>
  );
}

interface RowProps {
  index: number;
  datasource: DataSource;
  filter: CostFilter;
  dimensions: Array<SelectableValue<string>>;
  onChange: (patch: Partial<CostFilter>) => void;
  onRemove: () => void;
}

function FilterRow({ index, datasource, filter, dimensions, onChange, onRemove }: RowProps) {
  const values = useOptions(`values:${filter.dimension}`, async () =>
    (await datasource.client.dimensionValues(filter.dimension, { limit: 500 })).map((v) => ({ label: v.label, value: v.value }))
  );
  const options = [...variableOptions(), ...values.options];
  return (
    <Stack gap={1} alignItems="center">
      <InlineField label="Filter" labelWidth={10}>
        <Select
          aria-label={`Filter ${index + 1} dimension`}
          width={20}
          options={dimensions}
          value={filter.dimension}
          allowCustomValue
          onChange={(v) => onChange({ dimension: v.value ?? '', values: [] })}
        />
      </InlineField>
      <RadioButtonGroup
        size="sm"
        options={OPERATORS}
        value={filter.operator}
        onChange={(operator) => onChange({ operator })}
      />
      <MultiSelect
        aria-label={`Filter ${index + 1} values`}
        width={50}
        options={options}
        value={filter.values}
        isLoading={values.loading}
        allowCustomValue
        placeholder={values.error ? `values unavailable: ${values.error}` : 'Choose values'}
        onChange={(v) => onChange({ values: v.map((x) => x.value ?? '').filter(Boolean) })}
      />
      <IconButton name="trash-alt" aria-label={`Remove filter ${index + 1}`} onClick={onRemove} />
    </Stack>
  );
}
