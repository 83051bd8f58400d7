import React from 'react';
import { InlineField, RadioButtonGroup } from '@grafana/ui';
import type { CostwatchQuery } from '../types';

interface Props {
  query: CostwatchQuery;
  onChange: (q: CostwatchQuery) => void;
}

const OPTIONS = [
  { label: 'Anomalies', value: 'anomalies' },
  { label: 'Alert events', value: 'alerts' },
];

/** Picks which events to overlay on panels. */
export function AnnotationQueryEditor({ query, onChange }: Props) {
  return (
    <InlineField label="Events" labelWidth={14} tooltip="CostWatch events shown as annotations">
      <RadioButtonGroup
        options={OPTIONS}
        value={query.type === 'alerts' ? 'alerts' : 'anomalies'}
        onChange={(type) => onChange({ ...query, type } as CostwatchQuery)}
      />
    </InlineField>
  );
}
