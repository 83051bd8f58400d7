import { z } from 'zod';
import { ebsVolumeMonthly } from '../pricing.js';
import { defineCheck } from '../model.js';
import { confidenceOf, ebsMonthly, volumeFacts } from './price-basis.js';
import { fixed, peakRates } from './util.js';

/** Thrifty "ebs_volume_io1_io2_with_low_iops" (provisioned IOPS mostly unused). */
export const ebsIoToGp3 = defineCheck({
  id: 'ebs-io-to-gp3',
  title: 'Provisioned-IOPS volume that gp3 can serve',
  service: 'AmazonEC2',
  resourceType: 'ebs_volume',
  group: 'ebs-volume',
  why: 'io1/io2 bill every provisioned IOPS; when the volume never needs more than gp3 includes for free (3,000 IOPS), gp3 costs a fraction.',
  thresholds: z.object({ maxPeakIops: z.number().min(0).max(16000), windowDays: z.number().int().min(1).max(90), minDays: z.number().int().min(1) }),
  defaults: { maxPeakIops: 3000, windowDays: 30, minDays: 7 },
  evaluate(r, ctx, t) {
    const v = volumeFacts(r);
    if (!v || (v.volumeType !== 'io1' && v.volumeType !== 'io2') || (r.state ?? '').toLowerCase() !== 'in-use') return null;
    const rates = peakRates(ctx, ['VolumeReadOps', 'VolumeWriteOps'], t.windowDays);
    if (rates.size < t.minDays) return null;
    const peakIops = Math.max(...rates.values());
    if (peakIops > t.maxPeakIops) return null;
    const now = ebsMonthly(r);
    const gp3 = ebsVolumeMonthly({ volumeType: 'gp3', sizeGb: v.sizeGb, iops: 3000, throughput: 125 }, r.region);
    if (!now || !gp3) return null;
    const savings = now.monthly.minus(gp3.amount);
    if (savings.lte(0)) return null;
    return {
      savings,
      pricingBasis: { from: now.basis, to: gp3.basis, currentMonthly: fixed(now.monthly), targetMonthly: fixed(gp3.amount), formula: 'current monthly - gp3 (3,000 IOPS, 125 MB/s included) monthly' },
      evidence: { provisionedIops: v.iops ?? null, peakIops: Math.round(peakIops * 100) / 100, daysWithData: rates.size, thresholds: t },
      confidence: confidenceOf('medium', now.approximate),
      action: `Modify the volume from ${v.volumeType} to gp3.`,
    };
  },
});
