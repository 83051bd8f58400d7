import { z } from 'zod';
import { sum } from '../../domain/money.js';
import { defineCheck } from '../model.js';
import { confidenceOf, ebsMonthly } from './price-basis.js';
import { ageDays, fixed, isRootVolume, str, volumeAttachment } from './util.js';

/** EC2 records "User initiated (2026-01-01 12:00:00 GMT)" when an instance is stopped. */
export function stoppedAt(reason: string | undefined): Date | undefined {
  const m = /\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})/.exec(reason ?? '');
  return m ? new Date(`${m[1]}T${m[2]}Z`) : undefined;
}

/**
 * Thrifty "ec2_instance_stopped_..." family: a stopped instance still pays for its root volume.
 * Data volumes on it are priced by ebs-attached-to-stopped, so no dollar is counted twice.
 */
export const ec2StoppedWithEbs = defineCheck({
  id: 'ec2-stopped-with-ebs',
  title: 'Stopped EC2 instance still paying for EBS',
  service: 'AmazonEC2',
  resourceType: 'ec2_instance',
  why: 'A stopped instance costs nothing per hour, but its root volume is billed every month; create an AMI and terminate it if it is not coming back.',
  thresholds: z.object({ minStoppedDays: z.number().min(0) }),
  defaults: { minStoppedDays: 7 },
  evaluate(r, ctx, t) {
    if ((r.state ?? '').toLowerCase() !== 'stopped') return null;
    const since = stoppedAt(str(r, 'stateTransitionReason'));
    if (since && ageDays(since, ctx.now) < t.minStoppedDays) return null;
    const volumes = ctx.inventory
      .ofType('ebs_volume')
      .filter((v) => v.accountId === r.accountId && v.region === r.region && volumeAttachment(v)?.instanceId === r.resourceId);
    const roots = volumes.filter((v) => isRootVolume(v, r));
    const priced = roots.map((v) => ({ v, p: ebsMonthly(v) })).filter((x) => x.p);
    if (!priced.length) return null;
    const savings = sum(priced.map((x) => x.p!.monthly));
    return {
      savings,
      pricingBasis: { volumes: priced.map((x) => ({ volumeId: x.v.resourceId, monthly: fixed(x.p!.monthly), ...x.p!.basis })), formula: 'sum of root volume monthly cost' },
      evidence: { stoppedSince: since?.toISOString() ?? null, rootVolumes: roots.map((v) => v.resourceId), allVolumes: volumes.map((v) => v.resourceId), thresholds: t },
      confidence: confidenceOf(since ? 'high' : 'medium', priced.some((x) => x.p!.approximate)),
      action: 'Create an AMI (or snapshot) and terminate the instance.',
    };
  },
});
