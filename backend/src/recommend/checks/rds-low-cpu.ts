import { z } from 'zod';
import { RDS_HOURLY } from '../pricing.js';
import { defineCheck } from '../model.js';
import { rdsClass, rdsMonthly } from './price-basis.js';
import { lowCpuResize } from './resize.js';

/** Thrifty "rds_db_instance_with_low_utilization": one size down in the same class family. */
export const rdsLowCpu = defineCheck({
  id: 'rds-low-cpu',
  title: 'Over-provisioned RDS DB instance (low CPU)',
  service: 'AmazonRDS',
  resourceType: 'rds_instance',
  group: 'rds-compute',
  why: 'A database whose CPU stays low for a month runs one size smaller at about half the price.',
  thresholds: z.object({ p95CpuPct: z.number().min(0).max(100), windowDays: z.number().int().min(7).max(90), minDays: z.number().int().min(1) }),
  defaults: { p95CpuPct: 20, windowDays: 30, minDays: 14 },
  evaluate(r, ctx, t) {
    if ((r.state ?? 'available').toLowerCase() !== 'available') return null;
    const cls = rdsClass(r);
    if (!cls) return null;
    return lowCpuResize(ctx, t, { current: cls, evidenceKey: 'targetClass', priced: (c) => c in RDS_HOURLY.mysql, monthly: (s) => rdsMonthly(r, s) });
  },
});
