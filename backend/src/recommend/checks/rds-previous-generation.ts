import { z } from 'zod';
import { defineCheck } from '../model.js';
import { confidenceOf, rdsClass, rdsMonthly } from './price-basis.js';
import { fixed, splitType } from './util.js';

export const RDS_NEXT_GENERATION: Record<string, string> = { t2: 't3', m3: 'm5', m4: 'm5', r3: 'r5', r4: 'r5' };

/** Thrifty "rds_db_instance_older_generation". */
export const rdsPreviousGeneration = defineCheck({
  id: 'rds-previous-generation',
  title: 'Previous-generation RDS instance class',
  service: 'AmazonRDS',
  resourceType: 'rds_instance',
  group: 'rds-compute',
  why: 'Current classes cost the same or less per hour with more performance; old classes are retired by AWS over time.',
  thresholds: z.object({}),
  defaults: {},
  evaluate(r) {
    const cls = rdsClass(r);
    const s = cls ? splitType(cls) : undefined;
    const fam = s ? RDS_NEXT_GENERATION[s.family] : undefined;
    if (!cls || !s || !fam) return null;
    const target = `db.${fam}.${s.size}`;
    const now = rdsMonthly(r, cls);
    const next = rdsMonthly(r, target);
    if (!now || !next) return null;
    const diff = now.monthly.minus(next.monthly);
    return {
      savings: diff.gt(0) ? diff : diff.times(0),
      pricingBasis: { from: now.basis, to: next.basis, currentMonthly: fixed(now.monthly), targetMonthly: fixed(next.monthly), formula: 'max(0, current hourly - target hourly) x 730' },
      evidence: { instanceClass: cls, targetClass: target },
      confidence: confidenceOf('high', now.approximate),
      action: `Modify the DB instance class from ${cls} to ${target}.`,
    };
  },
});
