import nodemailer from 'nodemailer';
import { title, type NotificationPayload, type Sender } from './types.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function emailBodies(p: NotificationPayload, dashboardUrl?: string): { subject: string; text: string; html: string } {
  const link = dashboardUrl ?? p.dashboard_url ?? undefined;
  const rows: [string, string][] = [
    ['Rule', p.rule],
    ['Status', p.status],
    ['Severity', p.severity],
    ['Summary', p.summary],
    ...(p.value !== null ? ([['Value', `${p.value} ${p.unit === 'USD' ? 'USD' : '%'} (threshold ${p.threshold})`]] as [string, string][]) : []),
    ['Since', p.started_at],
  ];
  const text = rows.map(([k, v]) => `${k}: ${v}`).join('\n') + (link ? `\n\nDashboard: ${link}\n` : '\n');
  const html =
    `<h2>${esc(title(p))}</h2><table>${rows.map(([k, v]) => `<tr><th align="left">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>` +
    (link ? `<p><a href="${esc(link)}">Open the CostWatch dashboard in Grafana</a></p>` : '');
  return { subject: title(p), text, html };
}

/** Email over SMTP (nodemailer): HTML and text parts; the Message-ID carries the idempotency key. */
export const sendEmail: Sender = async ({ payload, channel, secret, idempotencyKey }) => {
  const c = channel.config as { host: string; port: number; secure: boolean; user?: string; from: string; to: string[]; dashboard_url?: string };
  const transport = nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.secure,
    auth: c.user ? { user: c.user, pass: secret ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
    // Local relays and test sinks often have self-signed certificates.
    tls: { rejectUnauthorized: false },
  });
  try {
    const { subject, text, html } = emailBodies(payload, c.dashboard_url);
    const info = await transport.sendMail({
      from: c.from,
      to: c.to,
      subject,
      text,
      html,
      messageId: `<${idempotencyKey.replace(/[^\w.-]/g, '.')}@costwatch>`,
      headers: { 'X-CostWatch-Idempotency-Key': idempotencyKey },
    });
    return { ok: info.rejected.length === 0, retryable: true, status: 250, error: info.rejected.length ? `rejected ${info.rejected.join(',')}` : undefined };
  } catch (err) {
    const e = err as Error & { responseCode?: number };
    const permanent = e.responseCode !== undefined && e.responseCode >= 500;
    return { ok: false, status: e.responseCode, retryable: !permanent, error: e.message };
  } finally {
    transport.close();
  }
};
