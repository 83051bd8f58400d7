import { describe, expect, it } from 'vitest';
import { refreshAhead } from './refresh-ahead.js';

describe('refreshAhead', () => {
  it('runs one load per key at a time and forgets failures', async () => {
    const inFlight = new Set<string>();
    let runs = 0;
    let release!: () => void;
    const slow = () => new Promise<void>((r) => ((runs += 1), (release = r)));
    refreshAhead(inFlight, 'a', slow);
    refreshAhead(inFlight, 'a', slow);
    expect(runs).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(inFlight.has('a')).toBe(false);
    refreshAhead(inFlight, 'a', () => Promise.reject(new Error('store down')));
    await new Promise((r) => setTimeout(r, 0));
    expect(inFlight.has('a')).toBe(false);
    refreshAhead(inFlight, 'a', slow);
    expect(runs).toBe(2);
  });
});
