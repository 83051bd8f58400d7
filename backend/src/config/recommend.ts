import { z } from 'zod';

/** Recommendation settings (issue 8), merged into the one config schema in index.ts. */
const thresholds = z
  .string()
  .transform((v, ctx) => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON like {"ec2-idle":{"cpuMaxPct":5}}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), z.record(z.string(), z.number().finite())));

export const recommendEnvSchema = {
  RECOMMEND_INTERVAL_SECONDS: z.coerce.number().int().min(10).default(60),
  RECOMMEND_REFRESH_SECONDS: z.coerce.number().int().min(60).default(3600),
  RECOMMEND_THRESHOLDS: thresholds.optional(),
  RECOMMEND_METRICS_MAX_ACCOUNTS: z.coerce.number().int().min(1).max(1000).default(50),
};

export interface RecommendConfig {
  /** How often the worker looks for scans it has not evaluated yet. */
  readonly intervalSeconds: number;
  /** Re-evaluation without inventory changes (utilization and check ages move on). */
  readonly refreshSeconds: number;
  /** Per-check threshold overrides; each check validates its own (unknown checks stop start-up). */
  readonly thresholds: Readonly<Record<string, Record<string, number>>>;
  /** Accounts beyond this many (by savings) fold into account="other" in the Prometheus gauge. */
  readonly metricsMaxAccounts: number;
}

type RecommendEnv = { [K in keyof typeof recommendEnvSchema]?: z.output<(typeof recommendEnvSchema)[K]> };

export function recommendConfigFrom(e: RecommendEnv): RecommendConfig {
  return Object.freeze({
    intervalSeconds: e.RECOMMEND_INTERVAL_SECONDS ?? 60,
    refreshSeconds: e.RECOMMEND_REFRESH_SECONDS ?? 3600,
    thresholds: Object.freeze(e.RECOMMEND_THRESHOLDS ?? {}),
    metricsMaxAccounts: e.RECOMMEND_METRICS_MAX_ACCOUNTS ?? 50,
  });
}
