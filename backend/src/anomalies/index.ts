/** Anomalies: detection over stored costs, root causes, lifecycle, thresholds, query types, worker job. */
export { recomputeAnomalies, type RecomputeOptions, type RecomputeResult } from './detect.js';
export { rootCauses } from './root-cause.sql.js';
export {
  listAnomalies,
  getAnomaly,
  setAnomalyStatus,
  listQuerySchema,
  statusInputSchema,
  anomalyIdSchema,
  ANOMALY_STATUSES,
  type Anomaly,
  type ListQuery,
  type StatusInput,
} from './repo.js';
export {
  loadThresholds,
  saveOrgThresholds,
  raiseSeriesThreshold,
  thresholdsInputSchema,
  DEFAULT_THRESHOLDS,
  type AnomalyThresholds,
  type SeriesThreshold,
} from './thresholds.js';
export { anomaliesQueryHandler, clustersQueryHandler, anomaliesQuerySchema, clustersQuerySchema } from './queries.js';
export { anomalyDetectionJob, recomputeAllAnomalies } from './job.js';
