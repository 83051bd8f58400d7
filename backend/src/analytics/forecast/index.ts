export * from './types.js';
export { forecastSeries, combine } from './race.js';
export { etsForecaster } from './ets.js';
export { thetaForecaster, seasonalNaiveForecaster, seasonalIndices, isSeasonal } from './simple.js';
export { sarimaForecaster, DAILY_SARIMA_GRID, DAILY_SARIMA_GRID_WIDE, NONSEASONAL_SARIMA_GRID } from './sarima.js';
export { stepVariances, sumVariance, sumInterval, gaussianInterval, probabilityAbove, type Interval } from './intervals.js';
export { smape, mase, maseScale, owa, coverage } from './metrics.js';
export { normalCdf, Z80, Z95 } from './normal.js';
export { syntheticCostSeries, rng, gaussian, type SyntheticSeries } from './synthetic.js';
