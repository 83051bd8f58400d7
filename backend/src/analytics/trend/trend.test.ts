import { describe, expect, it } from 'vitest';
import { analyzeTrend, linearRegression, movingAverage } from './index.js';

describe('trend', () => {
  it('moving averages are trailing and null until the window is full', () => {
    expect(movingAverage([1, 2, 3, 4], 2)).toEqual([null, 1.5, 2.5, 3.5]);
  });
  it('regression recovers an exact line with zero error', () => {
    const r = linearRegression([3, 5, 7, 9, 11]);
    expect(r.slope).toBeCloseTo(2, 12);
    expect(r.intercept).toBeCloseTo(3, 12);
    expect(r.stderr).toBeCloseTo(0, 12);
    expect(r.significant).toBe(true);
  });
  it('slope confidence interval matches the textbook value', () => {
    // y = 1,3,2,5,4: slope 0.8, SSE 3.6, Sxx 10 → se = √(3.6/3/10) = 0.3464; t(3) = 3.182.
    const r = linearRegression([1, 3, 2, 5, 4]);
    expect(r.slope).toBeCloseTo(0.8, 12);
    expect(r.stderr).toBeCloseTo(Math.sqrt(0.12), 10);
    expect(r.ci95[1]).toBeCloseTo(0.8 + 3.182 * Math.sqrt(0.12), 1);
    expect(r.significant).toBe(false);
  });
  it('month over month, month to date and year over year on calendar months', () => {
    // 2024-01-01 … 2025-03-10 (exclusive): every day of month M (0-based from Jan 2024) costs M+1.
    const start = '2024-01-01';
    const values: number[] = [];
    for (let d = new Date(Date.UTC(2024, 0, 1)); d < new Date(Date.UTC(2025, 2, 10)); d.setUTCDate(d.getUTCDate() + 1)) {
      values.push((d.getUTCFullYear() - 2024) * 12 + d.getUTCMonth() + 1);
    }
    const t = analyzeTrend(start, values);
    expect(t.monthOverMonth!.current).toEqual({ from: '2025-02-01', to: '2025-03-01', total: 14 * 28 });
    expect(t.monthOverMonth!.previous.total).toBe(13 * 31);
    expect(t.monthToDate!.current.total).toBe(15 * 9);
    expect(t.monthToDate!.previous).toEqual({ from: '2025-02-01', to: '2025-02-10', total: 14 * 9 });
    expect(t.yearOverYear!.previous).toEqual({ from: '2024-02-01', to: '2024-03-01', total: 2 * 29 });
    expect(t.yearOverYear!.change).toBeCloseTo((14 * 28 - 58) / 58, 12);
    expect(t.ma7.at(-1)).toBe(15);
  });
  it('year over year is null without a year of history', () => {
    expect(analyzeTrend('2025-01-01', new Array(60).fill(1)).yearOverYear).toBeNull();
  });
});
