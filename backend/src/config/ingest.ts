import { z } from 'zod';

/** Cost ingestion settings (issue 5), merged into the one config schema in index.ts. */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const ingestEnvSchema = {
  INGEST_AWS_ENDPOINT: z.string().url().optional(),
  INGEST_CE_SCHEDULE_ENABLED: bool.default(true),
  INGEST_CE_INTERVAL_HOURS: z.coerce.number().min(1).max(168).default(24),
  INGEST_CE_DAILY_REQUEST_BUDGET: z.coerce.number().int().min(0).max(100000).default(50),
  INGEST_CE_REPULL_DAYS: z.coerce.number().int().min(1).max(90).default(35),
  INGEST_CE_TAG_KEY: z.string().min(1).max(128).optional(),
  INGEST_CE_MAX_RETRIES: z.coerce.number().int().min(0).max(20).default(6),
  INGEST_EXPORT_SCHEDULE_ENABLED: bool.default(true),
  INGEST_EXPORT_POLL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  INGEST_REJECT_THRESHOLD: z.coerce.number().min(0).max(1).default(0.01),
};

export interface IngestConfig {
  /** Endpoint for Cost Explorer, S3 and STS (moto in tests, a VPC endpoint elsewhere). */
  readonly awsEndpoint?: string;
  readonly ce: {
    readonly scheduleEnabled: boolean;
    readonly intervalHours: number;
    readonly dailyRequestBudget: number;
    readonly repullDays: number;
    readonly tagKey?: string;
    readonly maxRetries: number;
  };
  readonly exports: { readonly scheduleEnabled: boolean; readonly pollMinutes: number };
  readonly rejectThreshold: number;
}

// Parsed shape of the ingest variables (optional ones stay optional).
type IngestEnv = z.output<z.ZodObject<typeof ingestEnvSchema>>;

export function ingestConfigFrom(e: IngestEnv): IngestConfig {
  return Object.freeze({
    awsEndpoint: e.INGEST_AWS_ENDPOINT,
    ce: Object.freeze({
      scheduleEnabled: e.INGEST_CE_SCHEDULE_ENABLED,
      intervalHours: e.INGEST_CE_INTERVAL_HOURS,
      dailyRequestBudget: e.INGEST_CE_DAILY_REQUEST_BUDGET,
      repullDays: e.INGEST_CE_REPULL_DAYS,
      tagKey: e.INGEST_CE_TAG_KEY,
      maxRetries: e.INGEST_CE_MAX_RETRIES,
    }),
    exports: Object.freeze({ scheduleEnabled: e.INGEST_EXPORT_SCHEDULE_ENABLED, pollMinutes: e.INGEST_EXPORT_POLL_MINUTES }),
    rejectThreshold: e.INGEST_REJECT_THRESHOLD,
  });
}
