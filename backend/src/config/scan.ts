import { z } from 'zod';

/** Scanner settings (issue 7), merged into the one config schema in index.ts. */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const list = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

export const scanEnvSchema = {
  SCAN_REGIONS: list.pipe(z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be AWS region names like eu-west-1'))).optional(),
  SCAN_AWS_ENDPOINT: z.string().url().optional(),
  SCAN_COST_ALLOCATION_TAGS: z.string().default('team,env:environment|stage,app:application|service'),
  SCAN_CRITICAL_SELECTOR: z.string().regex(/^tag:[^=]+=.*$/, 'must look like tag:<key>=<value>').default('tag:costwatch:critical=true'),
  SCAN_SCHEDULE_ENABLED: bool.default(true),
  SCAN_FULL_INTERVAL_SECONDS: z.coerce.number().int().min(60).default(21600),
  SCAN_INCREMENTAL_INTERVAL_SECONDS: z.coerce.number().int().min(60).default(900),
  SCAN_CRITICAL_INTERVAL_SECONDS: z.coerce.number().int().min(30).default(300),
  SCAN_CONCURRENCY_PER_ACCOUNT: z.coerce.number().int().min(1).max(64).default(8),
  SCAN_CONCURRENCY_PER_API: z.coerce.number().int().min(1).max(64).default(4),
  SCAN_TASK_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
  SCAN_PRICING_API: bool.default(true),
};

export interface ScanConfig {
  readonly regions: readonly string[];
  readonly endpoint?: string;
  readonly costAllocationTags: string;
  readonly criticalSelector: { readonly key: string; readonly value: string };
  readonly scheduleEnabled: boolean;
  readonly intervals: { readonly fullSeconds: number; readonly incrementalSeconds: number; readonly criticalSeconds: number };
  readonly perAccountConcurrency: number;
  readonly perApiConcurrency: number;
  readonly taskTimeoutSeconds: number;
  readonly pricingApi: boolean;
}

type ScanEnv = { [K in keyof typeof scanEnvSchema]: z.output<(typeof scanEnvSchema)[K]> };

export function scanConfigFrom(e: ScanEnv): ScanConfig {
  const sel = e.SCAN_CRITICAL_SELECTOR.slice(4);
  const eq = sel.indexOf('=');
  return Object.freeze({
    regions: Object.freeze([...(e.SCAN_REGIONS ?? [])]),
    endpoint: e.SCAN_AWS_ENDPOINT,
    costAllocationTags: e.SCAN_COST_ALLOCATION_TAGS,
    criticalSelector: Object.freeze({ key: sel.slice(0, eq), value: sel.slice(eq + 1) }),
    scheduleEnabled: e.SCAN_SCHEDULE_ENABLED,
    intervals: Object.freeze({
      fullSeconds: e.SCAN_FULL_INTERVAL_SECONDS,
      incrementalSeconds: e.SCAN_INCREMENTAL_INTERVAL_SECONDS,
      criticalSeconds: e.SCAN_CRITICAL_INTERVAL_SECONDS,
    }),
    perAccountConcurrency: e.SCAN_CONCURRENCY_PER_ACCOUNT,
    perApiConcurrency: e.SCAN_CONCURRENCY_PER_API,
    taskTimeoutSeconds: e.SCAN_TASK_TIMEOUT_SECONDS,
    pricingApi: e.SCAN_PRICING_API,
  });
}
