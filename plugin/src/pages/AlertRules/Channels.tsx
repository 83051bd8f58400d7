import React, { useState } from 'react';
import { Button, ConfirmButton, Stack, Switch, Text } from '@grafana/ui';
import { Card, DataTable, LoadState, type Column, type Load } from '../../components/common';
import { channelTarget, type alertRulesApi, type Channel, type TestResult } from './api';
import { ChannelForm } from './ChannelForm';

interface Props {
  /** The page's channel list, the same one the rule form picks from. */
  channels: Load<Channel[]>;
  api: ReturnType<typeof alertRulesApi>;
  /** Reload the page's channel list after a change, so the rule form sees it at once. */
  onChanged: () => void;
}

/** Notification channels: list (never a secret), create, enable/disable, test-send and delete. */
export function Channels({ channels, api, onChanged }: Props) {
  const [creating, setCreating] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const act = async (fn: () => Promise<unknown>, reload = true) => {
    setActionError(null);
    try {
      await fn();
      if (reload) onChanged();
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
    }
  };

  const columns: Array<Column<Channel>> = [
    { header: 'Channel', cell: (c) => c.name },
    { header: 'Type', cell: (c) => c.type },
    { header: 'Target', cell: (c) => channelTarget(c) },
    { header: 'Secret', cell: (c) => (c.has_secret ? 'set' : 'none') },
    {
      header: 'Enabled',
      cell: (c) => <Switch aria-label={`enable channel ${c.name}`} value={c.enabled !== false} onChange={() => act(() => api.setChannelEnabled(c, c.enabled === false))} />,
    },
    {
      header: 'Actions',
      cell: (c) => (
        <Stack direction="row" gap={1}>
          <Button size="sm" variant="secondary" aria-label={`test channel ${c.name}`} onClick={() => act(async () => setResult(await api.testChannel(c.id)), false)}>
            Test
          </Button>
          <ConfirmButton size="sm" confirmText="Delete" confirmVariant="destructive" onConfirm={() => act(() => api.deleteChannel(c.id))}>
            <Button size="sm" variant="destructive" fill="outline" aria-label={`delete channel ${c.name}`}>
              Delete
            </Button>
          </ConfirmButton>
        </Stack>
      ),
    },
  ];

  return (
    <Card title="Notification channels" testId="channels">
      <Stack direction="column" gap={1}>
        <LoadState state={channels} what="Notification channels">
          {(cs) => <DataTable rows={cs} columns={columns} empty="No notification channels yet." label="notification channels" rowTestId="channel-row" />}
        </LoadState>
        {result && (
          <div data-testid="channel-test-result">
            <Text>{`Test to ${result.channel}: ${result.status}${result.error ? ` (${result.error})` : ''}`}</Text>
          </div>
        )}
        {actionError && (
          <Text color="error" data-testid="channel-action-error">
            {actionError}
          </Text>
        )}
        {creating ? (
          <ChannelForm
            onCreate={async (d) => {
              await api.createChannel(d);
              setCreating(false);
              onChanged();
            }}
            onCancel={() => setCreating(false)}
          />
        ) : (
          <div>
            <Button icon="plus" variant="secondary" onClick={() => setCreating(true)}>
              New channel
            </Button>
          </div>
        )}
      </Stack>
    </Card>
  );
}
