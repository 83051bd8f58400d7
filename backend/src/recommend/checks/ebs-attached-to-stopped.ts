import { z } from 'zod';
import { defineCheck } from '../model.js';
import { confidenceOf, ebsMonthly } from './price-basis.js';
import { isRootVolume, volumeAttachment } from './util.js';

/** Thrifty "ebs_volume_on_stopped_instance": data volumes (the root is priced by ec2-stopped-with-ebs). */
export const ebsAttachedToStopped = defineCheck({
  id: 'ebs-attached-to-stopped',
  title: 'EBS volume attached to a stopped instance',
  service: 'AmazonEC2',
  resourceType: 'ebs_volume',
  group: 'ebs-volume',
  why: 'A data volume on a stopped instance is billed although nothing can use it; snapshot and delete it, or restart the instance.',
  thresholds: z.object({}),
  defaults: {},
  evaluate(r, ctx) {
    const att = volumeAttachment(r);
    if (!att || (r.state ?? '').toLowerCase() !== 'in-use') return null;
    const instance = ctx.inventory.find(r.accountId, r.region, 'ec2_instance', att.instanceId);
    if (!instance || (instance.state ?? '').toLowerCase() !== 'stopped' || isRootVolume(r, instance)) return null;
    const price = ebsMonthly(r);
    if (!price) return null;
    return {
      savings: price.monthly,
      pricingBasis: price.basis,
      evidence: { instanceId: att.instanceId, instanceState: instance.state, device: att.device ?? null },
      confidence: confidenceOf('medium', price.approximate),
      action: `Snapshot and delete the volume, or detach it from stopped ${att.instanceId}.`,
    };
  },
});
