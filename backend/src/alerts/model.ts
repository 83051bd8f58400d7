import { z } from 'zod';

/**
 * Alert rules and channels as the API accepts them. Kinds are a discriminated union on
 * `kind`; each kind's condition is validated on its own so errors name the exact field.
 */
const money = z.number().finite().min(0).max(1e12);
const names = z.array(z.string().min(1).max(200)).max(200);

export const scopeSchema = z
  .object({
    accounts: names.optional(),
    services: names.optional(),
    regions: names.optional(),
    tags: z.array(z.object({ key: z.string().min(1).max(128), values: names.min(1) })).max(10).optional(),
  })
  .strict();
export type Scope = z.infer<typeof scopeSchema>;

const metric = z.enum(['unblended', 'amortized', 'net_unblended', 'net_amortized']).default('unblended');

export const conditionSchemas = {
  cost_threshold: z.object({
    period: z.enum(['daily', 'month_to_date', 'window']),
    window_days: z.number().int().min(1).max(366).default(7),
    metric,
    threshold: money,
  }),
  change: z.object({
    window_days: z.number().int().min(1).max(92).default(1),
    compare_to: z.enum(['previous_period', 'last_week', 'last_month', 'last_year']).default('previous_period'),
    mode: z.enum(['percent', 'absolute']).default('percent'),
    direction: z.enum(['increase', 'decrease', 'either']).default('increase'),
    metric,
    threshold: money,
  }),
  budget: z.object({
    budget_id: z.uuid(),
    basis: z.enum(['actual', 'forecast']).default('forecast'),
    threshold_pct: z.number().min(1).max(1000),
  }),
  anomaly: z.object({
    min_impact: money.default(0),
    min_severity: z.enum(['low', 'medium', 'high', 'critical']).default('low'),
  }),
  forecast: z.object({ metric, threshold: money }),
  recommendation: z.object({ min_savings: money, within_days: z.number().int().min(1).max(90).default(7) }),
} as const;
export type RuleKind = keyof typeof conditionSchemas;
export const RULE_KINDS = Object.keys(conditionSchemas) as RuleKind[];
export type Condition<K extends RuleKind = RuleKind> = z.infer<(typeof conditionSchemas)[K]>;

const routeSchema = z.object({
  channel_id: z.uuid(),
  /** 0: notify at once; N: escalate to this channel when still unacknowledged after N minutes. */
  after_minutes: z.number().int().min(0).max(10080).default(0),
});

/** Weekly mute window in UTC (days 0 = Sunday), e.g. weekends or a maintenance night. */
const muteSchema = z.object({
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7).default([0, 1, 2, 3, 4, 5, 6]),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (UTC)'),
  end: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be HH:MM (UTC)'),
});
export type MuteWindow = z.infer<typeof muteSchema>;
export type Route = z.infer<typeof routeSchema>;

const common = {
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  scope: scopeSchema.default({}),
  for_seconds: z.number().int().min(0).max(7 * 86400).default(0),
  severity: z.enum(['info', 'warning', 'critical']).default('warning'),
  labels: z.record(z.string().regex(/^[a-zA-Z_]\w{0,63}$/, 'label names are [a-zA-Z_][a-zA-Z0-9_]*'), z.string().max(200)).default({}),
  routes: z.array(routeSchema).max(20).default([]),
  repeat_interval_seconds: z.number().int().min(60).max(30 * 86400).default(14400),
  mute_windows: z.array(muteSchema).max(20).default([]),
  enabled: z.boolean().default(true),
};

export const ruleInputSchema = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('cost_threshold'), condition: conditionSchemas.cost_threshold }),
  z.object({ ...common, kind: z.literal('change'), condition: conditionSchemas.change }),
  z.object({ ...common, kind: z.literal('budget'), condition: conditionSchemas.budget }),
  z.object({ ...common, kind: z.literal('anomaly'), condition: conditionSchemas.anomaly }),
  z.object({ ...common, kind: z.literal('forecast'), condition: conditionSchemas.forecast }),
  z.object({ ...common, kind: z.literal('recommendation'), condition: conditionSchemas.recommendation }),
]);
export type RuleInput = z.infer<typeof ruleInputSchema>;

export interface Rule {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  kind: RuleKind;
  scope: Scope;
  condition: Condition;
  for_seconds: number;
  severity: string;
  labels: Record<string, string>;
  routes: Route[];
  repeat_interval_seconds: number;
  mute_windows: MuteWindow[];
  enabled: boolean;
  created_at?: string;
  updated_at?: string;
}

export const CHANNEL_TYPES = ['alertmanager', 'webhook', 'slack', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

const url = z.url({ protocol: /^https?$/ });
const channelCommon = { name: z.string().min(1).max(200), rate_limit_per_minute: z.number().int().min(1).max(6000).default(60), enabled: z.boolean().default(true) };

/** `secret` is write-only: stored encrypted, never returned. */
export const channelInputSchema = z.discriminatedUnion('type', [
  z.object({ ...channelCommon, type: z.literal('alertmanager'), config: z.object({ url }), secret: z.string().max(4096).optional() }),
  z.object({ ...channelCommon, type: z.literal('webhook'), config: z.object({ url }), secret: z.string().min(16).max(4096).optional() }),
  z.object({ ...channelCommon, type: z.literal('slack'), config: z.object({ dashboard_url: url.optional() }).default({}), secret: url.optional() }),
  z.object({
    ...channelCommon,
    type: z.literal('email'),
    config: z.object({
      host: z.string().min(1).max(255),
      port: z.number().int().min(1).max(65535).default(587),
      secure: z.boolean().default(false),
      user: z.string().max(255).optional(),
      from: z.email(),
      to: z.array(z.email()).min(1).max(50),
      dashboard_url: url.optional(),
    }),
    secret: z.string().max(1024).optional(),
  }),
]);
export type ChannelInput = z.infer<typeof channelInputSchema>;

export interface Channel {
  id: string;
  organization_id: string;
  name: string;
  type: ChannelType;
  config: Record<string, unknown>;
  secret_enc: string | null;
  rate_limit_per_minute: number;
  enabled: boolean;
}

export type AlertStatus = 'pending' | 'firing' | 'acknowledged' | 'resolved';

/** Canonical scope text: the same scope always gives the same dedup key. */
export function scopeKey(scope: Scope): string {
  const parts: string[] = [];
  for (const k of ['accounts', 'services', 'regions'] as const) {
    const v = scope[k];
    if (v?.length) parts.push(`${k}=${[...v].sort().join(',')}`);
  }
  for (const t of [...(scope.tags ?? [])].sort((a, b) => a.key.localeCompare(b.key))) parts.push(`tag:${t.key}=${[...t.values].sort().join(',')}`);
  return parts.join(';') || 'organization';
}
