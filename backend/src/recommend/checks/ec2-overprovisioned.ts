import { z } from 'zod';
import { EC2_HOURLY } from '../pricing.js';
import { defineCheck } from '../model.js';
import { ec2Monthly, instanceType } from './price-basis.js';
import { lowCpuResize } from './resize.js';
import { isRunning } from './util.js';

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
    return lowCpuResize(ctx, t, { current: type, evidenceKey: 'targetType', priced: (c) => c in EC2_HOURLY, monthly: (s) => ec2Monthly(r, s) });
  },
});
