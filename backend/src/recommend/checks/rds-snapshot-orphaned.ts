import { z } from 'zod';
import { dec } from '../../domain/money.js';
import { PRICE_SOURCE, RDS_SNAPSHOT_GB_MONTH } from '../pricing.js';
import { defineCheck } from '../model.js';
import { num, str } from './util.js';

/** Trusted Advisor-style: manual RDS snapshots of DB instances that no longer exist. */
export const rdsSnapshotOrphaned = defineCheck({
  id: 'rds-snapshot-orphaned',
  title: 'RDS snapshot of a deleted DB instance',
  service: 'AmazonRDS',
  resourceType: 'rds_snapshot',
  why: 'Manual snapshots outlive their DB instance and bill backup storage in full (the free allowance ends with the instance).',
  thresholds: z.object({}),
  defaults: {},
  evaluate(r, ctx) {
    const type = (str(r, 'snapshotType') ?? 'manual').toLowerCase();
    if (type === 'automated') return null;
    const dbId = str(r, 'dbInstanceId', 'dbInstanceIdentifier');
    if (!dbId || ctx.inventory.find(r.accountId, r.region, 'rds_instance', dbId)) return null;
    const sizeGb = num(r, 'allocatedStorageGb', 'allocatedStorage', 'sizeGb');
    if (sizeGb === undefined) return null;
    return {
      savings: dec(RDS_SNAPSHOT_GB_MONTH).times(sizeGb),
      pricingBasis: { sizeGb, gbMonth: RDS_SNAPSHOT_GB_MONTH, unit: 'USD per backup GB-month', formula: 'allocatedStorage x backup GB-month (upper bound)', source: PRICE_SOURCE },
      evidence: { dbInstanceIdentifier: dbId, instanceExists: false, snapshotType: type },
      confidence: 'medium',
      action: `Delete the snapshot, or export it to S3 if ${dbId} must stay restorable.`,
    };
  },
});
