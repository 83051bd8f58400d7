/** Anomaly detection: daily cost scoring, root cause ranking, streaming detector, NAB scoring. */
export { scoreDaily, findEpisodes, severityOf, DAILY_DEFAULTS, type DailyPoint, type DailyOptions, type Episode, type Thresholds, type Severity } from './daily.js';
export { rankRootCauses, topCause, addToGrid, rootCausesFromGrid, type ContributionGrid, type ContributionInput, type RootCause } from './root-cause.js';
export { StreamingDetector, detectStream, STREAMING_DEFAULTS, type StreamingOptions } from './streaming.js';
export { IsolationForest, type IsolationForestOptions } from './isolation-forest.js';
export { nabRows, nabScoreAt, nabSweep, nabNormalise, NAB_STANDARD, type NabRows, type NabProfile, type NabThresholdScore } from './nab-score.js';
export { median, madSigma, normalTail } from './stats.js';
