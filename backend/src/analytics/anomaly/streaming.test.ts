import { describe, expect, it } from 'vitest';
import { detectStream, STREAMING_DEFAULTS, StreamingDetector } from './streaming.js';

/** A daily-cycle signal (288 points a day, as NAB's 5-minute files) with small deterministic noise. */
function cycle(n: number): number[] {
  return Array.from({ length: n }, (_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / 288) + 0.5 * Math.sin(i * 12.9898));
}

describe('streaming detector', () => {
  it('scores in [0, 1] and raises its highest score at an injected spike, not on the repeating cycle', () => {
    const values = cycle(2000);
    for (let i = 1500; i < 1510; i++) values[i] = values[i]! + 60;
    const scores = detectStream(values);
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    const top = scores.indexOf(Math.max(...scores));
    expect(top).toBeGreaterThanOrEqual(1500);
    expect(top).toBeLessThan(1512);
    expect(Math.max(...scores.slice(600, 1500))).toBeLessThan(0.8);
    expect(scores[top]).toBeGreaterThanOrEqual(0.8);
  });

  it('is causal: changing later points never changes earlier scores', () => {
    const a = cycle(900);
    const b = [...a];
    for (let i = 700; i < 900; i++) b[i] = b[i]! * 3;
    const sa = detectStream(a);
    const sb = detectStream(b);
    expect(sb.slice(0, 700)).toEqual(sa.slice(0, 700));
    expect(sb.slice(700)).not.toEqual(sa.slice(700));
  });

  it('raises one alarm per event: points right after an alarm are damped', () => {
    const d = new StreamingDetector({ warmup: 50 });
    const values = cycle(1200);
    for (let i = 1000; i < 1100; i++) values[i] = 200;
    const scores = values.map((v) => d.update(v));
    const alarms = scores.map((s, i) => (s >= 0.8 ? i : -1)).filter((i) => i >= 1000);
    expect(alarms.length).toBeGreaterThanOrEqual(1);
    expect(alarms.filter((i) => i > alarms[0]! && i <= alarms[0]! + STREAMING_DEFAULTS.refractory)).toEqual([]);
  });
});
