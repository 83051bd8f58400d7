import { z } from 'zod';
import { defineCheck } from '../model.js';
import { confidenceOf } from './price-basis.js';
import { snapshotMonthly } from './snapshot-old.js';
import { str } from './util.js';

/** Thrifty "ebs_snapshot_orphaned"-style: the volume it was taken from no longer exists. */
export const snapshotOrphaned = defineCheck({
  id: 'snapshot-orphaned',
  title: 'Orphaned EBS snapshot',
  service: 'AmazonEC2',
  resourceType: 'ebs_snapshot',
  group: 'ebs-snapshot',
  why: 'A snapshot whose volume is gone is often a leftover nobody remembers; it keeps billing until deleted.',
  thresholds: z.object({}),
  defaults: {},
  evaluate(r, ctx) {
    const volumeId = str(r, 'volumeId');
    // vol-ffffffff is AWS's placeholder for snapshots copied or created from an AMI.
    if (!volumeId || volumeId === 'vol-ffffffff') return null;
    if (ctx.inventory.find(r.accountId, r.region, 'ebs_volume', volumeId)) return null;
    const price = snapshotMonthly(r);
    if (!price) return null;
    return {
      savings: price.monthly,
      pricingBasis: price.basis,
      evidence: { volumeId, volumeExists: false },
      confidence: confidenceOf('medium', price.approximate),
      action: `Delete the snapshot unless it is a deliberate backup of the deleted ${volumeId}.`,
    };
  },
});
