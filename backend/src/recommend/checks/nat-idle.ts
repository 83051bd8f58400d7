import { z } from 'zod';
import { defineCheck } from '../model.js';
import { HOURS_PER_MONTH, monthlyFromHourly, natHourly, PRICE_SOURCE } from '../pricing.js';
import { dailyTotals } from './util.js';

/** Trusted Advisor "Inactive NAT Gateways" / Thrifty "vpc_nat_gateway_unused". */
export const natIdle = defineCheck({
  id: 'nat-idle',
  title: 'NAT gateway with no traffic',
  service: 'AmazonVPC',
  resourceType: 'nat_gateway',
  why: 'A NAT gateway bills every hour it exists, traffic or not; one that carries nothing can be deleted.',
  thresholds: z.object({ maxBytes: z.number().min(0), windowDays: z.number().int().min(1).max(90), minDays: z.number().int().min(1) }),
  defaults: { maxBytes: 0, windowDays: 7, minDays: 7 },
  evaluate(r, ctx, t) {
    if (!['available', ''].includes((r.state ?? '').toLowerCase())) return null;
    const bytes = dailyTotals(ctx, ['BytesOutToDestination', 'BytesInFromDestination', 'BytesOutToSource', 'BytesInFromSource'], t.windowDays);
    if (bytes.size < t.minDays) return null;
    const total = [...bytes.values()].reduce((a, b) => a + b, 0);
    if (total > t.maxBytes) return null;
    const p = natHourly(r.region);
    return {
      savings: monthlyFromHourly(p.value),
      pricingBasis: { hourly: p.value, unit: p.unit, hours: HOURS_PER_MONTH, priceRegion: p.region, formula: 'hourly x 730 (data processing is zero when idle)', source: PRICE_SOURCE },
      evidence: { bytesInWindow: total, daysWithData: bytes.size, thresholds: t },
      confidence: p.regionFallback ? 'medium' : 'high',
      action: 'Delete the NAT gateway (and release its Elastic IP).',
    };
  },
});
