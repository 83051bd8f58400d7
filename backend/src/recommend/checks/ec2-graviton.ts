import { z } from 'zod';
import { defineCheck } from '../model.js';
import { ec2Monthly, instanceType } from './price-basis.js';
import { fixed, isRunning, splitType, str } from './util.js';

/** Current x86 families and their Graviton (arm64) counterpart. */
export const GRAVITON_FAMILY: Record<string, string> = { t3: 't4g', t3a: 't4g', m5: 'm6g', m6i: 'm6g', c5: 'c6g', c6i: 'c6g', r5: 'r6g', r6i: 'r6g' };

/** Thrifty-style Graviton migration candidate (AWS Compute Optimizer also reports it). */
export const ec2Graviton = defineCheck({
  id: 'ec2-graviton',
  title: 'Graviton candidate',
  service: 'AmazonEC2',
  resourceType: 'ec2_instance',
  group: 'ec2-compute',
  why: 'Graviton (arm64) instances cost about 20 % less per hour than the same x86 size; Linux workloads built for arm64 move with a rebuild.',
  thresholds: z.object({}),
  defaults: {},
  evaluate(r) {
    if (!isRunning(r)) return null;
    const platform = (str(r, 'platform', 'platformDetails') ?? '').toLowerCase();
    if (platform.includes('windows')) return null;
    const type = instanceType(r);
    const s = type ? splitType(type) : undefined;
    const fam = s ? GRAVITON_FAMILY[s.family] : undefined;
    if (!type || !s || !fam) return null;
    const target = `${fam}.${s.size}`;
    const now = ec2Monthly(r, type);
    const next = ec2Monthly(r, target);
    if (!now || !next) return null;
    const savings = now.monthly.minus(next.monthly);
    if (savings.lte(0)) return null;
    return {
      savings,
      pricingBasis: { from: now.basis, to: next.basis, currentMonthly: fixed(now.monthly), targetMonthly: fixed(next.monthly), formula: '(current hourly - Graviton hourly) x 730' },
      evidence: { instanceType: type, targetType: target, architecture: str(r, 'architecture') ?? 'x86_64' },
      // The software has to run on arm64: a candidate, not a certainty.
      confidence: 'low',
      action: `Rebuild for arm64 and move ${type} to ${target}.`,
    };
  },
});
