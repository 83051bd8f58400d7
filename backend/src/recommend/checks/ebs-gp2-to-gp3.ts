import { z } from 'zod';
import { ebsVolumeMonthly } from '../pricing.js';
import { defineCheck } from '../model.js';
import { confidenceOf, ebsMonthly, volumeFacts } from './price-basis.js';
import { fixed } from './util.js';

/** gp2 performance that gp3 must match: 3 IOPS/GB (100..16,000) and 128 or 250 MB/s. */
export function gp2Equivalent(sizeGb: number): { iops: number; throughput: number } {
  return { iops: Math.min(16000, Math.max(100, 3 * sizeGb)), throughput: sizeGb > 170 ? 250 : 125 };
}

/** Thrifty "ebs_volume_using_gp2"; AWS's own migration advice. */
export const ebsGp2ToGp3 = defineCheck({
  id: 'ebs-gp2-to-gp3',
  title: 'gp2 volume that should be gp3',
  service: 'AmazonEC2',
  resourceType: 'ebs_volume',
  group: 'ebs-volume',
  why: 'gp3 is 20 % cheaper per GB than gp2 with at least the same baseline performance; the change is online, without downtime.',
  thresholds: z.object({}),
  defaults: {},
  evaluate(r) {
    const v = volumeFacts(r);
    if (!v || v.volumeType !== 'gp2') return null;
    const eq = gp2Equivalent(v.sizeGb);
    const now = ebsMonthly(r);
    const gp3 = ebsVolumeMonthly({ volumeType: 'gp3', sizeGb: v.sizeGb, iops: Math.max(3000, eq.iops), throughput: eq.throughput }, r.region);
    if (!now || !gp3) return null;
    const savings = now.monthly.minus(gp3.amount);
    if (savings.lte(0)) return null;
    return {
      savings,
      pricingBasis: { from: now.basis, to: gp3.basis, currentMonthly: fixed(now.monthly), targetMonthly: fixed(gp3.amount), formula: 'gp2 monthly - gp3 monthly at gp2-equivalent IOPS and throughput' },
      evidence: { sizeGb: v.sizeGb, gp2BaselineIops: eq.iops, gp3Iops: Math.max(3000, eq.iops), gp3Throughput: eq.throughput },
      confidence: confidenceOf('high', now.approximate),
      action: 'Modify the volume type from gp2 to gp3 (online).',
    };
  },
});
