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

export interface Channel {
  id: string;
  name: string;
  type: string;
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
  };
}
