import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Queryable } from '../store/queryable.js';
import { SENDERS, type DeliveryResult, type NotificationPayload, type Sender } from './channels/index.js';
import type { Channel, ChannelType } from './model.js';
import { openChannelSecret } from './secrets.js';

export type { NotificationPayload };

/**
 * The delivery outbox. The evaluator inserts rows in the same transaction as the state change;
 * the worker claims due rows with a lease (SKIP LOCKED, so several workers never send one row
 * twice at once), sends, and records every attempt. A process that dies mid-send leaves a
 * 'sending' row whose lease expires and is claimed again: at-least-once, and the
 * idempotency key (alert, transition, channel) lets receivers drop the rare duplicate.
 */
export interface OutboxOptions {
  now?: () => Date;
  maxAttempts?: number;
  /** First retry delay; doubles per attempt up to maxBackoffMs, with ±20 % jitter. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  leaseMs?: number;
  batch?: number;
  timeoutMs?: number;
  senders?: Partial<Record<ChannelType, Sender>>;
}

export function backoffMs(attempt: number, base = 5_000, max = 3_600_000, rand = Math.random): number {
  const raw = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * rand()));
}

export async function enqueueNotifications(
  tx: Queryable,
  orgId: string,
  items: { alertId: string | null; channel: Channel; event: string; seq: number; payload: NotificationPayload; key?: string }[],
  now: Date = new Date(),
): Promise<number> {
  if (!items.length) return 0;
  const { rowCount } = await tx.query(
    `INSERT INTO alert_notifications (organization_id, alert_id, channel_id, channel_type, channel_target, idempotency_key, payload, event,
                                      next_attempt_at, created_at)
     SELECT $1, u.alert_id, u.channel_id, u.channel_type, u.target, u.key, u.payload, u.event, $9::timestamptz, $9::timestamptz
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[])
         AS u(alert_id, channel_id, channel_type, target, key, payload, event)
     ON CONFLICT (organization_id, idempotency_key) DO NOTHING`,
    [
      orgId,
      items.map((i) => i.alertId),
      items.map((i) => i.channel.id),
      items.map((i) => i.channel.type),
      items.map((i) => i.channel.name),
      items.map((i) => i.key ?? `${i.alertId}:${i.seq}:${i.channel.id}`),
      items.map((i) => JSON.stringify({ ...i.payload, event: i.event })),
      items.map((i) => i.event),
      now.toISOString(),
    ],
  );
  return rowCount;
}

interface ClaimedRow {
  id: string;
  organization_id: string;
  channel_id: string;
  idempotency_key: string;
  payload: NotificationPayload;
  attempts: number;
}

export class Outbox {
  private readonly limiters = new Map<string, { points: number; limiter: RateLimiterMemory }>();
  private readonly o: Required<Omit<OutboxOptions, 'senders'>> & { senders: Record<ChannelType, Sender> };

  constructor(private readonly db: Queryable, opts: OutboxOptions = {}) {
    this.o = {
      now: opts.now ?? (() => new Date()),
      maxAttempts: opts.maxAttempts ?? 12,
      baseBackoffMs: opts.baseBackoffMs ?? 5_000,
      maxBackoffMs: opts.maxBackoffMs ?? 3_600_000,
      leaseMs: opts.leaseMs ?? 120_000,
      batch: opts.batch ?? 100,
      timeoutMs: opts.timeoutMs ?? 10_000,
      senders: { ...SENDERS, ...opts.senders },
    };
  }

  /** Claims and sends due rows until none is due; returns what happened. */
  async drain(max = Infinity): Promise<{ sent: number; failed: number; dead: number; deferred: number }> {
    const total = { sent: 0, failed: 0, dead: 0, deferred: 0 };
    while (total.sent + total.failed + total.dead < max) {
      const rows = await this.claim();
      if (!rows.length) break;
      const channels = await this.channels(rows);
      const results = await Promise.all(rows.map((r) => this.deliver(r, channels.get(r.channel_id))));
      for (const r of results) total[r]++;
      if (results.every((r) => r === 'deferred')) break;
    }
    return total;
  }

  private async claim(): Promise<ClaimedRow[]> {
    const now = this.o.now();
    const { rows } = await this.db.query<ClaimedRow>(
      `UPDATE alert_notifications n SET status = 'sending', attempts = n.attempts + 1, lease_until = $2::timestamptz, updated_at = $1::timestamptz
        WHERE n.id IN (
          SELECT id FROM alert_notifications
           WHERE channel_id IS NOT NULL
             AND ((status IN ('pending', 'failed') AND next_attempt_at <= $1::timestamptz) OR (status = 'sending' AND lease_until < $1::timestamptz))
           ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING n.id, n.organization_id, n.channel_id, n.idempotency_key, n.payload, n.attempts`,
      [now.toISOString(), new Date(now.getTime() + this.o.leaseMs).toISOString(), this.o.batch],
    );
    return rows;
  }

  private async channels(rows: ClaimedRow[]): Promise<Map<string, Channel>> {
    const ids = [...new Set(rows.map((r) => r.channel_id))];
    const { rows: chans } = await this.db.query<Channel>(
      'SELECT id, organization_id, name, type, config, secret_enc, rate_limit_per_minute, enabled FROM notification_channels WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(chans.map((c) => [c.id, c]));
  }

  /** Per-channel token bucket (per process): over the limit, the row waits without using an attempt. */
  private async take(ch: Channel): Promise<number> {
    let l = this.limiters.get(ch.id);
    if (!l || l.points !== ch.rate_limit_per_minute) {
      l = { points: ch.rate_limit_per_minute, limiter: new RateLimiterMemory({ points: ch.rate_limit_per_minute, duration: 60 }) };
      this.limiters.set(ch.id, l);
    }
    try {
      await l.limiter.consume(ch.id);
      return 0;
    } catch (res) {
      return (res as { msBeforeNext?: number }).msBeforeNext ?? 1000;
    }
  }

  private async deliver(row: ClaimedRow, channel: Channel | undefined): Promise<'sent' | 'failed' | 'dead' | 'deferred'> {
    if (channel) {
      const wait = await this.take(channel);
      if (wait > 0) {
        await this.db.query(
          `UPDATE alert_notifications SET status = 'pending', attempts = attempts - 1, lease_until = NULL, next_attempt_at = $2::timestamptz WHERE id = $1`,
          [row.id, new Date(this.o.now().getTime() + wait).toISOString()],
        );
        return 'deferred';
      }
    }
    const started = Date.now();
    const result = await this.send(row, channel);
    return this.record(row, result, Date.now() - started);
  }

  private async send(row: ClaimedRow, channel: Channel | undefined): Promise<DeliveryResult> {
    if (!channel) return { ok: false, retryable: false, error: 'channel deleted' };
    if (!channel.enabled) return { ok: false, retryable: false, error: 'channel disabled' };
    try {
      const secret = channel.secret_enc ? await openChannelSecret(this.db, channel.organization_id, channel.secret_enc) : undefined;
      const sender = this.o.senders[channel.type];
      return await sender({ payload: row.payload, channel, secret, idempotencyKey: row.idempotency_key, now: this.o.now(), signal: AbortSignal.timeout(this.o.timeoutMs) });
    } catch (err) {
      return { ok: false, retryable: true, error: (err as Error).message };
    }
  }

  private async record(row: ClaimedRow, r: DeliveryResult, ms: number, retry = true): Promise<'sent' | 'failed' | 'dead'> {
    const now = this.o.now();
    const outcome = r.ok ? 'sent' : !retry || !r.retryable || row.attempts >= this.o.maxAttempts ? 'dead' : 'failed';
    const next = new Date(now.getTime() + backoffMs(row.attempts, this.o.baseBackoffMs, this.o.maxBackoffMs));
    await this.db.query(
      `UPDATE alert_notifications SET status = $2, response_code = $3, last_error = $4, lease_until = NULL, updated_at = $5::timestamptz,
              sent_at = CASE WHEN $2 = 'sent' THEN $5::timestamptz ELSE sent_at END, next_attempt_at = $6::timestamptz
        WHERE id = $1`,
      [row.id, outcome, r.status ?? null, r.error?.slice(0, 1000) ?? null, now.toISOString(), next.toISOString()],
    );
    await this.db.query(
      `INSERT INTO alert_notification_attempts (organization_id, notification_id, attempt, at, ok, response_code, error, duration_ms)
       VALUES ($1, $2, $3, $4::timestamptz, $5, $6, $7, $8)`,
      [row.organization_id, row.id, row.attempts, now.toISOString(), r.ok, r.status ?? null, r.error?.slice(0, 1000) ?? null, ms],
    );
    return outcome;
  }

  /** Test send: one outbox row (recorded like any other) delivered at once. */
  async sendTest(orgId: string, channel: Channel, payload: NotificationPayload): Promise<{ id: string; status: string; error?: string; response_code?: number }> {
    const key = `test:${channel.id}:${Date.now()}:${Math.random().toString(36).slice(2, 8)}`;
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO alert_notifications (organization_id, alert_id, channel_id, channel_type, channel_target, idempotency_key, payload, event, status, attempts, lease_until)
       VALUES ($1, NULL, $2, $3, $4, $5, $6::jsonb, 'test', 'sending', 1, $7::timestamptz) RETURNING id`,
      [orgId, channel.id, channel.type, channel.name, key, JSON.stringify(payload), new Date(this.o.now().getTime() + this.o.leaseMs).toISOString()],
    );
    const row: ClaimedRow = { id: rows[0]!.id, organization_id: orgId, channel_id: channel.id, idempotency_key: key, payload, attempts: 1 };
    const started = Date.now();
    const r = await this.send(row, channel);
    // A failed test is reported to the caller, never retried in the background.
    const status = await this.record(row, r, Date.now() - started, false);
    return { id: row.id, status, error: r.error, response_code: r.status };
  }
}
