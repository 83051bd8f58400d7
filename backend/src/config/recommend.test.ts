import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.js';

describe('recommendation settings', () => {
  it('defaults and parses per-check threshold overrides', () => {
    expect(loadConfig({}).recommend).toEqual({ intervalSeconds: 60, refreshSeconds: 3600, thresholds: {}, metricsMaxAccounts: 50 });
    const c = loadConfig({ RECOMMEND_THRESHOLDS: '{"ec2-idle":{"cpuMaxPct":5}}', RECOMMEND_INTERVAL_SECONDS: '120' });
    expect(c.recommend.thresholds).toEqual({ 'ec2-idle': { cpuMaxPct: 5 } });
    expect(c.recommend.intervalSeconds).toBe(120);
  });

  it('names the variable when the thresholds are not JSON or not numbers', () => {
    expect(() => loadConfig({ RECOMMEND_THRESHOLDS: '{ec2' })).toThrow(/RECOMMEND_THRESHOLDS: must be JSON/);
    expect(() => loadConfig({ RECOMMEND_THRESHOLDS: '{"ec2-idle":{"cpuMaxPct":"low"}}' })).toThrow(/RECOMMEND_THRESHOLDS/);
  });
});
