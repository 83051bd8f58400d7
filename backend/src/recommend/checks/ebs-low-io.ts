import { z } from 'zod';
import { defineCheck } from '../model.js';
import { confidenceOf, ebsMonthly } from './price-basis.js';
import { dailyTotals } from './util.js';

/** Trusted Advisor "Underutilized Amazon EBS Volumes" (fewer than ~1 IOPS) / Thrifty "ebs_volume_low_usage". */
export const ebsLowIo = defineCheck({
  id: 'ebs-low-io',
  title: 'EBS volume with almost no I/O',
  service: 'AmazonEC2',
  resourceType: 'ebs_volume',
  group: 'ebs-volume',
  why: 'An attached volume that is hardly read or written holds data nobody uses; snapshot it (cheaper per GB) and delete it.',
  thresholds: z.object({ maxOpsPerDay: z.number().min(0), windowDays: z.number().int().min(1).max(90), minDays: z.number().int().min(1) }),
  defaults: { maxOpsPerDay: 1000, windowDays: 7, minDays: 7 },
  evaluate(r, ctx, t) {
    if ((r.state ?? '').toLowerCase() !== 'in-use') return null;
    const ops = dailyTotals(ctx, ['VolumeReadOps', 'VolumeWriteOps'], t.windowDays);
    if (ops.size < t.minDays) return null;
    const busiest = Math.max(...ops.values());
    if (busiest >= t.maxOpsPerDay) return null;
    const price = ebsMonthly(r);
    if (!price) return null;
    return {
      savings: price.monthly,
      pricingBasis: price.basis,
      evidence: { busiestDayOps: busiest, daysWithData: ops.size, opsByDay: Object.fromEntries([...ops].sort()), thresholds: t },
      confidence: confidenceOf('medium', price.approximate),
      action: 'Snapshot the volume and delete it (or detach it if the instance no longer needs it).',
    };
  },
});
