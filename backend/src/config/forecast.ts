import { z } from 'zod';

/** Forecasting settings (issue 6), merged into the one config schema in index.ts. */
export const forecastEnvSchema = {
  FORECAST_INTERVAL_SECONDS: z.coerce.number().int().min(60).default(21600),
  FORECAST_HISTORY_DAYS: z.coerce.number().int().min(56).max(1100).default(400),
  FORECAST_MAX_SERIES: z.coerce.number().int().min(1).max(100000).default(200),
  FORECAST_VALIDATION_ORIGINS: z.coerce.number().int().min(0).max(10).default(2),
};

export interface ForecastConfig {
  /** How often the worker recomputes and stores every organization's forecasts. */
  readonly intervalSeconds: number;
  /** Days of history each model is fitted on. */
  readonly historyDays: number;
  /** Most series forecast per organization and run, largest spend first. */
  readonly maxSeries: number;
  /** Rolling-origin validation windows per series (0: no race, combine ETS/Theta/SARIMA). */
  readonly validationOrigins: number;
}

type ForecastEnv = { [K in keyof typeof forecastEnvSchema]: z.output<(typeof forecastEnvSchema)[K]> };

export function forecastConfigFrom(e: ForecastEnv): ForecastConfig {
  return Object.freeze({
    intervalSeconds: e.FORECAST_INTERVAL_SECONDS,
    historyDays: e.FORECAST_HISTORY_DAYS,
    maxSeries: e.FORECAST_MAX_SERIES,
    validationOrigins: e.FORECAST_VALIDATION_ORIGINS,
  });
}
