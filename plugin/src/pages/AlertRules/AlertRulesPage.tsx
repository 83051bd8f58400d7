import React, { useRef, useState } from 'react';
import { PluginPage } from '@grafana/runtime';
import { Button, Stack, Switch, Text } from '@grafana/ui';
import { Card, DataTable, LoadState, useClient, useLoad, type Column, type Load } from '../../components/common';
import { alertRulesApi, EMPTY_DRAFT, fromRule, type AlertRow, type AlertRule, type Channel, type TestResult } from './api';
import { Channels } from './Channels';
import { RuleForm } from './RuleForm';

/**
 * Alert rules: the list with enable/disable, edit and a test send, a form to create or edit a
 * rule with a 90-day preview computed by the backend, notification channels, and alert history
 * with acknowledge and resolve.
 */
export function AlertRulesPage() {
  const api = alertRulesApi(useClient());
  const [version, setVersion] = useState(0);
  // The form is closed (null), creating ('new') or editing one rule.
  const [form, setForm] = useState<'new' | AlertRule | null>(null);
  const [tests, setTests] = useState<{ rule: string; results: TestResult[] } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const rules = useLoad(`rules|${version}`, api.rules);
  // One channel list for the rule form's picker and the channel editor: a channel created
  // below is pickable at once. While it reloads the last list stays, so nothing flickers.
  const [channelsVersion, setChannelsVersion] = useState(0);
  const loadedChannels = useLoad(`channels|${channelsVersion}`, api.channels);
  const lastChannels = useRef<Load<Channel[]>>(loadedChannels);
  if (loadedChannels.status !== 'loading') lastChannels.current = loadedChannels;
  const channels = loadedChannels.status === 'loading' && lastChannels.current.status === 'ok' ? lastChannels.current : loadedChannels;
  const alerts = useLoad(`alerts|${version}`, api.alerts);

  const act = async (fn: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await fn();
      setVersion((v) => v + 1);
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
    }
  };

  const ruleColumns: Array<Column<AlertRule>> = [
    { header: 'Rule', cell: (r) => r.name },
    { header: 'Kind', cell: (r) => r.kind },
    { header: 'Severity', cell: (r) => r.severity },
    { header: 'Condition', cell: (r) => Object.entries(r.condition).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ') },
    {
      header: 'Enabled',
      cell: (r) => <Switch aria-label={`enable ${r.name}`} value={r.enabled} onChange={() => act(() => api.setEnabled(r.id, !r.enabled))} />,
    },
    {
      header: 'Actions',
      cell: (r) => (
        <Stack direction="row" gap={1}>
          <Button size="sm" variant="secondary" aria-label={`edit ${r.name}`} onClick={() => setForm(r)}>
            Edit
          </Button>
          <Button size="sm" variant="secondary" aria-label={`test ${r.name}`} onClick={() => act(async () => setTests({ rule: r.name, results: await api.test(r.id) }))}>
            Test notification
          </Button>
        </Stack>
      ),
    },
  ];

  const alertColumns: Array<Column<AlertRow>> = [
    { header: 'Since', cell: (a) => a.started_at.slice(0, 16).replace('T', ' ') },
    { header: 'Rule', cell: (a) => a.title },
    { header: 'Status', cell: (a) => a.status },
    { header: 'Severity', cell: (a) => a.severity },
    { header: 'Summary', cell: (a) => a.annotations?.summary ?? '' },
    {
      header: 'Actions',
      cell: (a) => (
        <Stack direction="row" gap={1}>
          {a.status === 'firing' && (
            <Button size="sm" variant="secondary" aria-label={`acknowledge ${a.title}`} onClick={() => act(() => api.acknowledge(a.id))}>
              Acknowledge
            </Button>
          )}
          {a.status !== 'resolved' && (
            <Button size="sm" variant="secondary" aria-label={`resolve ${a.title}`} onClick={() => act(() => api.resolve(a.id))}>
              Resolve
            </Button>
          )}
        </Stack>
      ),
    },
  ];

  return (
    <PluginPage>
      <Stack direction="column" gap={2}>
        <Text color="secondary">Rules the CostWatch backend evaluates every 5 minutes and after each ingest; notifications go to the channels you pick.</Text>
        {form ? (
          <Card title={form === 'new' ? 'New alert rule' : `Edit ${form.name}`} testId="rule-form">
            <RuleForm
              // A new key per rule: the form's state starts again from that rule.
              key={form === 'new' ? 'new' : form.id}
              initial={form === 'new' ? EMPTY_DRAFT : fromRule(form)}
              channels={channels.status === 'ok' ? channels.data : []}
              onPreview={api.preview}
              onSave={async (d) => {
                await (form === 'new' ? api.create(d) : api.update(form, d));
                setForm(null);
                setVersion((v) => v + 1);
              }}
              onCancel={() => setForm(null)}
            />
          </Card>
        ) : (
          <div>
            <Button icon="plus" onClick={() => setForm('new')}>
              New alert rule
            </Button>
          </div>
        )}
        <LoadState state={rules} what="Alert rules">
          {(rs) => <DataTable rows={rs} columns={ruleColumns} empty="No alert rules yet." label="alert rules" />}
        </LoadState>
        {tests && (
          <div data-testid="test-results">
            {tests.results.length === 0 ? (
              <Text>{`${tests.rule} has no channels to notify.`}</Text>
            ) : (
              tests.results.map((t) => <Text key={t.channel}>{`Test to ${t.channel}: ${t.status}${t.error ? ` (${t.error})` : ''}`}</Text>)
            )}
          </div>
        )}
        {actionError && (
          <Text color="error" data-testid="action-error">
            {actionError}
          </Text>
        )}
        <Channels
          channels={channels}
          api={api}
          onChanged={() => {
            setChannelsVersion((v) => v + 1);
            setVersion((v) => v + 1);
          }}
        />
        <Card title="Alert history" testId="alert-history">
          <LoadState state={alerts} what="Alerts">
            {(as) => <DataTable rows={as} columns={alertColumns} empty="No alerts yet." label="alert history" />}
          </LoadState>
        </Card>
      </Stack>
    </PluginPage>
  );
}

export default AlertRulesPage;
