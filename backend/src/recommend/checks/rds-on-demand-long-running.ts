import { z } from 'zod';
import { defineCheck } from '../model.js';
import { confidenceOf, rdsMonthly } from './price-basis.js';
import { ageDays, date, fixed } from './util.js';

/** Trusted Advisor "Amazon RDS Reserved Instance Optimization", per instance. */
export const rdsOnDemandLongRunning = defineCheck({
  id: 'rds-on-demand-long-running',
  title: 'Long-running on-demand RDS DB instance',
  service: 'AmazonRDS',
  resourceType: 'rds_instance',
  group: 'rds-compute',
  why: 'A database that has run on demand for months is steady load: a 1-year Reserved Instance covers it for less.',
  thresholds: z.object({ minAgeDays: z.number().min(0), discountPct: z.number().min(0).max(90) }),
  defaults: { minAgeDays: 90, discountPct: 30 },
  evaluate(r, ctx, t) {
    if ((r.state ?? 'available').toLowerCase() !== 'available') return null;
    const created = date(r, 'createTime', 'instanceCreateTime', 'createdAt') ?? r.firstSeenAt;
    if (!created || ageDays(created, ctx.now) < t.minAgeDays) return null;
    const price = rdsMonthly(r);
    if (!price) return null;
    return {
      savings: price.monthly.times(t.discountPct).div(100),
      pricingBasis: { ...price.basis, onDemandMonthly: fixed(price.monthly), discountPct: t.discountPct, formula: 'hourly x 730 x discountPct / 100 (1-year no-upfront RI, configurable)' },
      evidence: { createdAt: created.toISOString(), ageDays: Math.floor(ageDays(created, ctx.now)), thresholds: t },
      confidence: confidenceOf('low', price.approximate),
      action: 'Buy a 1-year Reserved Instance for this class and engine.',
    };
  },
});
