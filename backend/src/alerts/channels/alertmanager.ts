import { postJson, type Sender } from './types.js';

/**
 * Prometheus Alertmanager v2: POST /api/v2/alerts with labels, annotations, startsAt and
 * endsAt. Alertmanager resolves an alert at endsAt, so a firing alert is sent with endsAt one
 * repeat interval (+15 min) ahead, and every repeat extends it; a resolution sets endsAt now.
 */
export const sendAlertmanager: Sender = async ({ payload, channel, secret, idempotencyKey, now, signal }) => {
  const base = String(channel.config.url).replace(/\/+$/, '');
  const ahead = ((payload.repeat_interval_seconds ?? 14400) + 900) * 1000;
  const endsAt = payload.status === 'resolved' ? (payload.ended_at ?? now.toISOString()) : new Date(now.getTime() + ahead).toISOString();
  const labels = Object.fromEntries(Object.entries(payload.labels).map(([k, v]) => [k.replace(/[^a-zA-Z0-9_]/g, '_'), String(v)]));
  const alert = {
    labels: { ...labels, source: 'costwatch' },
    annotations: {
      summary: payload.summary,
      ...(payload.value !== null ? { value: String(payload.value), threshold: String(payload.threshold) } : {}),
      idempotency_key: idempotencyKey,
    },
    startsAt: payload.started_at,
    endsAt,
    ...(payload.dashboard_url ? { generatorURL: payload.dashboard_url } : {}),
  };
  const headers: Record<string, string> = secret ? { Authorization: `Bearer ${secret}` } : {};
  return postJson(`${base}/api/v2/alerts`, JSON.stringify([alert]), headers, signal);
};
