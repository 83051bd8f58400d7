import { z } from 'zod';
import { dec } from '../../domain/money.js';
import { PRICE_SOURCE, snapshotGbMonth } from '../pricing.js';
import { defineCheck, type ResourceRecord } from '../model.js';
import { confidenceOf } from './price-basis.js';
import { ageDays, date, num } from './util.js';

/** Snapshots bill incrementally; the source volume size is the upper bound we can see. */
export function snapshotMonthly(r: ResourceRecord) {
  const sizeGb = num(r, 'volumeSize', 'sizeGb', 'size');
  if (sizeGb === undefined) return undefined;
  const p = snapshotGbMonth(r.region);
  return {
    monthly: dec(p.value).times(sizeGb),
    basis: { sizeGb, gbMonth: p.value, unit: p.unit, priceRegion: p.region, formula: 'volumeSize x snapshot GB-month (upper bound: snapshots are incremental)', source: PRICE_SOURCE },
    approximate: p.regionFallback,
  };
}

export function snapshotStart(r: ResourceRecord): Date | undefined {
  return date(r, 'startTime', 'createTime', 'snapshotCreateTime', 'createdAt') ?? r.firstSeenAt;
}

/** Trusted Advisor has none; Thrifty "ebs_snapshot_max_age". */
export const snapshotOld = defineCheck({
  id: 'snapshot-old',
  title: 'Old EBS snapshot',
  service: 'AmazonEC2',
  resourceType: 'ebs_snapshot',
  group: 'ebs-snapshot',
  why: 'Snapshots older than the retention you need keep billing every month; a lifecycle policy (Data Lifecycle Manager) deletes them on schedule.',
  thresholds: z.object({ maxAgeDays: z.number().min(0) }),
  defaults: { maxAgeDays: 90 },
  evaluate(r, ctx, t) {
    const start = snapshotStart(r);
    if (!start || ageDays(start, ctx.now) <= t.maxAgeDays) return null;
    const price = snapshotMonthly(r);
    if (!price) return null;
    return {
      savings: price.monthly,
      pricingBasis: price.basis,
      evidence: { startTime: start.toISOString(), ageDays: Math.floor(ageDays(start, ctx.now)), thresholds: t },
      confidence: confidenceOf('medium', price.approximate),
      action: 'Delete the snapshot if no retention rule needs it; automate with Data Lifecycle Manager.',
    };
  },
});
