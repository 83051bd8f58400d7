import React from 'react';
import { InlineField, InlineFieldRow, Input, MultiSelect, RadioButtonGroup, Stack } from '@grafana/ui';
import type { DataSource } from '../datasource';
import { type CostQuery, DIMENSIONS, FORMATS, GRANULARITIES, METRICS } from '../types';
import { FiltersEditor } from './FiltersEditor';
import { useOptions } from './useOptions';
import { variableOptions } from './variableOptions';

interface Props {
  datasource: DataSource;
  query: CostQuery;
  onChange: (q: CostQuery) => void;
  onRunQuery: () => void;
}

const label = (s: string) => s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const opts = <T extends string>(xs: readonly T[]) => xs.map((value) => ({ label: label(value), value }));

/** Spend by metric and granularity, grouped by up to two dimensions, filtered, top N. */
export function CostQueryEditor({ datasource, query, onChange, onRunQuery }: Props) {
  const tagKeys = useOptions('tag-keys', async () => (await datasource.client.tagKeys()).map((k) => ({ label: `tag: ${k}`, value: `tag:${k}` })));
  const dimensions = [...DIMENSIONS.map((d) => ({ label: label(d), value: d })), ...tagKeys.options];
  const change = (patch: Partial<CostQuery>, run = true) => {
    onChange({ ...query, ...patch });
    if (run) onRunQuery();
  };
  return (
    <Stack direction="column" gap={1}>
      <InlineFieldRow>
        <InlineField label="Metric" labelWidth={14}>
          <RadioButtonGroup options={opts(METRICS)} value={query.metric} onChange={(metric) => change({ metric })} />
        </InlineField>
        <InlineField label="Granularity" labelWidth={14}>
          <RadioButtonGroup
            options={opts(GRANULARITIES)}
            value={query.granularity}
            onChange={(granularity) => change({ granularity })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Group by" labelWidth={14} tooltip="Up to two dimensions">
          <MultiSelect
            aria-label="Group by"
            width={50}
            options={[...dimensions, ...variableOptions()]}
            value={query.groupBy}
            allowCustomValue
            isLoading={tagKeys.loading}
            onChange={(v) => change({ groupBy: v.map((x) => x.value ?? '').filter(Boolean).slice(0, 2) })}
          />
        </InlineField>
        <InlineField label="Top N" labelWidth={10} tooltip="Keep the N largest groups; the rest is summed into Other">
          <Input
            aria-label="Top N"
            type="number"
            min={1}
            width={10}
            defaultValue={query.topN ?? ''}
            onBlur={(e) => {
              const n = Number(e.currentTarget.value);
              change({ topN: Number.isInteger(n) && n > 0 ? n : undefined });
            }}
          />
        </InlineField>
        <InlineField label="Format" labelWidth={10}>
          <RadioButtonGroup options={opts(FORMATS)} value={query.format} onChange={(format) => change({ format })} />
        </InlineField>
      </InlineFieldRow>
      <FiltersEditor
        datasource={datasource}
        filters={query.filters}
        dimensions={dimensions}
        onChange={(filters) => change({ filters })}
      />
    </Stack>
  );
}
