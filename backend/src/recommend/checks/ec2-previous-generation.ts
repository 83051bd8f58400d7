import { z } from 'zod';
import { defineCheck } from '../model.js';
import { confidenceOf, ec2Monthly, instanceType } from './price-basis.js';
import { fixed, splitType } from './util.js';

/** Previous-generation families and the current x86 family of the same kind. */
export const EC2_NEXT_GENERATION: Record<string, string> = {
  t1: 't3', t2: 't3', m1: 'm6i', m2: 'm6i', m3: 'm6i', m4: 'm6i', c1: 'c6i', c3: 'c6i', c4: 'c6i', r3: 'r6i', r4: 'r6i',
};

/** Thrifty "ec2_instance_older_generation"; Trusted Advisor flags the same under performance/cost. */
export const ec2PreviousGeneration = defineCheck({
  id: 'ec2-previous-generation',
  title: 'Previous-generation EC2 instance type',
  service: 'AmazonEC2',
  resourceType: 'ec2_instance',
  group: 'ec2-compute',
  why: 'Current generations give more performance per dollar and usually cost the same or less per hour; old families also lose hardware support first.',
  thresholds: z.object({}),
  defaults: {},
  evaluate(r) {
    if (['terminated', 'shutting-down'].includes(r.state ?? '')) return null;
    const type = instanceType(r);
    const s = type ? splitType(type) : undefined;
    const nextFamily = s ? EC2_NEXT_GENERATION[s.family] : undefined;
    if (!type || !s || !nextFamily) return null;
    const target = `${nextFamily}.${s.size}`;
    const now = ec2Monthly(r, type);
    const next = ec2Monthly(r, target);
    if (!now || !next) return null;
    const running = (r.state ?? 'running') === 'running';
    const diff = now.monthly.minus(next.monthly);
    const savings = running && diff.gt(0) ? diff : diff.times(0);
    return {
      savings,
      pricingBasis: { from: now.basis, to: next.basis, currentMonthly: fixed(now.monthly), targetMonthly: fixed(next.monthly), formula: running ? 'max(0, current hourly - target hourly) x 730' : 'stopped: no compute spend to save' },
      evidence: { instanceType: type, family: s.family, targetType: target, state: r.state },
      confidence: confidenceOf('high', now.approximate),
      action: `Move ${type} to ${target}.`,
    };
  },
});
