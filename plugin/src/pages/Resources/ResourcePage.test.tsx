import React from 'react';
import { render, screen } from '@testing-library/react';
import { ApiError, CostwatchClient } from '../../api';
import { ClientProvider } from '../../components/common';
import { stubTransport } from '../../test-utils';
import { AlertRules, Budgets, Inventory, Recommendations } from './pages';

function renderWith(page: React.ReactElement, routes: Record<string, unknown>) {
  const { transport } = stubTransport(routes);
  render(<ClientProvider client={new CostwatchClient(transport)}>{page}</ClientProvider>);
}

describe('resource pages', () => {
  it.each([
    ['Alert rules', <AlertRules key="a" />],
    ['Budgets', <Budgets key="b" />],
    ['Recommendations', <Recommendations key="r" />],
    ['Inventory', <Inventory key="i" />],
  ])('%s says "not available yet" while the backend has no route', async (title, page) => {
    renderWith(page, {});
    expect(await screen.findByTestId('not-available')).toHaveTextContent(`${title}: not available yet`);
  });

  it('lists budgets with the preferred columns first', async () => {
    renderWith(<Budgets />, {
      'GET /api/v1/budgets': { budgets: [{ id: 'b1', organizationId: 'o', name: 'Platform', amount: 1000, period: 'monthly', nested: { x: 1 } }] },
    });
    const rows = await screen.findAllByTestId('row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('Platform');
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['name', 'amount', 'period']);
  });

  it('falls back to the next route and shows real errors', async () => {
    renderWith(<AlertRules />, { 'GET /api/v1/rules': () => new ApiError(403, 'forbidden', 'role viewer may not read rules') });
    expect(await screen.findByText('role viewer may not read rules')).toBeInTheDocument();
  });
});

describe('cellText', () => {
  it('shows money columns as currency and leaves others alone', () => {
    const { cellText } = jest.requireActual('./list');
    expect(cellText('412.000000', 'monthlyCost')).toBe('$412.00');
    expect(cellText(12.5, 'estimatedMonthlySavings')).toBe('$12.50');
    expect(cellText('111111111111', 'accountId')).toBe('111111111111');
    expect(cellText(null, 'x')).toBe('');
  });
});
