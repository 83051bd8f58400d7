import { describe, expect, it } from 'vitest';
import { coverage, mase, maseScale, owa, smape } from './metrics.js';

// Hand-checked example: insample 10,12,11,13 has naive scale (2+1+2)/3 = 5/3; actual 14,15
// against forecast 13,13 has MAE 1.5 and sMAPE (200·1/27 + 200·2/28)/2.
// actual 14,15 vs forecast 13,13: sMAPE = (200·1/27 + 200·2/28)/2 = 3.7037 + 7.1429 → 10.8466/… see below.
describe('M4 metrics', () => {
  it('sMAPE is the mean of 200|y−f|/(|y|+|f|)', () => {
    expect(smape([14, 15], [13, 13])).toBeCloseTo((200 / 27 + 400 / 28) / 2, 10);
    expect(smape([0], [0])).toBe(0);
  });
  it('MASE scales the MAE by the in-sample lag-m MAE', () => {
    expect(maseScale([10, 12, 11, 13], 1)).toBeCloseTo(5 / 3, 12);
    expect(mase([10, 12, 11, 13], [14, 15], [13, 13], 1)).toBeCloseTo(1.5 / (5 / 3), 12);
    expect(maseScale([1, 2, 3, 1, 2, 4], 3)).toBeCloseTo(1 / 3, 12);
  });
  it('OWA averages the ratios to Naive2; Naive2 itself scores 1', () => {
    expect(owa({ smape: 9.161, mase: 2.777 }, { smape: 9.161, mase: 2.777 })).toBe(1);
    expect(owa({ smape: 9.093, mase: 2.637 }, { smape: 9.161, mase: 2.777 })).toBeCloseTo(0.971, 3); // Theta, M4 Weekly
  });
  it('coverage counts values inside closed bounds', () => {
    expect(coverage([1, 2, 3, 4], [0, 2, 4, 0], [1, 3, 5, 3])).toBe(0.5);
  });
});
