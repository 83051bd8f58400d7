import { ValidationError } from '../domain/errors.js';
import { parseOrThrow } from '../domain/validation.js';
import { CATALOG } from './checks/index.js';
import type { Check, DailyMetric, Finding, Inventory, ResourceRecord } from './model.js';
import { resourceKey } from './model.js';

export type ThresholdOverrides = Record<string, Record<string, number>>;

export interface Detected {
  check: Check;
  resource: ResourceRecord;
  resourceKey: string;
  finding: Finding;
}

export function buildInventory(resources: readonly ResourceRecord[]): Inventory {
  const byKey = new Map<string, ResourceRecord>();
  const byType = new Map<string, ResourceRecord[]>();
  for (const r of resources) {
    if (r.deletedAt) continue;
    byKey.set(resourceKey(r), r);
    let list = byType.get(r.type);
    if (!list) byType.set(r.type, (list = []));
    list.push(r);
  }
  return {
    find: (accountId, region, type, resourceId) => byKey.get(resourceKey({ accountId, region, type, resourceId })),
    ofType: (type) => byType.get(type) ?? [],
  };
}

/** Merges configured overrides into each check's defaults, validated by the check's own schema. */
export function resolveThresholds(overrides: ThresholdOverrides = {}, catalog: readonly Check[] = CATALOG): Map<string, Record<string, number>> {
  const known = new Set(catalog.map((c) => c.id));
  for (const id of Object.keys(overrides)) {
    if (!known.has(id)) throw new ValidationError(`unknown check "${id}" in thresholds`, `thresholds.${id}`);
  }
  return new Map(catalog.map((c) => [c.id, parseOrThrow(c.thresholds, { ...c.defaults, ...overrides[c.id] }, ['thresholds', c.id])]));
}

/**
 * Runs every check over every live resource. Pure: the same inventory and metrics give the
 * same findings. Within a check group only the first finding in catalog order is kept.
 */
export function runChecks(
  resources: readonly ResourceRecord[],
  metrics: ReadonlyMap<string, ReadonlyMap<string, readonly DailyMetric[]>>,
  opts: { now: Date; thresholds?: ThresholdOverrides; catalog?: readonly Check[]; onError?: (check: Check, r: ResourceRecord, err: unknown) => void },
): Detected[] {
  const catalog = opts.catalog ?? CATALOG;
  const thresholds = resolveThresholds(opts.thresholds, catalog);
  const inventory = buildInventory(resources);
  const out: Detected[] = [];
  for (const r of resources) {
    if (r.deletedAt) continue;
    const own = metrics.get(r.id);
    const ctx = { now: opts.now, inventory, metric: (name: string) => own?.get(name) ?? [] };
    const groupsTaken = new Set<string>();
    for (const check of catalog) {
      if (check.resourceType !== r.type || (check.group && groupsTaken.has(check.group))) continue;
      let finding: Finding | null;
      try {
        finding = check.evaluate(r, ctx, thresholds.get(check.id)!);
      } catch (err) {
        // One malformed record must not stop the other checks; the caller logs it.
        opts.onError?.(check, r, err);
        continue;
      }
      if (!finding) continue;
      if (check.group) groupsTaken.add(check.group);
      out.push({ check, resource: r, resourceKey: resourceKey(r), finding });
    }
  }
  return out;
}
