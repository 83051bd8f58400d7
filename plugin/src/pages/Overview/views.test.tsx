import React from 'react';
import { render, screen } from '@testing-library/react';
import { AnomaliesView, ForecastView } from './views';

// Frames shaped as the backend's forecast and anomalies query types answer them.
const forecastFrames = [
  {
    name: 'forecast total',
    fields: [
      { name: 'time', type: 'time' as const, values: [1, 2, 3] },
      { name: 'actual', type: 'number' as const, values: [10, null, null] },
      { name: 'mean', type: 'number' as const, values: [null, 11, 12] },
    ],
  },
  {
    name: 'period totals total',
    fields: [
      { name: 'period', type: 'string' as const, values: ['month', 'quarter'] },
      { name: 'mean', type: 'number' as const, values: [354613.77, 1000000] },
      { name: 'lo95', type: 'number' as const, values: [321334.66, 900000] },
      { name: 'hi95', type: 'number' as const, values: [387892.88, 1100000] },
    ],
  },
];

describe('ForecastView', () => {
  it('shows the month row mean with its 95 % interval and the forecast line', () => {
    render(<ForecastView frames={forecastFrames} />);
    expect(screen.getByText('$354,613.77')).toBeInTheDocument();
    expect(screen.getByText('95 % interval $321,334.66 – $387,892.88')).toBeInTheDocument();
    expect(screen.getByTestId('mini-chart')).toHaveAttribute('data-points', '2');
  });

  it('says so when the answer holds no month total', () => {
    render(<ForecastView frames={[forecastFrames[0]!]} />);
    expect(screen.getByText('No month-end forecast in the answer.')).toBeInTheDocument();
  });
});

describe('AnomaliesView', () => {
  it('counts open anomalies and lists the largest impact first', () => {
    render(
      <AnomaliesView
        frames={[
          {
            fields: [
              { name: 'service', type: 'string', values: ['EC2', 'S3'] },
              { name: 'severity', type: 'string', values: ['minor', 'critical'] },
              { name: 'impact', type: 'number', values: [10, 500] },
            ],
          },
        ]}
      />
    );
    expect(screen.getByText('2')).toBeInTheDocument();
    const rows = screen.getAllByTestId('row');
    expect(rows[0]).toHaveTextContent('S3');
    expect(rows[0]).toHaveTextContent('$500.00');
  });
});
