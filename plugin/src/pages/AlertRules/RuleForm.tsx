import React, { useState } from 'react';
import { Button, Field, Input, Stack, Text, TextArea } from '@grafana/ui';
import { Choice } from '../../components/common';
import { KIND_DEFAULTS, type Channel, type Preview, type RuleDraft, type RuleKind } from './api';

interface Props {
  initial: RuleDraft;
  channels: Channel[];
  onPreview: (d: RuleDraft) => Promise<Preview>;
  onSave: (d: RuleDraft) => Promise<unknown>;
  onCancel: () => void;
}

const KINDS = Object.keys(KIND_DEFAULTS) as RuleKind[];
const SEVERITIES: ReadonlyArray<RuleDraft['severity']> = ['info', 'warning', 'critical'];

/** Create or edit a rule: name, kind, severity, scope, condition (JSON per kind), channels; preview before saving. */
export function RuleForm({ initial, channels, onPreview, onSave, onCancel }: Props) {
  const [d, setD] = useState<RuleDraft>(initial);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<RuleDraft>) => setD((x) => ({ ...x, ...patch }));
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Stack direction="column" gap={1}>
      <Field label="Name">
        <Input aria-label="rule name" value={d.name} onChange={(e) => set({ name: e.currentTarget.value })} />
      </Field>
      <Stack direction="row" gap={2}>
        <Choice label="Kind" aria="kind" value={d.kind} options={KINDS} onChange={(kind) => set({ kind, condition: JSON.stringify(KIND_DEFAULTS[kind], null, 2) })} />
        <Choice label="Severity" aria="severity" value={d.severity} options={SEVERITIES} onChange={(severity) => set({ severity })} />
      </Stack>
      <Field label="Accounts (comma-separated, empty: all)">
        <Input aria-label="accounts" value={d.accounts} onChange={(e) => set({ accounts: e.currentTarget.value })} />
      </Field>
      <Field label="Services (comma-separated, empty: all)">
        <Input aria-label="services" value={d.services} onChange={(e) => set({ services: e.currentTarget.value })} />
      </Field>
      <Field label="Condition (JSON)">
        <TextArea aria-label="condition" rows={5} value={d.condition} onChange={(e) => set({ condition: e.currentTarget.value })} />
      </Field>
      <Stack direction="row" gap={2} wrap="wrap">
        {channels.map((c) => (
          <label key={c.id}>
            <input
              type="checkbox"
              aria-label={`notify ${c.name}`}
              checked={d.channelIds.includes(c.id)}
              onChange={(e) => set({ channelIds: e.target.checked ? [...d.channelIds, c.id] : d.channelIds.filter((x) => x !== c.id) })}
            />{' '}
            {`${c.name} (${c.type})`}
          </label>
        ))}
      </Stack>
      <Stack direction="row" gap={1}>
        <Button variant="secondary" onClick={() => run(async () => setPreview(await onPreview(d)))}>
          Preview last 90 days
        </Button>
        <Button disabled={!d.name.trim()} onClick={() => run(() => onSave(d))}>
          Save rule
        </Button>
        <Button variant="secondary" fill="text" onClick={onCancel}>
          Cancel
        </Button>
      </Stack>
      {preview && (
        <div data-testid="preview">
          <Text>{preview.fired.length ? `Would have fired on ${preview.fired.length} of the last ${preview.days.length} days: ${preview.fired.join(', ')}` : `Would not have fired in the last ${preview.days.length} days`}</Text>
        </div>
      )}
      {error && (
        <Text color="error" data-testid="form-error">
          {error}
        </Text>
      )}
    </Stack>
  );
}
