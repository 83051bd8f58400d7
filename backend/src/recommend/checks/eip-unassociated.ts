import { z } from 'zod';
import { defineCheck } from '../model.js';
import { eipHourly, HOURS_PER_MONTH, monthlyFromHourly, PRICE_SOURCE } from '../pricing.js';
import { str } from './util.js';

/** Trusted Advisor "Unassociated Elastic IP Addresses" / Thrifty "vpc_eip_unattached". */
export const eipUnassociated = defineCheck({
  id: 'eip-unassociated',
  title: 'Unassociated Elastic IP',
  service: 'AmazonVPC',
  resourceType: 'elastic_ip',
  why: 'Every public IPv4 address is billed by the hour; one associated with nothing does nothing for it.',
  thresholds: z.object({}),
  defaults: {},
  evaluate(r) {
    const associated = str(r, 'associationId') ?? str(r, 'instanceId') ?? str(r, 'networkInterfaceId');
    if (associated || (r.state ?? '').toLowerCase() === 'associated') return null;
    const p = eipHourly(r.region);
    return {
      savings: monthlyFromHourly(p.value),
      pricingBasis: { hourly: p.value, unit: p.unit, hours: HOURS_PER_MONTH, priceRegion: p.region, formula: 'hourly x 730', source: PRICE_SOURCE },
      evidence: { publicIp: str(r, 'publicIp') ?? null, associationId: null },
      confidence: 'high',
      action: 'Release the address (or associate it with what needs it).',
    };
  },
});
