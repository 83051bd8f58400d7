import { z } from 'zod';
import { alertsConfigFrom, alertsEnvSchema, type AlertsConfig } from './alerts.js';
import { forecastConfigFrom, forecastEnvSchema, type ForecastConfig } from './forecast.js';
import { anomaliesConfigFrom, anomaliesEnvSchema, type AnomaliesConfig } from './anomalies.js';
import { authConfigFrom, authEnvSchema, type AuthConfig, type GatewayConfig } from './auth.js';
import { ingestConfigFrom, ingestEnvSchema, type IngestConfig } from './ingest.js';
import { kmsConfigFrom, kmsEnvSchema, type KmsConfig } from './kms.js';
import { scanConfigFrom, scanEnvSchema, type ScanConfig } from './scan.js';
import { recommendConfigFrom, recommendEnvSchema, type RecommendConfig } from './recommend.js';

/**
 * Every environment variable CostWatch reads, parsed once at start-up. The README's
 * configuration table mirrors this schema; keep them in step.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  COSTWATCH_ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  PGLITE_DIR: z.string().default('./data/pglite'),
  REDIS_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_MODE: z.enum(['auto', 'on', 'off']).default('auto'),
  DEMO_API_KEY: z.string().regex(/^cw_[\w-]{20,100}$/, 'must look like cw_ followed by 20+ URL-safe characters').optional(),
  QUERY_MAX_RANGE_DAYS: z.coerce.number().int().min(1).max(3660).default(1100),
  QUERY_MAX_BATCH: z.coerce.number().int().min(1).max(100).default(20),
  CACHE_TTL_QUERY_SECONDS: z.coerce.number().int().min(0).default(300),
  CACHE_TTL_COMPUTE_SECONDS: z.coerce.number().int().min(0).default(3600),
  CACHE_TTL_REFERENCE_SECONDS: z.coerce.number().int().min(0).default(86400),
  CACHE_MEMORY_MAX_ENTRIES: z.coerce.number().int().min(10).default(5000),
  COST_RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(38),
  PARTITIONS_AHEAD_MONTHS: z.coerce.number().int().min(1).max(24).default(3),
  MAINTENANCE_INTERVAL_SECONDS: z.coerce.number().int().min(10).default(3600),
  METRICS_ENABLED: bool.default(true),
  ...forecastEnvSchema,
  ...anomaliesEnvSchema,
  ...alertsEnvSchema,
  ...authEnvSchema,
  ...kmsEnvSchema,
  ...scanEnvSchema,
  ...ingestEnvSchema,
  ...recommendEnvSchema,
});

export type Env = z.input<typeof schema>;
export { kmsKeySettings, type KmsConfig, type KmsKeySettings } from './kms.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly role: 'api' | 'worker' | 'all';
  readonly database: { readonly url?: string; readonly poolMax: number; readonly pgliteDir: string };
  readonly redisUrl?: string;
  readonly logLevel: string;
  readonly demoMode: 'auto' | 'on' | 'off';
  readonly demoApiKey?: string;
  readonly query: { readonly maxRangeDays: number; readonly maxBatch: number };
  readonly cache: {
    readonly ttlQuery: number;
    readonly ttlCompute: number;
    readonly ttlReference: number;
    readonly memoryMaxEntries: number;
  };
  readonly partitions: { readonly retentionMonths: number; readonly aheadMonths: number };
  readonly maintenanceIntervalSeconds: number;
  readonly metricsEnabled: boolean;
  readonly forecast: ForecastConfig;
  readonly anomalies: AnomaliesConfig;
  readonly alerts: AlertsConfig;
  readonly auth: AuthConfig;
  readonly kms: KmsConfig;
  readonly gateway: GatewayConfig;
  readonly scan: ScanConfig;
  readonly ingest: IngestConfig;
  readonly recommend: RecommendConfig;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset" (compose files and k8s manifests often template them that way).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    role: e.COSTWATCH_ROLE,
    database: Object.freeze({ url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX, pgliteDir: e.PGLITE_DIR }),
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    demoMode: e.DEMO_MODE,
    demoApiKey: e.DEMO_API_KEY,
    query: Object.freeze({ maxRangeDays: e.QUERY_MAX_RANGE_DAYS, maxBatch: e.QUERY_MAX_BATCH }),
    cache: Object.freeze({
      ttlQuery: e.CACHE_TTL_QUERY_SECONDS,
      ttlCompute: e.CACHE_TTL_COMPUTE_SECONDS,
      ttlReference: e.CACHE_TTL_REFERENCE_SECONDS,
      memoryMaxEntries: e.CACHE_MEMORY_MAX_ENTRIES,
    }),
    partitions: Object.freeze({ retentionMonths: e.COST_RETENTION_MONTHS, aheadMonths: e.PARTITIONS_AHEAD_MONTHS }),
    maintenanceIntervalSeconds: e.MAINTENANCE_INTERVAL_SECONDS,
    metricsEnabled: e.METRICS_ENABLED,
    forecast: forecastConfigFrom(e),
    anomalies: anomaliesConfigFrom(e),
    alerts: alertsConfigFrom(e),
    ...authConfigFrom(e),
    kms: kmsConfigFrom(e),
    scan: scanConfigFrom(e as Parameters<typeof scanConfigFrom>[0]),
    ingest: ingestConfigFrom(e as Parameters<typeof ingestConfigFrom>[0]),
    recommend: recommendConfigFrom(e),
  });
}
