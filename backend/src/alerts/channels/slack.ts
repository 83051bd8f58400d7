import { postJson, title, type NotificationPayload, type Sender } from './types.js';

/** Slack incoming webhook (the URL is the secret): a short readable message with a link to Grafana. */
export function slackMessage(p: NotificationPayload, dashboardUrl?: string) {
  const emoji = p.status === 'resolved' ? ':white_check_mark:' : p.severity === 'critical' ? ':rotating_light:' : ':warning:';
  const link = dashboardUrl ?? p.dashboard_url;
  const lines = [`${emoji} *${title(p)}*`, p.summary];
  if (p.value !== null) lines.push(`Value: ${p.unit === 'USD' ? '$' : ''}${p.value}${p.unit === 'percent' ? ' %' : ''} (threshold ${p.threshold})`);
  if (link) lines.push(`<${link}|Open the CostWatch dashboard in Grafana>`);
  const text = lines.filter(Boolean).join('\n');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export const sendSlack: Sender = async ({ payload, channel, secret, idempotencyKey, signal }) => {
  if (!secret) return { ok: false, retryable: false, error: 'Slack channel has no webhook URL' };
  const dash = typeof channel.config.dashboard_url === 'string' ? channel.config.dashboard_url : undefined;
  return postJson(secret, JSON.stringify(slackMessage(payload, dash)), { 'Idempotency-Key': idempotencyKey }, signal);
};
