import React, { useState } from 'react';
import { Button, ConfirmButton, Stack, Switch, Text } from '@grafana/ui';
import { ApiError } from '../../api';
import { Card, DataTable, LoadState, type Column, type Load } from '../../components/common';
import { channelTarget, toChannelDraft, type alertRulesApi, type Channel, type TestResult } from './api';
import { ChannelForm } from './ChannelForm';

interface Props {
  /** The page's channel list, the same one the rule form picks from. */
  channels: Load<Channel[]>;
  api: ReturnType<typeof alertRulesApi>;
  /** Reload the page's channel list (and rules, whose routes a delete may change) after a change. */
  onChanged: () => void;
}

/** Notification channels: list (never a secret), create, edit, enable/disable, test-send and delete. */
export function Channels({ channels, api, onChanged }: Props) {
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Channel | null>(null);
  const [result, setResult] = useState<TestResult | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  // A delete the backend refused because rules still route to the channel: its message names them.
  const [blocked, setBlocked] = useState<{ channel: Channel; message: string } | null>(null);

  const act = async (fn: () => Promise<unknown>, reload = true) => {
    setActionError(null);
    try {
      await fn();
      if (reload) onChanged();
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
    }
  };

  const remove = (c: Channel, force = false) =>
    act(async () => {
      setBlocked(null);
      try {
        await api.deleteChannel(c.id, force);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) setBlocked({ channel: c, message: err.message });
        else throw err;
      }
    });

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
          <Button size="sm" variant="secondary" aria-label={`edit channel ${c.name}`} onClick={() => {
              setCreating(false);
              setEditing(c);
            }}
          >
            Edit
          </Button>
          <Button size="sm" variant="secondary" aria-label={`test channel ${c.name}`} onClick={() => act(async () => setResult(await api.testChannel(c.id)), false)}>
            Test
          </Button>
          <ConfirmButton size="sm" confirmText="Delete" confirmVariant="destructive" onConfirm={() => remove(c)}>
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
        {blocked && (
          <div data-testid="channel-delete-blocked">
            <Stack direction="column" gap={1}>
              <Text color="warning">{`${blocked.channel.name} was not deleted: ${blocked.message}`}</Text>
              <Stack direction="row" gap={1}>
                <Button size="sm" variant="destructive" onClick={() => remove(blocked.channel, true)}>
                  Remove it from those rules and delete
                </Button>
                <Button size="sm" variant="secondary" onClick={() => setBlocked(null)}>
                  Keep the channel
                </Button>
              </Stack>
            </Stack>
          </div>
        )}
        {actionError && (
          <Text color="error" data-testid="channel-action-error">
            {actionError}
          </Text>
        )}
        {editing ? (
          <ChannelForm
            key={editing.id}
            initial={toChannelDraft(editing)}
            onSubmit={async (d) => {
              await api.updateChannel(editing, d);
              setEditing(null);
              onChanged();
            }}
            onCancel={() => setEditing(null)}
          />
        ) : creating ? (
          <ChannelForm
            onSubmit={async (d) => {
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
