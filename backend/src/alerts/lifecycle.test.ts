import { describe, expect, it } from 'vitest';
import { isMuted, step, type AlertState } from './lifecycle.js';

const t0 = new Date('2026-11-20T10:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);
const rule = {
  for_seconds: 0,
  repeat_interval_seconds: 3600,
  routes: [
    { channel_id: 'a', after_minutes: 0 },
    { channel_id: 'b', after_minutes: 30 },
  ],
  mute_windows: [],
};

describe('alert lifecycle', () => {
  it('fires at once without a for-duration and notifies the immediate routes only', () => {
    const s = step(undefined, true, t0, rule);
    expect(s.next?.status).toBe('firing');
    expect(s.transition).toEqual({ from: null, to: 'firing' });
    expect(s.notify).toEqual([{ event: 'firing', channelIds: ['a'] }]);
  });

  it('stays pending for the for-duration and resolves silently when it clears before firing', () => {
    const r = { ...rule, for_seconds: 600 };
    const p = step(undefined, true, t0, r).next!;
    expect(p.status).toBe('pending');
    expect(step(p, true, at(5), r).next?.status).toBe('pending');
    const fired = step(p, true, at(10), r);
    expect(fired.next?.status).toBe('firing');
    expect(fired.notify).toHaveLength(1);
    const cleared = step(p, false, at(5), r);
    expect(cleared.next?.status).toBe('resolved');
    expect(cleared.notify).toEqual([]);
  });

  it('needs consecutive clear evaluations to resolve (flap protection) and tells the channels that heard', () => {
    const f = step(undefined, true, t0, rule).next!;
    const once = step(f, false, at(5), rule, 2);
    expect(once.next?.status).toBe('firing');
    expect(once.notify).toEqual([]);
    const back = step(once.next!, true, at(10), rule, 2);
    expect(back.next?.clearCount).toBe(0);
    const c1 = step(back.next!, false, at(15), rule, 2).next!;
    const resolved = step(c1, false, at(20), rule, 2);
    expect(resolved.next?.status).toBe('resolved');
    expect(resolved.notify).toEqual([{ event: 'resolved', channelIds: ['a'] }]);
    expect(resolved.next!.seq).toBeGreaterThan(f.seq);
  });

  it('escalates after N minutes unacknowledged, repeats after the interval, and stops both once acknowledged', () => {
    const f = step(undefined, true, t0, rule).next!;
    expect(step(f, true, at(20), rule).notify).toEqual([]);
    const esc = step(f, true, at(30), rule);
    expect(esc.notify).toEqual([{ event: 'escalation', channelIds: ['b'] }]);
    const rep = step(esc.next!, true, at(91), rule);
    expect(rep.notify).toEqual([{ event: 'repeat', channelIds: ['a'] }]);
    const acked: AlertState = { ...f, status: 'acknowledged' };
    expect(step(acked, true, at(200), rule).notify).toEqual([]);
    const resolved = step({ ...esc.next!, status: 'acknowledged', clearCount: 1 }, false, at(210), rule, 2);
    expect(resolved.notify).toEqual([{ event: 'resolved', channelIds: ['a', 'b'] }]);
  });

  it('holds notifications in a mute window and sends the firing once it ends', () => {
    const r = { ...rule, mute_windows: [{ days: [0, 1, 2, 3, 4, 5, 6], start: '09:00', end: '10:30' }] };
    const f = step(undefined, true, t0, r);
    expect(f.next?.status).toBe('firing');
    expect(f.notify).toEqual([]);
    const later = step(f.next!, true, at(31), r);
    // Past 30 minutes the escalation route is due as well.
    expect(later.notify).toEqual([
      { event: 'firing', channelIds: ['a'] },
      { event: 'escalation', channelIds: ['b'] },
    ]);
  });

  it('mute windows crossing midnight cover the early hours of the next day', () => {
    const w = [{ days: [5], start: '22:00', end: '06:00' }]; // Friday night
    expect(isMuted(w, new Date('2026-11-20T23:00:00Z'))).toBe(true); // Friday
    expect(isMuted(w, new Date('2026-11-21T05:59:00Z'))).toBe(true); // Saturday morning
    expect(isMuted(w, new Date('2026-11-21T06:00:00Z'))).toBe(false);
    expect(isMuted(w, new Date('2026-11-19T23:00:00Z'))).toBe(false); // Thursday
  });
});
