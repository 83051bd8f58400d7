import { z } from 'zod';
import { defineCheck } from '../model.js';
import { confidenceOf, ec2Monthly } from './price-basis.js';
import { isRunning, lastDays, series, sumByDay } from './util.js';

/** Trusted Advisor "Low Utilization Amazon EC2 Instances" / Thrifty "ec2_instance_with_low_utilization". */
export const ec2Idle = defineCheck({
  id: 'ec2-idle',
  title: 'Idle EC2 instance',
  service: 'AmazonEC2',
  resourceType: 'ec2_instance',
  group: 'ec2-compute',
  why: 'An instance that neither computes nor talks to the network is paid for by the hour and does nothing; stop or terminate it.',
  thresholds: z.object({ cpuMaxPct: z.number().min(0).max(100), networkMb: z.number().min(0), minDays: z.number().int().min(1), windowDays: z.number().int().min(1).max(90) }),
  defaults: { cpuMaxPct: 10, networkMb: 5, minDays: 4, windowDays: 14 },
  evaluate(r, ctx, t) {
    if (!isRunning(r)) return null;
    const cpu = lastDays(ctx.metric('CPUUtilization'), t.windowDays, ctx.now);
    if (cpu.length < t.minDays) return null;
    const net = sumByDay(lastDays(ctx.metric('NetworkIn'), t.windowDays, ctx.now), lastDays(ctx.metric('NetworkOut'), t.windowDays, ctx.now), 'avg');
    const idleDays = cpu.filter((p) => p.max !== null && p.max < t.cpuMaxPct && net.has(p.date) && net.get(p.date)! < t.networkMb * 1e6);
    if (idleDays.length < t.minDays) return null;
    const price = ec2Monthly(r);
    if (!price) return null;
    return {
      savings: price.monthly,
      pricingBasis: { ...price.basis, formula: 'hourly x 730 (the whole instance)' },
      evidence: { idleDays: idleDays.map((p) => p.date), daysWithData: cpu.length, cpu: series(ctx, 'CPUUtilization', t.windowDays), thresholds: t },
      confidence: confidenceOf(idleDays.length >= t.minDays * 2 ? 'high' : 'medium', price.approximate),
      action: 'Stop or terminate the instance (snapshot its volumes first if the data matters).',
    };
  },
});
