import { z } from 'zod';
import { defineCheck } from '../model.js';
import { confidenceOf, ebsMonthly } from './price-basis.js';

/** Trusted Advisor "Underutilized Amazon EBS Volumes" (unattached part) / Thrifty "ebs_volume_unattached". */
export const ebsUnattached = defineCheck({
  id: 'ebs-unattached',
  title: 'Unattached EBS volume',
  service: 'AmazonEC2',
  resourceType: 'ebs_volume',
  group: 'ebs-volume',
  why: 'A volume attached to nothing is billed per GB-month in full; snapshot it if the data matters and delete it.',
  thresholds: z.object({}),
  defaults: {},
  evaluate(r) {
    if ((r.state ?? '').toLowerCase() !== 'available') return null;
    const price = ebsMonthly(r);
    if (!price) return null;
    return {
      savings: price.monthly,
      pricingBasis: price.basis,
      evidence: { state: r.state, ...price.basis },
      confidence: confidenceOf('high', price.approximate),
      action: 'Snapshot the volume if needed, then delete it.',
    };
  },
});
