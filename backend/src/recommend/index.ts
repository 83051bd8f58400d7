/** Savings recommendations: a catalog of pure checks over the scanned inventory, stored and triaged. */
export { CATALOG, CHECK_IDS } from './checks/index.js';
export type { Check, Finding, ResourceRecord, DailyMetric, Confidence } from './model.js';
export { runChecks, resolveThresholds, type ThresholdOverrides, type Detected } from './evaluate.js';
export { evaluateOrganization, evaluateAllOrganizations, type EvaluateOptions } from './service.js';
export type { PersistResult } from './store.js';
export {
  listRecommendations,
  getRecommendation,
  dismissRecommendation,
  reopenRecommendation,
  savingsSummary,
  utilizationOf,
  STATUSES,
  type Recommendation,
  type SavingsSummary,
  type ListOptions,
  type Status,
} from './read.js';
export { recommendationsQueryHandler, savingsQueryHandler } from './query.js';
export { registerSavingsMetrics } from './metrics.js';
export { PRICE_SOURCE } from './pricing.js';
export { recommendationJob, evaluateChangedOrganizations, type RecommendationJobOptions } from './job.js';
