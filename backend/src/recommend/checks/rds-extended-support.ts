import { z } from 'zod';
import { dec } from '../../domain/money.js';
import { HOURS_PER_MONTH, PRICE_SOURCE, rdsEngineFamily } from '../pricing.js';
import { defineCheck } from '../model.js';
import { rdsClass, rdsMultiAz } from './price-basis.js';
import { splitType, str } from './util.js';

/**
 * RDS Extended Support: major versions past end of standard support are billed per vCPU-hour
 * (us-east-1: $0.100 in years 1-2, $0.200 in year 3), per instance (each Multi-AZ copy).
 */
export const EXTENDED_SUPPORT: { family: 'mysql' | 'postgres'; major: string; starts: string }[] = [
  { family: 'mysql', major: '5.7', starts: '2024-03-01' },
  { family: 'mysql', major: '8.0', starts: '2026-08-01' },
  { family: 'postgres', major: '11', starts: '2024-03-01' },
  { family: 'postgres', major: '12', starts: '2025-03-01' },
  { family: 'postgres', major: '13', starts: '2026-03-01' },
];

export function extendedSupportRate(starts: string, now: Date): number {
  const years = (now.getTime() - Date.parse(`${starts}T00:00:00Z`)) / (365.25 * 86_400_000);
  return years >= 2 ? 0.2 : 0.1;
}

const VCPU_BY_SIZE: Record<string, number> = { micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32, '12xlarge': 48, '16xlarge': 64 };

export function rdsVcpus(cls: string): number | undefined {
  if (cls === 'db.t2.micro' || cls === 'db.t2.small') return 1;
  const s = splitType(cls);
  return s ? VCPU_BY_SIZE[s.size] : undefined;
}

export const rdsExtendedSupport = defineCheck({
  id: 'rds-extended-support',
  title: 'RDS engine version in paid extended support',
  service: 'AmazonRDS',
  resourceType: 'rds_instance',
  why: 'Major versions past end of standard support (MySQL 5.7, PostgreSQL 11, ...) add a per-vCPU-hour surcharge; upgrading removes it.',
  thresholds: z.object({}),
  defaults: {},
  evaluate(r, ctx) {
    const family = rdsEngineFamily(str(r, 'engine') ?? '');
    const version = str(r, 'engineVersion') ?? '';
    const cls = rdsClass(r);
    const entry = EXTENDED_SUPPORT.find((e) => e.family === family && (version === e.major || version.startsWith(`${e.major}.`)));
    if (!entry || !cls || Date.parse(`${entry.starts}T00:00:00Z`) > ctx.now.getTime()) return null;
    const vcpus = rdsVcpus(cls);
    if (!vcpus) return null;
    const rate = extendedSupportRate(entry.starts, ctx.now);
    const copies = rdsMultiAz(r) ? 2 : 1;
    return {
      savings: dec(rate).times(vcpus).times(copies).times(HOURS_PER_MONTH),
      pricingBasis: { perVcpuHour: rate, vcpus, copies, hours: HOURS_PER_MONTH, extendedSupportSince: entry.starts, formula: 'perVcpuHour x vCPUs x copies x 730', source: PRICE_SOURCE },
      evidence: { engine: str(r, 'engine'), engineVersion: version, instanceClass: cls },
      confidence: 'high',
      action: `Upgrade ${str(r, 'engine')} ${version} to a major version in standard support.`,
    };
  },
});
