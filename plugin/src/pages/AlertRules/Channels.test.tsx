import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ApiError, CostwatchClient } from '../../api';
import { ClientProvider } from '../../components/common';
import { stubTransport } from '../../test-utils';
import type { Channel } from './api';
import { AlertRulesPage } from './AlertRulesPage';

// The webhook URL carries credentials and a token: the list must show neither.
const HOOK: Channel = {
  id: 'ch-1',
  name: 'FinOps hook',
  type: 'webhook',
  config: { url: 'https://bot:pw@hooks.example.com/costwatch?token=abc' },
  has_secret: true,
  rate_limit_per_minute: 60,
  enabled: true,
};
const SECRET = 'a-long-shared-secret-for-hmac';

function setup(post?: (body: unknown) => unknown, routedBy: string[] = []) {
  let channels: Channel[] = [HOOK];
  let refusals = 0;
  const stub = stubTransport({
    'GET /api/v1/alert-rules': { rules: [] },
    'GET /api/v1/alerts': { alerts: [] },
    'GET /api/v1/notification-channels': () => ({ channels }),
    'POST /api/v1/notification-channels': (body: unknown) => {
      const answer = post?.(body);
      if (answer) return answer;
      // As the backend answers: the secret is stored, never echoed.
      const { secret, ...rest } = body as Record<string, unknown>;
      const created = { ...rest, id: `ch-${channels.length + 1}`, has_secret: secret !== undefined, rate_limit_per_minute: 60, enabled: true } as Channel;
      channels = [...channels, created];
      return created;
    },
    'DELETE /api/v1/notification-channels/ch-1': () => {
      // As the backend answers while rules route to the channel (the first time only: the
      // test's second attempt is the forced one, which the calls list proves).
      if (routedBy.length > 0 && refusals++ === 0) {
        return new ApiError(409, 'conflict', `alert rules still route to this channel: ${routedBy.map((n) => `"${n}"`).join(', ')}; remove it from their routes, or delete with force=true to do that for you`, 'id');
      }
      channels = channels.filter((c) => c.id !== 'ch-1');
      return undefined;
    },
    'PUT /api/v1/notification-channels/ch-1': (body: unknown) => {
      channels = channels.map((c) => (c.id === 'ch-1' ? { ...c, ...(body as object) } : c));
      return channels[0];
    },
    'POST /api/v1/notification-channels/ch-1/test': { channel_id: 'ch-1', channel: 'FinOps hook', status: 'sent' },
  });
  render(
    <ClientProvider client={new CostwatchClient(stub.transport)}>
      <AlertRulesPage />
    </ClientProvider>
  );
  return stub;
}

const table = () => screen.findByRole('table', { name: 'notification channels' });
const row = async (name: string) => (await within(await table()).findByText(name)).closest('tr')!;

describe('Notification channels on the Alert rules page', () => {
  it('lists channels without secrets and creates a webhook channel with a signing secret', async () => {
    const { calls } = setup();
    const hook = await row('FinOps hook');
    expect(hook).toHaveAttribute('data-testid', 'channel-row');
    expect(hook).toHaveTextContent('https://hooks.example.com/costwatch');
    expect(hook).not.toHaveTextContent(/pw@|token=abc/);
    expect(hook).toHaveTextContent('set');

    fireEvent.click(screen.getByRole('button', { name: /New channel/ }));
    fireEvent.change(screen.getByLabelText('channel name'), { target: { value: 'Receiver' } });
    fireEvent.change(screen.getByLabelText('channel url'), { target: { value: 'https://hooks.example.com/in' } });
    fireEvent.change(screen.getByLabelText('channel secret'), { target: { value: SECRET } });
    expect(screen.getByLabelText('channel secret')).toHaveAttribute('type', 'password');
    fireEvent.click(screen.getByRole('button', { name: 'Create channel' }));

    expect(await row('Receiver')).toHaveTextContent('https://hooks.example.com/in');
    expect(calls.find((c) => c.method === 'POST' && c.path === '/api/v1/notification-channels')!.body).toEqual({
      name: 'Receiver',
      type: 'webhook',
      config: { url: 'https://hooks.example.com/in' },
      secret: SECRET,
    });
    // Once created the secret is gone from the page: the form closed, the row says only "set".
    expect(screen.queryByLabelText('channel secret')).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(screen.getAllByTestId('channel-row')).toHaveLength(2);
  });

  it('shows the backend validation error beside the field it names', async () => {
    setup(() => new ApiError(400, 'validation_error', 'secret: Too small: expected string to have >=16 characters', 'secret'));
    await table();
    fireEvent.click(screen.getByRole('button', { name: /New channel/ }));
    fireEvent.change(screen.getByLabelText('channel name'), { target: { value: 'Short secret' } });
    fireEvent.change(screen.getByLabelText('channel url'), { target: { value: 'https://hooks.example.com/in' } });
    fireEvent.change(screen.getByLabelText('channel secret'), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create channel' }));

    expect(await screen.findByTestId('channel-form-error')).toHaveTextContent('secret: Too small: expected string to have >=16 characters');
    // The field's own message sits under the secret input (its accessible description), and only there.
    expect(screen.getAllByText('secret: Too small: expected string to have >=16 characters')).toHaveLength(2);
    expect(screen.getByLabelText('channel secret')).toHaveAccessibleDescription('secret: Too small: expected string to have >=16 characters');
    expect(screen.getByLabelText('channel secret')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('channel url')).not.toHaveAccessibleDescription();
    // The form stays open with what the user typed, so it can be fixed.
    expect(screen.getByLabelText('channel name')).toHaveValue('Short secret');
  });

  it('makes a new Slack channel pickable in the open rule form without a reload', async () => {
    const { calls } = setup();
    fireEvent.click(await screen.findByRole('button', { name: /New alert rule/ }));
    expect(await screen.findByLabelText('notify FinOps hook')).toBeInTheDocument();
    expect(screen.queryByLabelText('notify Ops Slack')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: /New channel/ }));
    fireEvent.change(screen.getByLabelText('channel type'), { target: { value: 'slack' } });
    expect(screen.queryByLabelText('channel url')).toBeNull();
    fireEvent.change(screen.getByLabelText('channel name'), { target: { value: 'Ops Slack' } });
    fireEvent.change(screen.getByLabelText('channel secret'), { target: { value: 'https://hooks.slack.com/services/T0/B0/x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create channel' }));

    fireEvent.click(await screen.findByLabelText('notify Ops Slack'));
    expect(screen.getByLabelText('notify Ops Slack')).toBeChecked();
    expect(calls.find((c) => c.method === 'POST' && c.path === '/api/v1/notification-channels')!.body).toEqual({
      name: 'Ops Slack',
      type: 'slack',
      config: {},
      secret: 'https://hooks.slack.com/services/T0/B0/x',
    });
    // The Slack URL is the secret: the row names the kind of target, never the URL.
    expect(await row('Ops Slack')).toHaveTextContent('Slack incoming webhook');
    expect(document.body.innerHTML).not.toContain('hooks.slack.com');
  });

  it('disables, test-sends and deletes a channel; the picker follows', async () => {
    const { calls } = setup();
    await row('FinOps hook');
    fireEvent.click(screen.getByLabelText('enable channel FinOps hook'));
    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')).toBeDefined());
    // PUT replaces the channel: everything but the secret, which the backend then keeps.
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ name: 'FinOps hook', type: 'webhook', config: HOOK.config, rate_limit_per_minute: 60, enabled: false });

    fireEvent.click(screen.getByRole('button', { name: 'test channel FinOps hook' }));
    expect(await screen.findByTestId('channel-test-result')).toHaveTextContent('Test to FinOps hook: sent');

    fireEvent.click(screen.getByRole('button', { name: /New alert rule/ }));
    expect(await screen.findByLabelText('notify FinOps hook')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'delete channel FinOps hook' }));
    fireEvent.click(within(await row('FinOps hook')).getByRole('button', { name: 'Delete', hidden: true }));
    await waitFor(() => expect(screen.queryByLabelText('notify FinOps hook')).toBeNull());
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/v1/notification-channels/ch-1')).toBe(true);
    expect(await screen.findByText('No notification channels yet.')).toBeInTheDocument();
  });

  it('explains a delete refused because rules route to the channel, and can take it out of them', async () => {
    const { calls } = setup(undefined, ['Daily spend above $5,000']);
    await row('FinOps hook');
    fireEvent.click(screen.getByRole('button', { name: 'delete channel FinOps hook' }));
    fireEvent.click(within(await row('FinOps hook')).getByRole('button', { name: 'Delete', hidden: true }));
    const blocked = await screen.findByTestId('channel-delete-blocked');
    expect(blocked).toHaveTextContent('FinOps hook was not deleted');
    expect(blocked).toHaveTextContent('"Daily spend above $5,000"');
    expect(await row('FinOps hook')).toBeInTheDocument();

    fireEvent.click(within(blocked).getByRole('button', { name: 'Remove it from those rules and delete' }));
    expect(await screen.findByText('No notification channels yet.')).toBeInTheDocument();
    expect(screen.queryByTestId('channel-delete-blocked')).toBeNull();
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([
      '/api/v1/notification-channels/ch-1',
      '/api/v1/notification-channels/ch-1?force=true',
    ]);
    // Rules reload too: their routes changed.
    expect(calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/alert-rules').length).toBeGreaterThan(1);
  });

  it('edits a channel: the form starts from the stored values and keeps the secret unless one is typed', async () => {
    const { calls } = setup();
    fireEvent.click(within(await row('FinOps hook')).getByRole('button', { name: 'edit channel FinOps hook' }));
    expect(screen.getByLabelText('channel name')).toHaveValue('FinOps hook');
    expect(screen.getByLabelText('channel url')).toHaveValue(String(HOOK.config!.url));
    expect(screen.getByLabelText('channel secret')).toHaveValue('');
    expect(screen.getByLabelText('rate limit')).toHaveValue('60');
    fireEvent.change(screen.getByLabelText('channel name'), { target: { value: 'FinOps hook (prod)' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save channel' }));
    expect(await row('FinOps hook (prod)')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ name: 'FinOps hook (prod)', type: 'webhook', config: { url: HOOK.config!.url }, rate_limit_per_minute: 60, enabled: true });
    expect(screen.queryByRole('button', { name: 'Save channel' })).toBeNull();
  });
});
