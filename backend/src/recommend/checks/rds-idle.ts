import { z } from 'zod';
import { defineCheck } from '../model.js';
import { confidenceOf, rdsMonthly } from './price-basis.js';
import { lastDays, series } from './util.js';

/** Trusted Advisor "Amazon RDS Idle DB Instances" (no connection for 7 days). */
export const rdsIdle = defineCheck({
  id: 'rds-idle',
  title: 'Idle RDS DB instance',
  service: 'AmazonRDS',
  resourceType: 'rds_instance',
  group: 'rds-compute',
  why: 'A database nobody connected to for a week is paid for by the hour; take a final snapshot and delete it.',
  thresholds: z.object({ windowDays: z.number().int().min(1).max(90), maxConnections: z.number().min(0) }),
  defaults: { windowDays: 7, maxConnections: 0 },
  evaluate(r, ctx, t) {
    if ((r.state ?? 'available').toLowerCase() !== 'available') return null;
    const conns = lastDays(ctx.metric('DatabaseConnections'), t.windowDays, ctx.now);
    if (conns.length < t.windowDays) return null;
    if (conns.some((p) => p.max === null || p.max > t.maxConnections)) return null;
    const price = rdsMonthly(r);
    if (!price) return null;
    return {
      savings: price.monthly,
      pricingBasis: { ...price.basis, formula: 'hourly x 730 (instance hours; storage kept as a final snapshot)' },
      evidence: { maxConnections: Math.max(...conns.map((p) => p.max ?? 0)), daysWithData: conns.length, connections: series(ctx, 'DatabaseConnections', t.windowDays), thresholds: t },
      confidence: confidenceOf('high', price.approximate),
      action: 'Take a final snapshot and delete the DB instance.',
    };
  },
});
