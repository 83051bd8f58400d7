import { describe, expect, it } from 'vitest';
import { budgetOutlook, periodBounds } from './index.js';

describe('budget periods', () => {
  it('monthly, quarterly and annual bounds, with a fiscal anchor', () => {
    expect(periodBounds('monthly', '2025-02-14')).toEqual({ from: '2025-02-01', to: '2025-03-01' });
    expect(periodBounds('quarterly', '2025-02-14')).toEqual({ from: '2025-01-01', to: '2025-04-01' });
    expect(periodBounds('quarterly', '2025-02-14', '2024-02-01')).toEqual({ from: '2025-02-01', to: '2025-05-01' });
    expect(periodBounds('annual', '2025-02-14')).toEqual({ from: '2025-01-01', to: '2026-01-01' });
    expect(periodBounds('annual', '2025-02-14', '2020-04-01')).toEqual({ from: '2024-04-01', to: '2025-04-01' });
  });
  it('outlook: actual + forecast sum with the sum interval and overrun probability', () => {
    // 10 days left, white noise σ = 10 a day: sd of the sum = 10·√10.
    const o = budgetOutlook({
      amount: 2000,
      period: { from: '2025-02-01', to: '2025-03-01' },
      actual: 1800,
      forecastStart: '2025-02-19',
      forecast: { mean: new Array(30).fill(20), psi: [1, ...new Array(29).fill(0)], sigma2: 100 },
    });
    expect(o.forecast.mean).toBe(2000);
    expect(o.forecast.sd).toBeCloseTo(Math.sqrt(1000), 9);
    expect(o.overrunProbability).toBeCloseTo(0.5, 6);
    expect(o.utilisation).toBeCloseTo(0.9, 12);
    expect(o.variance).toBe(0);
    expect(o.forecast.lo95).toBeGreaterThanOrEqual(1800);
  });
});
