/** Resource scanner: inventory of every account and region, enrichment, lifecycle, utilization. */
export { runScan, type ScanRequest, type ScanSettings } from './orchestrator.js';
export { scanOrganization, scanSettingsFrom, scanInProgress, type ScanDeps } from './service.js';
export { loadScanAccounts, organizationsWithAccounts, type AccountAccessOptions } from './accounts.js';
export { scanJobs } from './jobs.js';
export { resourcesQueryHandler, inventoryQueryHandler } from './query.js';
export { listResources, getResource, getScanRun, type ResourceFilter } from './read.js';
export { PRICE_TABLE_DATE, PRICE_TABLE_SOURCE } from './enrich/index.js';
export { RESOURCE_TYPES, GLOBAL_REGION, type ResourceType, type ScanSummary, type ScanMode, type ScanAccount } from './types.js';
