import { describe, expect, it } from 'vitest';
import { decompose } from './index.js';

describe('classical decomposition', () => {
  it('separates a known trend, weekday pattern and first-of-month charge', () => {
    // 2024-01-01 is a Monday. Weekday effects Mon..Sun sum to zero; +70 on the 1st of each month.
    const effects = [10, 10, 10, 10, 10, -25, -25];
    const values: number[] = [];
    const start = '2024-01-01';
    for (let t = 0; t < 240; t++) {
      const d = new Date(Date.UTC(2024, 0, 1 + t));
      values.push(200 + 0.5 * t + effects[t % 7]! + (d.getUTCDate() === 1 ? 70 : 0));
    }
    const r = decompose(start, values);
    r.weekdayEffects.forEach((e, i) => expect(e).toBeCloseTo(effects[i]!, 0));
    expect(r.dayOfMonthEffects[0]!).toBeGreaterThan(60);
    expect(Math.abs(r.dayOfMonthEffects[14]!)).toBeLessThan(5);
    // The centred monthly effect leaves its average (70/30.4 a day) in the level.
    expect(Math.abs(r.trend[100]! - 250)).toBeLessThan(2.5);
    expect(r.strength.weekly).toBeGreaterThan(0.9);
    r.remainder.forEach((v) => v !== null && expect(Math.abs(v)).toBeLessThan(12));
  });
  it('a single spike does not become a weekday effect (median indices)', () => {
    const values = new Array(56).fill(100);
    values[30] = 5000;
    const r = decompose('2024-01-01', values);
    r.weekdayEffects.forEach((e) => expect(Math.abs(e)).toBeLessThan(1e-9));
    expect(r.dayOfMonthEffects.every((e) => e === 0)).toBe(true);
  });
});
