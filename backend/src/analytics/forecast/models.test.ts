import { describe, expect, it } from 'vitest';
import { etsForecaster } from './ets.js';
import { forecastSeries } from './race.js';
import { DAILY_SARIMA_GRID, sarimaForecaster } from './sarima.js';
import { isSeasonal, seasonalIndices, seasonalNaiveForecaster, thetaForecaster } from './simple.js';
import { gaussian, rng, syntheticCostSeries } from './synthetic.js';

const weekly = [10, 12, 14, 16, 18, 5, 4];
const periodic = Array.from({ length: 70 }, (_, t) => weekly[t % 7]!);
const line = Array.from({ length: 60 }, (_, t) => 100 + 2 * t);

describe('forecasters on series with known answers', () => {
  it('seasonal naive repeats the last season, with ψ = 1 every m steps', () => {
    const f = seasonalNaiveForecaster(7).forecast(periodic, 10);
    expect(f.mean).toEqual([...weekly, 10, 12, 14]);
    expect(f.psi).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(f.sigma2).toBe(0);
  });
  it('seasonal indices and the ACF test find a pure weekly pattern', () => {
    const idx = seasonalIndices(periodic, 7);
    const mean = weekly.reduce((a, b) => a + b, 0) / 7;
    idx.forEach((v, i) => expect(v).toBeCloseTo(weekly[i]! - mean, 9));
    expect(isSeasonal(periodic, 7)).toBe(true);
    const z = gaussian(rng(1));
    const noise = Array.from({ length: 140 }, () => z());
    expect(isSeasonal(noise, 7)).toBe(false);
  });
  it('ETS reproduces a constant and extrapolates a weekly pattern', () => {
    const c = etsForecaster(1).forecast(new Array(30).fill(5), 3);
    c.mean.forEach((v) => expect(v).toBeCloseTo(5, 6));
    const p = etsForecaster(7).forecast(periodic, 7);
    p.mean.forEach((v, i) => expect(v).toBeCloseTo(weekly[i]!, 1));
    expect(p.model).toMatch(/^ets\(A,(N|Ad),A\)$/);
  });
  it('Theta extrapolates a straight line with its drift', () => {
    const f = thetaForecaster(1).forecast(line, 5);
    // SES tracks the line (α → 1, level 218) and Theta adds half the OLS slope per step: 219, 220, …
    f.mean.forEach((v, i) => expect(v).toBeCloseTo(219 + i, 1));
  });
  it('SARIMA(0,1,1)(0,1,1)7 continues a trending weekly series', () => {
    const y = Array.from({ length: 120 }, (_, t) => 50 + 0.5 * t + weekly[t % 7]! + Math.sin(t) * 0.2);
    const f = sarimaForecaster(DAILY_SARIMA_GRID[0]!, 7).forecast(y, 7);
    f.mean.forEach((v, i) => expect(Math.abs(v - (50 + 0.5 * (120 + i) + weekly[(120 + i) % 7]!))).toBeLessThan(1.5));
    expect(f.psi[0]).toBe(1);
    expect(f.model).toBe('sarima(0,1,1)(0,1,1)7');
    expect(() => sarimaForecaster(DAILY_SARIMA_GRID[0]!, 7).forecast(y.slice(0, 10), 3)).toThrow(/at least/);
  });
});

describe('forecastSeries race', () => {
  it('picks a model by validation, orders its bands, and beats seasonal naive on synthetic costs', () => {
    const [s] = syntheticCostSeries(1, 200, 3);
    const train = s!.values.slice(0, 172);
    const f = forecastSeries(train, 28, { season: 7, nonNegative: true });
    expect(Number.isFinite(f.validationMase)).toBe(true);
    expect(Object.keys(f.candidates)).toEqual(expect.arrayContaining(['snaive', 'ets', 'theta', 'comb']));
    f.mean.forEach((m, i) => {
      expect(f.lo95[i]!).toBeLessThanOrEqual(f.lo80[i]!);
      expect(f.lo80[i]!).toBeLessThanOrEqual(m);
      expect(f.hi80[i]!).toBeLessThanOrEqual(f.hi95[i]!);
      expect(f.lo95[i]!).toBeGreaterThanOrEqual(0);
    });
    expect(f.psi).toHaveLength(28);
  });
  it('falls back to a flat forecast on a very short series and skips leading zeros', () => {
    const f = forecastSeries([0, 0, 0, 5, 5], 3, { season: 7 });
    expect(f.mean).toEqual([5, 5, 5]);
    expect(f.model).toBe('mean');
  });
});
