import type { CostwatchClient } from '../../api';

/** The backend's alert API (docs/alerts.md); snake_case as the backend answers it. */
export interface AlertRule {
  id: string;
  name: string;
  kind: RuleKind;
  severity: 'info' | 'warning' | 'critical';
  scope: { accounts?: string[]; services?: string[]; [other: string]: unknown };
  condition: Record<string, unknown>;
  routes: Array<{ channel_id: string; after_minutes: number }>;
  enabled: boolean;
  /** Fields the form does not edit; kept as they are on update. */
  organization_id?: string;
  created_at?: string;
  updated_at?: string;
  [other: string]: unknown;
}

export type RuleKind = 'cost_threshold' | 'change' | 'budget' | 'anomaly' | 'forecast' | 'recommendation';

/** A channel as the backend shows it: the secret is never returned, only whether one is set. */
export interface Channel {
  id: string;
  name: string;
  type: string;
  config?: Record<string, unknown>;
  has_secret?: boolean;
  rate_limit_per_minute?: number;
  enabled?: boolean;
}

export const CHANNEL_TYPES = ['webhook', 'slack', 'email', 'alertmanager'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** A new channel as the form edits it: every input as typed; toChannelBody shapes it per type. */
export interface ChannelDraft {
  name: string;
  type: ChannelType;
  url: string;
  secret: string;
  dashboardUrl: string;
  host: string;
  port: string;
  secure: boolean;
  user: string;
  from: string;
  to: string;
  rateLimit: string;
}

export const EMPTY_CHANNEL: ChannelDraft = { name: '', type: 'webhook', url: '', secret: '', dashboardUrl: '', host: '', port: '587', secure: false, user: '', from: '', to: '', rateLimit: '' };

// Numbers the user typed go as numbers; anything else goes as typed so the backend names the field.
const num = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : v.trim());

/**
 * Draft → POST body in the backend's channel schema (backend/src/alerts/model.ts): empty optional
 * inputs are left out so the backend's defaults apply (rate limit 60/min, port 587, enabled).
 */
export function toChannelBody(d: ChannelDraft) {
  const opt = (k: string, v: string) => (v.trim() ? { [k]: v.trim() } : {});
  const config: Record<string, unknown> =
    d.type === 'webhook' || d.type === 'alertmanager'
      ? { url: d.url.trim() }
      : d.type === 'slack'
        ? opt('dashboard_url', d.dashboardUrl)
        : { host: d.host.trim(), ...(d.port.trim() ? { port: num(d.port) } : {}), secure: d.secure, ...opt('user', d.user), from: d.from.trim(), to: list(d.to), ...opt('dashboard_url', d.dashboardUrl) };
  // The secret is sent as typed (not trimmed): it is an HMAC key, a URL or a password.
  return { name: d.name.trim(), type: d.type, config, ...(d.secret ? { secret: d.secret } : {}), ...(d.rateLimit.trim() ? { rate_limit_per_minute: num(d.rateLimit) } : {}) };
}

/** A stored channel as the form edits it; the secret stays empty (empty keeps the stored one). */
export function toChannelDraft(c: Channel): ChannelDraft {
  const cfg = c.config ?? {};
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return {
    ...EMPTY_CHANNEL,
    name: c.name,
    type: (CHANNEL_TYPES as readonly string[]).includes(c.type) ? (c.type as ChannelType) : 'webhook',
    url: str(cfg.url),
    dashboardUrl: str(cfg.dashboard_url),
    host: str(cfg.host),
    port: cfg.port === undefined ? EMPTY_CHANNEL.port : str(cfg.port),
    secure: cfg.secure === true,
    user: str(cfg.user),
    from: str(cfg.from),
    to: Array.isArray(cfg.to) ? cfg.to.join(', ') : str(cfg.to),
    rateLimit: c.rate_limit_per_minute === undefined ? '' : String(c.rate_limit_per_minute),
  };
}

/** Where a channel delivers, without anything secret: no URL credentials, query or Slack URL. */
export function channelTarget(c: Channel): string {
  const cfg = c.config ?? {};
  if (c.type === 'slack') return 'Slack incoming webhook';
  if (c.type === 'email') return `${((cfg.to as string[] | undefined) ?? []).join(', ')} via ${String(cfg.host ?? '')}:${String(cfg.port ?? '')}`;
  if (typeof cfg.url !== 'string') return '';
  try {
    const u = new URL(cfg.url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '';
  }
}

export interface AlertRow {
  id: string;
  title: string;
  status: 'pending' | 'firing' | 'acknowledged' | 'resolved';
  severity: string;
  value: string | null;
  started_at: string;
  resolved_at: string | null;
  annotations: { summary?: string };
}

export interface Preview {
  from: string;
  to: string;
  unit: string;
  fired: string[];
  days: Array<{ date: string; value: number; firing: boolean }>;
}

export interface TestResult {
  channel: string;
  status: string;
  error?: string;
}

/** A rule as the form edits it: the condition stays JSON so every kind is editable. */
export interface RuleDraft {
  name: string;
  kind: RuleKind;
  severity: AlertRule['severity'];
  accounts: string;
  services: string;
  condition: string;
  channelIds: string[];
}

export const KIND_DEFAULTS: Record<RuleKind, Record<string, unknown>> = {
  cost_threshold: { period: 'daily', threshold: 1000 },
  change: { window_days: 7, compare_to: 'previous_period', mode: 'percent', threshold: 20 },
  budget: { budget_id: '', basis: 'forecast', threshold_pct: 100 },
  anomaly: { min_impact: 100, min_severity: 'medium' },
  forecast: { threshold: 10000 },
  recommendation: { min_savings: 100, within_days: 7 },
};

export const EMPTY_DRAFT: RuleDraft = {
  name: '',
  kind: 'cost_threshold',
  severity: 'warning',
  accounts: '',
  services: '',
  condition: JSON.stringify(KIND_DEFAULTS.cost_threshold, null, 2),
  channelIds: [],
};

const list = (s: string) => s.split(',').map((v) => v.trim()).filter(Boolean);

/** Draft → request body; throws with a readable message when the condition is not JSON. */
export function toBody(d: RuleDraft) {
  let condition: unknown;
  try {
    condition = JSON.parse(d.condition);
  } catch {
    throw new Error('condition must be a JSON object');
  }
  const scope: Record<string, string[]> = {};
  if (list(d.accounts).length) scope.accounts = list(d.accounts);
  if (list(d.services).length) scope.services = list(d.services);
  return { name: d.name.trim(), kind: d.kind, severity: d.severity, scope, condition, routes: d.channelIds.map((channel_id) => ({ channel_id })) };
}

/**
 * Draft → PUT body for an existing rule. PUT replaces the whole rule and the backend defaults
 * what is missing, so fields the form does not show (enabled, description, labels, for,
 * repeat, mute windows, regions/tags scope, escalation delays) are carried over from the rule.
 */
export function toUpdateBody(rule: AlertRule, d: RuleDraft) {
  const { id: _id, organization_id: _org, created_at: _c, updated_at: _u, ...kept } = rule;
  const body = toBody(d);
  const { accounts: _a, services: _s, ...otherScope } = rule.scope;
  const delay = new Map(rule.routes.map((r) => [r.channel_id, r.after_minutes]));
  return {
    ...kept,
    ...body,
    scope: { ...otherScope, ...body.scope },
    routes: body.routes.map((r) => ({ channel_id: r.channel_id, after_minutes: delay.get(r.channel_id) ?? 0 })),
  };
}

export function fromRule(r: AlertRule): RuleDraft {
  return {
    name: r.name,
    kind: r.kind,
    severity: r.severity,
    accounts: (r.scope.accounts ?? []).join(', '),
    services: (r.scope.services ?? []).join(', '),
    condition: JSON.stringify(r.condition, null, 2),
    channelIds: r.routes.map((x) => x.channel_id),
  };
}

export function alertRulesApi(client: CostwatchClient) {
  // PUT replaces the channel; leaving out the secret keeps the stored one.
  const putChannel = (id: string, body: object) => client.put<Channel>(`/api/v1/notification-channels/${id}`, body);
  return {
    rules: () => client.get<{ rules: AlertRule[] }>('/api/v1/alert-rules').then((r) => r.rules),
    channels: () => client.get<{ channels: Channel[] }>('/api/v1/notification-channels').then((r) => r.channels),
    alerts: () => client.get<{ alerts: AlertRow[] }>('/api/v1/alerts?limit=50').then((r) => r.alerts),
    create: (d: RuleDraft) => client.post<AlertRule>('/api/v1/alert-rules', toBody(d)),
    update: (rule: AlertRule, d: RuleDraft) => client.put<AlertRule>(`/api/v1/alert-rules/${rule.id}`, toUpdateBody(rule, d)),
    preview: (d: RuleDraft) => client.post<Preview>('/api/v1/alert-rules/preview', toBody(d)),
    setEnabled: (id: string, enabled: boolean) => client.post<AlertRule>(`/api/v1/alert-rules/${id}/enabled`, { enabled }),
    test: (id: string) => client.post<{ results: TestResult[] }>(`/api/v1/alert-rules/${id}/test`, {}).then((r) => r.results),
    acknowledge: (id: string) => client.post<AlertRow>(`/api/v1/alerts/${id}/acknowledge`, {}),
    resolve: (id: string) => client.post<AlertRow>(`/api/v1/alerts/${id}/resolve`, {}),
    createChannel: (d: ChannelDraft) => client.post<Channel>('/api/v1/notification-channels', toChannelBody(d)),
    // Refused (409, naming them) while rules route to the channel; force takes it out of their routes.
    deleteChannel: (id: string, force = false) => client.delete(`/api/v1/notification-channels/${id}${force ? '?force=true' : ''}`),
    updateChannel: (c: Channel, d: ChannelDraft) => putChannel(c.id, { ...toChannelBody(d), enabled: c.enabled !== false }),
    setChannelEnabled: (c: Channel, enabled: boolean) => putChannel(c.id, { name: c.name, type: c.type, config: c.config ?? {}, rate_limit_per_minute: c.rate_limit_per_minute, enabled }),
    testChannel: (id: string) => client.post<TestResult>(`/api/v1/notification-channels/${id}/test`, {}),
  };
}
