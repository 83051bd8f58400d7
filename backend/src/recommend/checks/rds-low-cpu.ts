import { z } from 'zod';
import { RDS_HOURLY } from '../pricing.js';
import { defineCheck } from '../model.js';
import { confidenceOf, rdsClass, rdsMonthly } from './price-basis.js';
import { fixed, lastDays, oneSizeDown, percentile, series } from './util.js';

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
    const cpu = lastDays(ctx.metric('CPUUtilization'), t.windowDays, ctx.now);
    if (cpu.length < t.minDays) return null;
    const p95 = percentile(cpu.map((p) => p.max ?? NaN), 95);
    if (p95 === undefined || p95 >= t.p95CpuPct) return null;
    const target = oneSizeDown(cls, (c) => c in RDS_HOURLY.mysql);
    const now = rdsMonthly(r, cls);
    const next = target ? rdsMonthly(r, target) : undefined;
    if (!target || !now || !next || now.approximate !== next.approximate) return null;
    const savings = now.monthly.minus(next.monthly);
    if (savings.lte(0)) return null;
    return {
      savings,
      pricingBasis: { from: now.basis, to: next.basis, currentMonthly: fixed(now.monthly), targetMonthly: fixed(next.monthly), formula: '(current hourly - target hourly) x 730' },
      evidence: { p95DailyMaxCpu: p95, daysWithData: cpu.length, targetClass: target, cpu: series(ctx, 'CPUUtilization', t.windowDays), thresholds: t },
      confidence: confidenceOf('medium', now.approximate),
      action: `Resize ${cls} to ${target}.`,
    };
  },
});
