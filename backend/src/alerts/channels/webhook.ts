import { createHmac, timingSafeEqual } from 'node:crypto';
import { postJson, type Sender } from './types.js';

/**
 * Generic webhook. Receivers verify `X-CostWatch-Signature: sha256=<hex>` computed as
 * HMAC-SHA256(secret, `${timestamp}.${body}`) and reject timestamps older than a few minutes
 * (replay); `Idempotency-Key` lets them drop redeliveries.
 */
export const SIGNATURE_HEADER = 'x-costwatch-signature';
export const TIMESTAMP_HEADER = 'x-costwatch-timestamp';

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): constant-time check plus a replay window in seconds. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string, nowMs = Date.now(), toleranceSeconds = 300): boolean {
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > toleranceSeconds) return false;
  const want = Buffer.from(sign(secret, timestamp, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

export const sendWebhook: Sender = async ({ payload, channel, secret, idempotencyKey, now, signal }) => {
  const body = JSON.stringify({ version: 1, idempotency_key: idempotencyKey, ...payload });
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const headers: Record<string, string> = { 'Idempotency-Key': idempotencyKey, [TIMESTAMP_HEADER]: timestamp };
  if (secret) headers[SIGNATURE_HEADER] = sign(secret, timestamp, body);
  return postJson(String(channel.config.url), body, headers, signal);
};
