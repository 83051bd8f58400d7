import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { CostwatchClient } from '../../api';
import { ClientProvider } from '../../components/common';
import { stubTransport } from '../../test-utils';
import { Overview } from './Overview';

const NOW = new Date('2026-03-20T12:00:00Z');
const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** Answers like the backend: a daily total for month-to-date, per-service totals for the weeks. */
function costAnswer(body: unknown) {
  const { range, queries } = body as { range: { from: string }; queries: Array<{ granularity: string }> };
  if (queries[0]!.granularity === 'day') {
    return {
      results: {
        A: {
          frames: [
            {
              fields: [
                { name: 'time', type: 'time', values: [day('2026-03-01'), day('2026-03-02')] },
                { name: 'unblended', type: 'number', values: [100.1, 200.2] },
              ],
            },
          ],
        },
      },
    };
  }
  const recent = range.from === '2026-03-13';
  return {
    results: {
      A: {
        frames: [
          {
            fields: [
              { name: 'service', type: 'string', values: ['EC2', 'S3'] },
              { name: 'currency', type: 'string', values: ['USD', 'USD'] },
              { name: 'unblended', type: 'number', values: recent ? [700, 50] : [500, 60] },
            ],
          },
        ],
      },
    },
  };
}

function renderOverview(types: string[], extra: Record<string, unknown> = {}) {
  const { transport } = stubTransport({ 'POST /api/v1/query': costAnswer, 'GET /api/v1/query/types': { types }, ...extra });
  render(
    <ClientProvider client={new CostwatchClient(transport)}>
      <Overview now={NOW} />
    </ClientProvider>
  );
}

describe('Overview', () => {
  it('shows month-to-date spend, its daily line and top movers from the API', async () => {
    renderOverview(['cost']);
    const mtd = await screen.findByTestId('panel-mtd');
    expect(await within(mtd).findByText('$300.30')).toBeInTheDocument();
    expect(within(mtd).getByTestId('mini-chart')).toHaveAttribute('data-points', '2');
    const movers = screen.getByTestId('panel-movers');
    const rows = await within(movers).findAllByTestId('row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('EC2');
    expect(rows[0]).toHaveTextContent('+$200.00');
  });

  it('says "not available yet" for forecast, savings and anomalies the backend does not offer', async () => {
    renderOverview(['cost']);
    for (const id of ['panel-forecast', 'panel-savings', 'panel-anomalies']) {
      const panel = screen.getByTestId(id);
      expect(await within(panel).findByTestId('not-available')).toHaveTextContent(/not available yet/);
      expect(within(panel).queryByText(/\$/)).toBeNull();
    }
  });

  it('renders a type once the backend offers it', async () => {
    const { transport } = stubTransport({
      'GET /api/v1/query/types': { types: ['cost', 'savings'] },
      'POST /api/v1/query': (body: unknown) =>
        (body as { queries: Array<{ type: string }> }).queries[0]!.type === 'savings'
          ? { results: { A: { frames: [{ fields: [{ name: 'check', type: 'string', values: ['idle EBS', 'old snapshots'] }, { name: 'estimatedMonthlySavings', type: 'number', values: [12.5, 7.25] }] }] } } }
          : costAnswer(body),
    });
    render(
      <ClientProvider client={new CostwatchClient(transport)}>
        <Overview now={NOW} />
      </ClientProvider>
    );
    const panel = screen.getByTestId('panel-savings');
    expect(await within(panel).findByText('$19.75')).toBeInTheDocument();
    expect(within(panel).getAllByTestId('row')).toHaveLength(2);
  });
});
