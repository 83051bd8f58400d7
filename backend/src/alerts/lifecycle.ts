import type { AlertStatus, MuteWindow, Route } from './model.js';

/**
 * The alert lifecycle as a pure function: current state + one evaluation → next state and
 * the notifications to enqueue. pending → firing (after for_seconds) → acknowledged (by a
 * person) → resolved. Flap protection: a firing alert resolves only after `resolveAfter`
 * consecutive clear evaluations, and a pending one that clears never notifies anyone.
 */
export interface AlertState {
  status: AlertStatus;
  startedAt: Date;
  firedAt: Date | null;
  clearCount: number;
  lastNotifiedAt: Date | null;
  escalatedMinutes: number;
  seq: number;
}

export type NotifyEvent = 'firing' | 'repeat' | 'escalation' | 'resolved';

export interface Step {
  /** undefined: no alert exists and none starts. */
  next?: AlertState;
  /** Status change to record in history (from → to). */
  transition?: { from: AlertStatus | null; to: AlertStatus };
  notify: { event: NotifyEvent; channelIds: string[] }[];
}

export interface RuleTiming {
  for_seconds: number;
  repeat_interval_seconds: number;
  routes: Route[];
  mute_windows: MuteWindow[];
}

export function isMuted(windows: MuteWindow[], now: Date): boolean {
  const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
  return windows.some((w) => {
    const s = Number(w.start.slice(0, 2)) * 60 + Number(w.start.slice(3));
    const e = Number(w.end.slice(0, 2)) * 60 + Number(w.end.slice(3));
    const today = w.days.includes(now.getUTCDay());
    if (s <= e) return today && minute >= s && minute < e;
    // Crosses midnight: the evening belongs to the listed day, the early hours to the next.
    const yesterday = w.days.includes((now.getUTCDay() + 6) % 7);
    return (today && minute >= s) || (yesterday && minute < e);
  });
}

const immediate = (r: RuleTiming) => r.routes.filter((x) => x.after_minutes === 0).map((x) => x.channel_id);

export function step(prev: AlertState | undefined, firing: boolean, now: Date, rule: RuleTiming, resolveAfter = 2): Step {
  const muted = isMuted(rule.mute_windows, now);
  if (!prev) {
    if (!firing) return { notify: [] };
    const pending: AlertState = { status: 'pending', startedAt: now, firedAt: null, clearCount: 0, lastNotifiedAt: null, escalatedMinutes: 0, seq: 0 };
    if (rule.for_seconds > 0) return { next: pending, transition: { from: null, to: 'pending' }, notify: [] };
    return fire(pending, now, rule, muted, null);
  }
  if (prev.status === 'resolved') return { next: prev, notify: [] };
  if (prev.status === 'pending') {
    if (!firing) return { next: { ...prev, status: 'resolved' }, transition: { from: 'pending', to: 'resolved' }, notify: [] };
    if (now.getTime() - prev.startedAt.getTime() >= rule.for_seconds * 1000) return fire(prev, now, rule, muted, 'pending');
    return { next: prev, notify: [] };
  }
  // firing or acknowledged
  if (!firing) {
    const clearCount = prev.clearCount + 1;
    if (clearCount < resolveAfter) return { next: { ...prev, clearCount }, notify: [] };
    const next: AlertState = { ...prev, status: 'resolved', clearCount, seq: prev.seq + 1 };
    // Resolved goes to every channel that heard of the alert, even in a mute window, so no
    // receiver keeps a stale firing alert.
    const heard = prev.lastNotifiedAt ? notifiedChannels(rule, prev.escalatedMinutes) : [];
    return { next, transition: { from: prev.status, to: 'resolved' }, notify: heard.length ? [{ event: 'resolved', channelIds: heard }] : [] };
  }
  const next: AlertState = { ...prev, clearCount: 0 };
  if (prev.status === 'acknowledged' || muted) return { next, notify: [] };
  const notify: Step['notify'] = [];
  const firedAt = prev.firedAt ?? now;
  const due = rule.routes.filter((r) => r.after_minutes > prev.escalatedMinutes && now.getTime() - firedAt.getTime() >= r.after_minutes * 60_000);
  if (prev.lastNotifiedAt === null) {
    // The first notification was muted: send it now.
    notify.push({ event: 'firing', channelIds: immediate(rule) });
  } else if (now.getTime() - prev.lastNotifiedAt.getTime() >= rule.repeat_interval_seconds * 1000) {
    notify.push({ event: 'repeat', channelIds: immediate(rule) });
  }
  if (due.length) {
    notify.push({ event: 'escalation', channelIds: due.map((r) => r.channel_id) });
    next.escalatedMinutes = Math.max(...due.map((r) => r.after_minutes));
  }
  const real = notify.filter((n) => n.channelIds.length);
  if (real.length) {
    next.seq = prev.seq + 1;
    next.lastNotifiedAt = now;
  }
  return { next, notify: real };
}

function fire(prev: AlertState, now: Date, rule: RuleTiming, muted: boolean, from: AlertStatus | null): Step {
  const channels = immediate(rule);
  const send = !muted && channels.length > 0;
  const next: AlertState = { ...prev, status: 'firing', firedAt: now, clearCount: 0, seq: prev.seq + 1, lastNotifiedAt: send ? now : null };
  return { next, transition: { from, to: 'firing' }, notify: send ? [{ event: 'firing', channelIds: channels }] : [] };
}

function notifiedChannels(rule: RuleTiming, escalatedMinutes: number): string[] {
  return [...new Set(rule.routes.filter((r) => r.after_minutes <= escalatedMinutes).map((r) => r.channel_id))];
}
