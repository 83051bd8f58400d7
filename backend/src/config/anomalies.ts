import { z } from 'zod';

/** Anomaly detection settings (issue 6), merged into the one config schema in index.ts. */
export const anomaliesEnvSchema = {
  ANOMALY_INTERVAL_SECONDS: z.coerce.number().int().min(60).default(3600),
  ANOMALY_HISTORY_DAYS: z.coerce.number().int().min(42).max(1100).default(400),
};

export interface AnomaliesConfig {
  /** How often the worker recomputes every organization's anomalies. */
  readonly intervalSeconds: number;
  /** Days of history scored (the first four weeks only build baselines). */
  readonly historyDays: number;
}

type AnomaliesEnv = { [K in keyof typeof anomaliesEnvSchema]: z.output<(typeof anomaliesEnvSchema)[K]> };

export function anomaliesConfigFrom(e: AnomaliesEnv): AnomaliesConfig {
  return Object.freeze({ intervalSeconds: e.ANOMALY_INTERVAL_SECONDS, historyDays: e.ANOMALY_HISTORY_DAYS });
}
