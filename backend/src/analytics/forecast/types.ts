/**
 * A point forecast with the linear innovations representation of its error:
 * e_h = Σ_{j<h} ψ_j ε_{T+h-j}, ε ~ N(0, σ²). Every model here (ETS, Theta, seasonal naive,
 * SARIMA) is linear in its innovations, so one representation gives both per-day intervals and
 * the exact variance of any sum of days (month-end, quarter-end totals): see intervals.ts.
 */
export interface ModelForecast {
  model: string;
  params: Record<string, number | string>;
  mean: number[];
  /** ψ_0 … ψ_{H-1}; ψ_0 = 1. */
  psi: number[];
  /** One-step innovation variance. */
  sigma2: number;
}

export interface Forecaster {
  name: string;
  /** Fits on `y` and forecasts `h` steps; throws when the series is too short for the model. */
  forecast(y: readonly number[], h: number): ModelForecast;
}

export interface ForecastOptions {
  /** Seasonal period (7 for daily cost data, 1 for none). */
  season: number;
  /** Rolling-origin validation: number of origins (0 skips the race and combines all). */
  origins?: number;
  /** Validation horizon per origin (default min(h, 2·season, 28)). */
  validationHorizon?: number;
  /** SARIMA orders to try; [] disables SARIMA. */
  sarimaGrid?: SarimaOrder[];
  /** Candidates by name; default all. */
  candidates?: string[];
  /** Clip the lower interval bounds at zero (costs). */
  nonNegative?: boolean;
}

export interface SarimaOrder {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
}

export interface ForecastResult {
  model: string;
  params: Record<string, unknown>;
  /** Mean absolute scaled error of the chosen model over the validation origins (NaN when not raced). */
  validationMase: number;
  /** Validation MASE of every candidate, for the record. */
  candidates: Record<string, number>;
  mean: number[];
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
  /** Error representation after calibration, for interval sums. */
  psi: number[];
  sigma2: number;
}
