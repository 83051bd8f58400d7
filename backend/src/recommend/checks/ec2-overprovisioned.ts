import { z } from 'zod';
import { EC2_HOURLY } from '../pricing.js';
import { defineCheck } from '../model.js';
import { confidenceOf, ec2Monthly, instanceType } from './price-basis.js';
import { fixed, isRunning, lastDays, oneSizeDown, percentile, series } from './util.js';

/** Thrifty "ec2_instance_large_with_low_utilization"; Compute Optimizer's one-size-down advice. */
export const ec2Overprovisioned = defineCheck({
  id: 'ec2-overprovisioned',
  title: 'Over-provisioned EC2 instance',
  service: 'AmazonEC2',
  resourceType: 'ec2_instance',
  group: 'ec2-compute',
  why: 'An instance whose CPU stays low for a month can run one size smaller in the same family at about half the price.',
  thresholds: z.object({ p95CpuPct: z.number().min(0).max(100), windowDays: z.number().int().min(7).max(90), minDays: z.number().int().min(1) }),
  defaults: { p95CpuPct: 20, windowDays: 30, minDays: 14 },
  evaluate(r, ctx, t) {
    if (!isRunning(r)) return null;
    const type = instanceType(r);
    if (!type) return null;
    const cpu = lastDays(ctx.metric('CPUUtilization'), t.windowDays, ctx.now);
    if (cpu.length < t.minDays) return null;
    // p95 over the daily maxima: a conservative stand-in for the p95 of 5-minute samples.
    const p95 = percentile(cpu.map((p) => p.max ?? NaN), 95);
    if (p95 === undefined || p95 >= t.p95CpuPct) return null;
    const target = oneSizeDown(type, (c) => c in EC2_HOURLY);
    const now = ec2Monthly(r, type);
    const next = target ? ec2Monthly(r, target) : undefined;
    if (!target || !now || !next || now.approximate !== next.approximate) return null;
    const savings = now.monthly.minus(next.monthly);
    if (savings.lte(0)) return null;
    return {
      savings,
      pricingBasis: { from: now.basis, to: next.basis, currentMonthly: fixed(now.monthly), targetMonthly: fixed(next.monthly), formula: '(current hourly - target hourly) x 730' },
      evidence: { p95DailyMaxCpu: p95, daysWithData: cpu.length, targetType: target, cpu: series(ctx, 'CPUUtilization', t.windowDays), thresholds: t },
      confidence: confidenceOf('medium', now.approximate),
      action: `Resize ${type} to ${target}.`,
    };
  },
});
