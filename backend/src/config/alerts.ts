import { z } from 'zod';

/** Alert evaluation and delivery settings (issue 9), merged into the one config schema in index.ts. */
export const alertsEnvSchema = {
  ALERTS_EVAL_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86400).default(300),
  ALERTS_DELIVERY_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  ALERTS_RESOLVE_AFTER: z.coerce.number().int().min(1).max(100).default(2),
  ALERTS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  ALERTS_DASHBOARD_URL: z.string().url().optional(),
};

export interface AlertsConfig {
  /** How often the worker evaluates every rule (also run right after each ingest). */
  readonly evalIntervalSeconds: number;
  /** How often the worker drains the notification outbox. */
  readonly deliveryIntervalSeconds: number;
  /** Consecutive clear evaluations before a firing alert resolves (flap protection). */
  readonly resolveAfter: number;
  /** Delivery attempts before a notification is given up ('dead'). */
  readonly maxAttempts: number;
  /** Grafana dashboard linked from Slack and email notifications. */
  readonly dashboardUrl?: string;
}

type AlertsEnv = z.output<z.ZodObject<typeof alertsEnvSchema>>;

export function alertsConfigFrom(e: AlertsEnv): AlertsConfig {
  return Object.freeze({
    evalIntervalSeconds: e.ALERTS_EVAL_INTERVAL_SECONDS,
    deliveryIntervalSeconds: e.ALERTS_DELIVERY_INTERVAL_SECONDS,
    resolveAfter: e.ALERTS_RESOLVE_AFTER,
    maxAttempts: e.ALERTS_MAX_ATTEMPTS,
    dashboardUrl: e.ALERTS_DASHBOARD_URL,
  });
}
