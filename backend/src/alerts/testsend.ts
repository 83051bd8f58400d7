import type { Queryable } from '../store/queryable.js';
import type { NotificationPayload } from './channels/index.js';
import type { Channel, Rule } from './model.js';
import { Outbox } from './outbox.js';
import { listChannels } from './repo.js';

/** Test sends go through the outbox (recorded like any delivery) but are sent at once and never retried. */
function testPayload(rule: Pick<Rule, 'id' | 'name' | 'kind' | 'severity' | 'labels' | 'scope'> | undefined, now: Date, dashboardUrl?: string): NotificationPayload {
  return {
    alert_id: null,
    rule_id: rule?.id ?? null,
    rule: rule?.name ?? 'CostWatch test notification',
    kind: rule?.kind ?? 'test',
    severity: rule?.severity ?? 'info',
    status: 'firing',
    event: 'test',
    summary: 'This is a test notification from CostWatch: the channel works.',
    value: null,
    threshold: null,
    unit: 'USD',
    labels: { ...(rule?.labels ?? {}), alertname: rule?.name ?? 'CostWatchTest', severity: rule?.severity ?? 'info', test: 'true' },
    scope: rule?.scope ?? {},
    started_at: now.toISOString(),
    ended_at: null,
    dashboard_url: dashboardUrl ?? null,
    // Alertmanager lets a test alert expire after 15 minutes (no repeat extends it).
    repeat_interval_seconds: 0,
  };
}

export async function sendChannelTest(db: Queryable, orgId: string, channel: Channel, opts: { now?: Date; dashboardUrl?: string } = {}) {
  const now = opts.now ?? new Date();
  const r = await new Outbox(db, { now: () => now }).sendTest(orgId, channel, testPayload(undefined, now, opts.dashboardUrl));
  return { channel_id: channel.id, channel: channel.name, ...r };
}

export async function sendRuleTest(db: Queryable, orgId: string, rule: Rule, opts: { now?: Date; dashboardUrl?: string } = {}) {
  const now = opts.now ?? new Date();
  const ids = new Set(rule.routes.map((r) => r.channel_id));
  const channels = (await listChannels(db, orgId)).filter((c) => ids.has(c.id));
  const outbox = new Outbox(db, { now: () => now });
  const out = [];
  for (const ch of channels) out.push({ channel_id: ch.id, channel: ch.name, ...(await outbox.sendTest(orgId, ch, testPayload(rule, now, opts.dashboardUrl))) });
  return out;
}
