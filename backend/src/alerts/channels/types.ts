import type { Channel } from '../model.js';

/** What the evaluator snapshots into an outbox row; channels render it at send time. */
export interface NotificationPayload {
  alert_id: string | null;
  rule_id: string | null;
  rule: string;
  kind: string;
  severity: string;
  status: 'firing' | 'resolved';
  event: string;
  summary: string;
  value: number | null;
  threshold: number | null;
  unit: 'USD' | 'percent';
  labels: Record<string, string>;
  scope: unknown;
  started_at: string;
  ended_at: string | null;
  dashboard_url: string | null;
  /** Alertmanager keeps a firing alert until endsAt; the next repeat extends it. */
  repeat_interval_seconds?: number;
}

export interface Delivery {
  payload: NotificationPayload;
  channel: Channel;
  /** Decrypted channel secret, if the channel has one. */
  secret?: string;
  idempotencyKey: string;
  now: Date;
  signal: AbortSignal;
}

export interface DeliveryResult {
  ok: boolean;
  status?: number;
  /** false: retrying cannot help (a 4xx other than 408/429, bad configuration). */
  retryable: boolean;
  error?: string;
}

export type Sender = (d: Delivery) => Promise<DeliveryResult>;

/** POST JSON and classify the answer; network errors and 5xx/408/429 are worth a retry. */
export async function postJson(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<DeliveryResult> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body, signal });
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return { ok: true, status: res.status, retryable: false };
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
    return { ok: false, status: res.status, retryable, error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { ok: false, retryable: true, error: e.cause?.code ?? e.message };
  }
}

export function title(p: NotificationPayload): string {
  const state = p.status === 'resolved' ? 'RESOLVED' : p.event === 'test' ? 'TEST' : p.severity.toUpperCase();
  return `[${state}] ${p.rule}`;
}
