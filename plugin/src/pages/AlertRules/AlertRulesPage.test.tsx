import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CostwatchClient } from '../../api';
import { ClientProvider } from '../../components/common';
import { stubTransport } from '../../test-utils';
import type { AlertRow, AlertRule } from './api';
import { AlertRulesPage } from './AlertRulesPage';

const RULE: AlertRule = {
  id: 'rule-1',
  name: 'Daily spend',
  kind: 'cost_threshold',
  severity: 'warning',
  scope: {},
  condition: { period: 'daily', threshold: 1000 },
  routes: [{ channel_id: 'ch-1', after_minutes: 0 }],
  enabled: true,
};
const ALERT: AlertRow = {
  id: 'alert-1',
  title: 'Daily spend',
  status: 'firing',
  severity: 'warning',
  value: '1200.000000',
  started_at: '2026-11-20T12:00:00.000Z',
  resolved_at: null,
  annotations: { summary: 'cost on 2026-11-19 $1,200.00 (threshold $1,000.00)' },
};

function setup(initial: AlertRule[] = [RULE]) {
  let rules = initial;
  const stub = stubTransport({
    'GET /api/v1/alert-rules': () => ({ rules }),
    'GET /api/v1/notification-channels': { channels: [{ id: 'ch-1', name: 'FinOps hook', type: 'webhook' }] },
    'GET /api/v1/alerts': { alerts: [ALERT] },
    'POST /api/v1/alert-rules/preview': { from: '2026-08-22', to: '2026-11-19', unit: 'USD', fired: ['2026-10-03', '2026-11-02'], days: Array.from({ length: 90 }, () => ({})) },
    'POST /api/v1/alert-rules': (body: unknown) => {
      const created = { ...RULE, ...(body as object), id: 'rule-2', enabled: true } as AlertRule;
      rules = [...rules, created];
      return created;
    },
    'PUT /api/v1/alert-rules/rule-1': (body: unknown) => {
      const updated = { ...(body as AlertRule), id: 'rule-1' };
      rules = rules.map((r) => (r.id === 'rule-1' ? updated : r));
      return updated;
    },
    'POST /api/v1/alert-rules/rule-1/test': { results: [{ channel: 'FinOps hook', status: 'sent' }] },
    'POST /api/v1/alert-rules/rule-1/enabled': (body: unknown) => ({ ...RULE, enabled: (body as { enabled: boolean }).enabled }),
    'POST /api/v1/alerts/alert-1/acknowledge': { ...ALERT, status: 'acknowledged' },
    'POST /api/v1/alerts/alert-1/resolve': { ...ALERT, status: 'resolved' },
  });
  render(
    <ClientProvider client={new CostwatchClient(stub.transport)}>
      <AlertRulesPage />
    </ClientProvider>
  );
  return stub;
}

describe('Alert rules page', () => {
  it('creates a rule after previewing the days it would have fired on', async () => {
    const { calls } = setup();
    expect(within(await screen.findByRole('table', { name: 'alert rules' })).getByText('Daily spend')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /New alert rule/ }));
    fireEvent.change(screen.getByLabelText('rule name'), { target: { value: 'Prod month to date' } });
    fireEvent.change(screen.getByLabelText('accounts'), { target: { value: '111111111111, 222222222222' } });
    fireEvent.change(screen.getByLabelText('condition'), { target: { value: '{"period":"month_to_date","threshold":5000}' } });
    fireEvent.click(await screen.findByLabelText('notify FinOps hook'));
    fireEvent.click(screen.getByRole('button', { name: 'Preview last 90 days' }));
    expect(await screen.findByTestId('preview')).toHaveTextContent('Would have fired on 2 of the last 90 days: 2026-10-03, 2026-11-02');
    fireEvent.click(screen.getByRole('button', { name: 'Save rule' }));
    await waitFor(() => expect(screen.queryByTestId('rule-form')).not.toBeInTheDocument());
    const body = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/alert-rules')!.body;
    expect(body).toEqual({
      name: 'Prod month to date',
      kind: 'cost_threshold',
      severity: 'warning',
      scope: { accounts: ['111111111111', '222222222222'] },
      condition: { period: 'month_to_date', threshold: 5000 },
      routes: [{ channel_id: 'ch-1' }],
    });
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'alert rules' })).getByText('Prod month to date')).toBeInTheDocument());
  });

  it('edits a rule in the prefilled form, keeping what the form does not show', async () => {
    // A disabled rule with an escalation delay, a region scope and settings the form has no field for.
    const rule: AlertRule = {
      ...RULE,
      enabled: false,
      scope: { accounts: ['111111111111'], regions: ['us-east-1'] },
      routes: [{ channel_id: 'ch-1', after_minutes: 30 }],
      description: 'kept',
      labels: { team: 'finops' },
      for_seconds: 600,
      repeat_interval_seconds: 3600,
      mute_windows: [{ days: [0, 6], start: '00:00', end: '24:00' }],
      organization_id: 'org-1',
      created_at: '2026-11-01T00:00:00.000Z',
      updated_at: '2026-11-01T00:00:00.000Z',
    };
    const { calls } = setup([rule]);
    const table = await screen.findByRole('table', { name: 'alert rules' });
    expect(within(table).getByText('period: daily, threshold: 1000')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'edit Daily spend' }));
    expect(screen.getByLabelText('rule name')).toHaveValue('Daily spend');
    expect(screen.getByLabelText('accounts')).toHaveValue('111111111111');
    expect(JSON.parse((screen.getByLabelText('condition') as HTMLTextAreaElement).value)).toEqual({ period: 'daily', threshold: 1000 });
    expect(await screen.findByLabelText('notify FinOps hook')).toBeChecked();
    fireEvent.change(screen.getByLabelText('condition'), { target: { value: '{"period":"daily","threshold":1500}' } });
    fireEvent.change(screen.getByLabelText('severity'), { target: { value: 'critical' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save rule' }));
    await waitFor(() => expect(screen.queryByTestId('rule-form')).not.toBeInTheDocument());
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/alert-rules')).toBe(false);
    expect(calls.find((c) => c.method === 'PUT')).toEqual({
      method: 'PUT',
      path: '/api/v1/alert-rules/rule-1',
      body: {
        name: 'Daily spend',
        kind: 'cost_threshold',
        severity: 'critical',
        scope: { accounts: ['111111111111'], regions: ['us-east-1'] },
        condition: { period: 'daily', threshold: 1500 },
        routes: [{ channel_id: 'ch-1', after_minutes: 30 }],
        enabled: false,
        description: 'kept',
        labels: { team: 'finops' },
        for_seconds: 600,
        repeat_interval_seconds: 3600,
        mute_windows: [{ days: [0, 6], start: '00:00', end: '24:00' }],
      },
    });
    const row = await within(screen.getByRole('table', { name: 'alert rules' })).findByText('period: daily, threshold: 1500');
    expect(row.closest('tr')).toHaveTextContent('critical');
  });

  it('refuses a condition that is not JSON, naming it', async () => {
    setup();
    fireEvent.click(await screen.findByRole('button', { name: /New alert rule/ }));
    fireEvent.change(screen.getByLabelText('rule name'), { target: { value: 'x' } });
    fireEvent.change(screen.getByLabelText('condition'), { target: { value: '{oops' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save rule' }));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('condition must be a JSON object');
  });

  it('sends a test notification, disables a rule, and acknowledges and resolves an alert', async () => {
    const { calls } = setup();
    // Each action reloads the lists: wait for the reload before the next click.
    const loads = () => calls.filter((c) => c.method === 'GET' && c.path.startsWith('/api/v1/alerts')).length;
    const reloaded = async (before: number) => {
      await waitFor(() => expect(loads()).toBeGreaterThan(before));
      await screen.findByRole('table', { name: 'alert history' });
    };
    fireEvent.click(await screen.findByRole('button', { name: 'test Daily spend' }));
    expect(await screen.findByTestId('test-results')).toHaveTextContent('Test to FinOps hook: sent');
    await screen.findByRole('table', { name: 'alert history' });
    let before = loads();
    fireEvent.click(screen.getByLabelText('enable Daily spend'));
    await reloaded(before);
    expect(calls.find((c) => c.path === '/api/v1/alert-rules/rule-1/enabled')?.body).toEqual({ enabled: false });
    before = loads();
    fireEvent.click(screen.getByRole('button', { name: 'acknowledge Daily spend' }));
    await reloaded(before);
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/alerts/alert-1/acknowledge')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'resolve Daily spend' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/alerts/alert-1/resolve')).toBe(true));
  });
});
