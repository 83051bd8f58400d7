import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CostwatchClient } from '../../api';
import { ClientProvider } from '../../components/common';
import { stubTransport } from '../../test-utils';
import type { Recommendation } from './api';
import { consoleUrl } from './Detail';
import { RecommendationsPage } from './RecommendationsPage';

function rec(id: string, title: string, savings: string, extra: Partial<Recommendation> = {}): Recommendation {
  return {
    id,
    checkId: id.startsWith('r-eip') ? 'eip-unassociated' : 'ec2-idle',
    title,
    action: 'Do the thing.',
    why: 'Because it costs money.',
    resource: { key: `111/us-east-1/ec2_instance/${id}-res`, id: `uuid-${id}`, type: 'ec2_instance', resourceId: `${id}-res`, name: null, arn: null },
    accountId: '111111111111',
    region: 'us-east-1',
    service: 'AmazonEC2',
    estimatedMonthlySavings: savings,
    currency: 'USD',
    pricingBasis: { hourly: 0.096, hours: 730, formula: 'hourly x 730' },
    evidence: { idleDays: ['2026-11-20'] },
    confidence: 'high',
    status: 'open',
    dismissReason: null,
    firstDetectedAt: '2026-11-20T00:00:00.000Z',
    lastDetectedAt: '2026-11-26T00:00:00.000Z',
    resolvedAt: null,
    ...extra,
  };
}

const SUMMARY = {
  currency: 'USD',
  count: 2,
  total: '73.730000',
  byAccount: [{ key: '111111111111', count: 2, savings: '73.730000' }],
  byService: [{ key: 'AmazonEC2', count: 2, savings: '73.730000' }],
  byCheck: [
    { key: 'ec2-idle', title: 'Idle EC2 instance', count: 1, savings: '70.080000' },
    { key: 'eip-unassociated', title: 'Unassociated Elastic IP', count: 1, savings: '3.650000' },
  ],
};

function setup(overrides: Record<string, unknown> = {}) {
  const items = [rec('r-idle', 'Idle EC2 instance', '70.080000'), rec('r-eip', 'Unassociated Elastic IP', '3.650000')];
  const stub = stubTransport({
    'GET /api/v1/recommendations': { items, total: items.length },
    'GET /api/v1/recommendations/summary': SUMMARY,
    'GET /api/v1/recommendations/r-idle': {
      ...items[0],
      utilization: { CPUUtilization: [1, 2, 3].map((d) => ({ date: `2026-11-2${d}`, avg: 1, max: 3 })), NetworkIn: [] },
    },
    'POST /api/v1/recommendations/r-idle/dismiss': (body: unknown) => ({ ...items[0], status: 'dismissed', dismissReason: (body as { reason: string }).reason }),
    'POST /api/v1/recommendations/r-idle/reopen': { ...items[0] },
    ...overrides,
  });
  render(
    <ClientProvider client={new CostwatchClient(stub.transport)}>
      <RecommendationsPage />
    </ClientProvider>
  );
  return stub;
}

const lastList = (calls: Array<{ method: string; path: string }>) => calls.filter((c) => c.method === 'GET' && c.path.startsWith('/api/v1/recommendations?')).at(-1)!.path;

describe('Recommendations page', () => {
  it('shows the potential savings and the list sorted by savings, largest first', async () => {
    const { calls } = setup();
    const rows = await screen.findAllByTestId('row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Idle EC2 instance');
    expect(rows[0]).toHaveTextContent('$70.08');
    expect(await screen.findByText('$73.73 / month')).toBeInTheDocument();
    expect(lastList(calls)).toContain('sort=savings');
    expect(lastList(calls)).toContain('order=desc');
    expect(lastList(calls)).toContain('status=open');
  });

  it('sends the filters and the sort order to the backend', async () => {
    const { calls } = setup();
    await screen.findAllByTestId('row');
    fireEvent.change(screen.getByLabelText('status'), { target: { value: 'dismissed' } });
    await waitFor(() => expect(lastList(calls)).toContain('status=dismissed'));
    fireEvent.change(await screen.findByLabelText('check'), { target: { value: 'eip-unassociated' } });
    await waitFor(() => expect(lastList(calls)).toContain('check=eip-unassociated'));
    fireEvent.change(screen.getByLabelText('search'), { target: { value: 'vol-1' } });
    await waitFor(() => expect(lastList(calls)).toContain('search=vol-1'));
    fireEvent.click(screen.getByRole('button', { name: /Largest savings first/ }));
    await waitFor(() => expect(lastList(calls)).toContain('order=asc'));
  });

  it('dismisses with a reason and can undo', async () => {
    const { calls } = setup();
    await screen.findAllByTestId('row');
    fireEvent.click(screen.getByRole('button', { name: 'dismiss r-idle-res' }));
    const confirm = screen.getByRole('button', { name: 'Confirm dismissal' });
    expect(confirm).toBeDisabled();
    fireEvent.change(screen.getByLabelText('dismiss reason'), { target: { value: 'batch host, busy at month end' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')).toEqual({ method: 'POST', path: '/api/v1/recommendations/r-idle/dismiss', body: { reason: 'batch host, busy at month end' } }));
    // Undo is offered on dismissed rows.
    setupDismissedRow();
    fireEvent.click(await screen.findByRole('button', { name: 'undo dismissal of r-idle-res' }));
    await waitFor(() => expect(lastPost()).toBe('/api/v1/recommendations/r-idle/reopen'));
  });

  it('shows the detail with pricing basis, evidence, a utilization sparkline and links to the resource', async () => {
    setup();
    fireEvent.click(await screen.findByRole('button', { name: 'details of r-idle-res' }));
    const detail = await screen.findByTestId('recommendation-detail');
    expect(await within(detail).findByTestId('mini-chart', {}, { timeout: 10000 })).toHaveAttribute('data-points', '3');
    expect(within(detail).getByLabelText('pricing basis')).toHaveTextContent('hourly x 730');
    expect(within(detail).getByLabelText('evidence')).toHaveTextContent('2026-11-20');
    expect(within(detail).getByText('r-idle-res in the inventory').closest('a')).toHaveAttribute('href', expect.stringContaining('/inventory?search=r-idle-res'));
    expect(within(detail).getByText('Open in the AWS console').closest('a')).toHaveAttribute('href', expect.stringContaining('InstanceDetails:instanceId=r-idle-res'));
  });

  it('says "not available yet" when the backend has no recommendations route', async () => {
    render(
      <ClientProvider client={new CostwatchClient(stubTransport({}).transport)}>
        <RecommendationsPage />
      </ClientProvider>
    );
    expect((await screen.findAllByTestId('not-available')).length).toBeGreaterThan(0);
  });
});

let posts: string[] = [];
const lastPost = () => posts.at(-1);

/** A second page instance whose only row is dismissed (Undo path). */
function setupDismissedRow() {
  posts = [];
  const dismissed = rec('r-idle', 'Idle EC2 instance', '70.080000', { status: 'dismissed', dismissReason: 'kept' });
  document.body.innerHTML = '';
  const stub = stubTransport({
    'GET /api/v1/recommendations': { items: [dismissed], total: 1 },
    'GET /api/v1/recommendations/summary': SUMMARY,
    'POST /api/v1/recommendations/r-idle/reopen': () => {
      posts.push('/api/v1/recommendations/r-idle/reopen');
      return { ...dismissed, status: 'open', dismissReason: null };
    },
  });
  render(
    <ClientProvider client={new CostwatchClient(stub.transport)}>
      <RecommendationsPage />
    </ClientProvider>
  );
}

describe('consoleUrl', () => {
  it('links S3 buckets to the global console and volumes to their region', () => {
    const base = rec('x', 't', '1');
    expect(consoleUrl({ ...base, utilization: {}, resource: { ...base.resource, type: 's3_bucket', resourceId: 'logs' } })).toBe('https://s3.console.aws.amazon.com/s3/buckets/logs');
    expect(consoleUrl({ ...base, region: 'eu-west-1', utilization: {}, resource: { ...base.resource, type: 'ebs_volume', resourceId: 'vol-1' } })).toContain('eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#VolumeDetails:volumeId=vol-1');
  });
});
