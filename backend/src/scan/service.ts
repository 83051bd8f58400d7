import type { ScanConfig } from '../config/scan.js';
import { ConflictError } from '../domain/errors.js';
import type { Logger } from '../obs/index.js';
import { decryptSecret } from '../secrets/index.js';
import type { Database } from '../store/index.js';
import { loadScanAccounts, type AccountAccessOptions } from './accounts.js';
import { parseAllocationKeys } from './enrich/index.js';
import { runScan, type ScanRequest, type ScanSettings } from './orchestrator.js';
import type { ScanSummary } from './types.js';

export function scanSettingsFrom(cfg: ScanConfig, overrides: Partial<ScanSettings> = {}): ScanSettings {
  return {
    allocationKeys: parseAllocationKeys(cfg.costAllocationTags),
    regions: [...cfg.regions],
    perAccountConcurrency: cfg.perAccountConcurrency,
    perApiConcurrency: cfg.perApiConcurrency,
    taskTimeoutMs: cfg.taskTimeoutSeconds * 1000,
    retries: 2,
    retryBaseMs: 250,
    breakerThreshold: 3,
    breakerCooldownMs: 60_000,
    pricingApi: cfg.pricingApi,
    utilizationDays: 30,
    criticalSelector: cfg.criticalSelector,
    ...overrides,
  };
}

/** Organizations with a scan in progress in this process: one scan per organization at a time. */
const running = new Set<string>();

export function scanInProgress(organizationId: string): boolean {
  return running.has(organizationId);
}

export interface ScanDeps {
  db: Database;
  config: ScanConfig;
  log?: Logger;
  access?: AccountAccessOptions;
  settings?: Partial<ScanSettings>;
}

/**
 * Scans an organization's registered accounts. A second scan of the same organization while
 * one runs is refused (ConflictError): overlapping runs would race on the same slices.
 */
export async function scanOrganization(deps: ScanDeps, organizationId: string, req: ScanRequest): Promise<ScanSummary> {
  if (running.has(organizationId)) throw new ConflictError('a scan of this organization is already running', 'scan');
  running.add(organizationId);
  try {
    // External ids are sealed per organization by secrets/ (the account registry writes them that way).
    const accounts = await loadScanAccounts(deps.db, organizationId, { endpoint: deps.config.endpoint, decryptExternalId: decryptSecret, ...deps.access });
    return await runScan(deps.db, organizationId, accounts, req, scanSettingsFrom(deps.config, deps.settings), deps.log);
  } finally {
    running.delete(organizationId);
  }
}
