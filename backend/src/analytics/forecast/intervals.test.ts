import { describe, expect, it } from 'vitest';
import { gaussianInterval, probabilityAbove, stepVariances, sumInterval, sumVariance } from './intervals.js';
import { normalCdf, Z80, Z95 } from './normal.js';
import { gaussian, rng } from './synthetic.js';

describe('forecast error algebra', () => {
  it('step variances accumulate ψ²', () => {
    expect(stepVariances([1, 1, 1], 2)).toEqual([2, 4, 6]);
    expect(stepVariances([1, 0.5], 4)).toEqual([4, 5]);
  });
  it('sum of a random walk (ψ ≡ 1) over 3 days has variance (3²+2²+1²)σ²', () => {
    expect(sumVariance([1, 1, 1], 1, 1, 3)).toBeCloseTo(14, 12);
  });
  it('sum of white noise (ψ = 1,0,0) over 3 days has variance 3σ², not (3σ)²', () => {
    expect(sumVariance([1, 0, 0], 2, 1, 3)).toBeCloseTo(6, 12);
  });
  it('a window a..b counts only the innovations that reach it', () => {
    // Random walk, days 2..3: e2 = ε1+ε2, e3 = ε1+ε2+ε3 → sum = 2ε1 + 2ε2 + ε3 → 9σ².
    expect(sumVariance([1, 1, 1], 1, 2, 3)).toBeCloseTo(9, 12);
    expect(sumVariance([1, 1, 1], 1, 3, 2)).toBe(0);
  });
  it('sum interval adds the offset and floors at it for costs', () => {
    const iv = sumInterval({ mean: [10, 10], psi: [1, 0], sigma2: 100 }, 1, 2, 50, true);
    expect(iv.mean).toBe(70);
    expect(iv.sd).toBeCloseTo(Math.sqrt(200), 12);
    expect(iv.lo95).toBeCloseTo(Math.max(50, 70 - Z95 * Math.sqrt(200)), 12);
    expect(iv.hi80).toBeCloseTo(70 + Z80 * Math.sqrt(200), 12);
  });
  it('normal quantiles and tail probabilities agree', () => {
    expect(normalCdf(Z95)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-Z80)).toBeCloseTo(0.1, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(probabilityAbove(100, 10, 100)).toBeCloseTo(0.5, 6);
    expect(probabilityAbove(100, 10, 100 + Z95 * 10)).toBeCloseTo(0.025, 6);
    expect(probabilityAbove(100, 0, 99)).toBe(1);
    expect(gaussianInterval(1, 10, true).lo80).toBe(0);
  });
  it('the variance of a 10-day total matches simulated sample paths of SES (ψ_j = α)', () => {
    // Local level model: y_t = l_{t-1} + ε_t, l_t = l_{t-1} + α ε_t; the forecast is l_T for every day.
    const alpha = 0.3;
    const sigma = 2;
    const z = gaussian(rng(11));
    const paths = 20000;
    let sum2 = 0;
    for (let p = 0; p < paths; p++) {
      let level = 0;
      let err = 0;
      for (let h = 1; h <= 10; h++) {
        const e = sigma * z();
        err += level + e; // y_{T+h} − l_T
        level += alpha * e;
      }
      sum2 += err * err;
    }
    const psi = [1, ...new Array(9).fill(alpha)];
    const exact = sumVariance(psi, sigma * sigma, 1, 10);
    expect(sum2 / paths / exact).toBeGreaterThan(0.96);
    expect(sum2 / paths / exact).toBeLessThan(1.04);
    // Summing the daily standard deviations (as if days were perfectly correlated) is far wider.
    const sumOfSd = stepVariances(psi, sigma * sigma).reduce((a, v) => a + Math.sqrt(v), 0);
    expect(sumOfSd ** 2).toBeGreaterThan(1.3 * exact);
  });
});
