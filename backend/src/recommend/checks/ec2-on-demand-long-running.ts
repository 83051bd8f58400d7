import { z } from 'zod';
import { defineCheck } from '../model.js';
import { confidenceOf, ec2Monthly } from './price-basis.js';
import { ageDays, date, fixed, isRunning, str } from './util.js';

/** Trusted Advisor "Amazon EC2 Reserved Instance / Savings Plan" purchase recommendations, per instance. */
export const ec2OnDemandLongRunning = defineCheck({
  id: 'ec2-on-demand-long-running',
  title: 'Long-running on-demand EC2 instance',
  service: 'AmazonEC2',
  resourceType: 'ec2_instance',
  group: 'ec2-compute',
  why: 'An instance that has run on demand for months is steady load: a 1-year Compute Savings Plan or Reserved Instance covers it for less.',
  thresholds: z.object({ minAgeDays: z.number().min(0), discountPct: z.number().min(0).max(90) }),
  defaults: { minAgeDays: 90, discountPct: 28 },
  evaluate(r, ctx, t) {
    if (!isRunning(r)) return null;
    if ((str(r, 'lifecycle', 'instanceLifecycle') ?? '').toLowerCase() === 'spot') return null;
    const launched = date(r, 'launchTime') ?? r.firstSeenAt;
    if (!launched || ageDays(launched, ctx.now) < t.minAgeDays) return null;
    const price = ec2Monthly(r);
    if (!price) return null;
    const savings = price.monthly.times(t.discountPct).div(100);
    return {
      savings,
      pricingBasis: { ...price.basis, onDemandMonthly: fixed(price.monthly), discountPct: t.discountPct, formula: 'hourly x 730 x discountPct / 100 (1-year no-upfront commitment, configurable)' },
      evidence: { launchedAt: launched.toISOString(), ageDays: Math.floor(ageDays(launched, ctx.now)), thresholds: t },
      // Existing reservations are not visible to the scanner.
      confidence: confidenceOf('low', price.approximate),
      action: 'Cover it with a 1-year Compute Savings Plan or Reserved Instance.',
    };
  },
});
