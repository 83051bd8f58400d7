import { dec, type Decimal } from '../../domain/money.js';
import { ebsVolumeMonthly, ec2Hourly, HOURS_PER_MONTH, monthlyFromHourly, PRICE_SOURCE, rdsHourly, type UnitPrice } from '../pricing.js';
import type { Confidence, ResourceRecord } from '../model.js';
import { bool, num, str } from './util.js';

/** A monthly figure with the basis that produced it (shown to users as pricing_basis). */
export interface Priced {
  monthly: Decimal;
  basis: Record<string, unknown>;
  /** Price from a fallback (another region's table, or the scanner's estimate). */
  approximate: boolean;
}

function hourlyBasis(p: UnitPrice, extra: Record<string, unknown> = {}): Priced {
  return {
    monthly: monthlyFromHourly(p.value),
    basis: { hourly: p.value, unit: p.unit, hours: HOURS_PER_MONTH, priceRegion: p.region, source: PRICE_SOURCE, ...extra },
    approximate: p.regionFallback,
  };
}

export function instanceType(r: ResourceRecord): string | undefined {
  return str(r, 'instanceType');
}

/** An EC2 instance's on-demand monthly price, or the scanner's estimate when the type is not in our table. */
export function ec2Monthly(r: ResourceRecord, type = instanceType(r)): Priced | undefined {
  const p = type ? ec2Hourly(type, r.region) : undefined;
  if (p) return hourlyBasis(p, { instanceType: type });
  if (type === instanceType(r) && r.monthlyCost) {
    return { monthly: dec(r.monthlyCost), basis: { monthlyCost: r.monthlyCost, source: 'scanner estimate (aws_resources.monthly_cost)' }, approximate: true };
  }
  return undefined;
}

export function rdsClass(r: ResourceRecord): string | undefined {
  return str(r, 'instanceClass', 'dbInstanceClass');
}

export function rdsMultiAz(r: ResourceRecord): boolean {
  return bool(r, 'multiAz', 'multiAZ') ?? false;
}

export function rdsMonthly(r: ResourceRecord, cls = rdsClass(r)): Priced | undefined {
  const engine = str(r, 'engine') ?? '';
  const p = cls ? rdsHourly(cls, engine, r.region, rdsMultiAz(r)) : undefined;
  if (p) return hourlyBasis(p, { instanceClass: cls, engine, multiAz: rdsMultiAz(r) });
  if (cls === rdsClass(r) && r.monthlyCost) {
    return { monthly: dec(r.monthlyCost), basis: { monthlyCost: r.monthlyCost, source: 'scanner estimate (aws_resources.monthly_cost)' }, approximate: true };
  }
  return undefined;
}

export function volumeFacts(r: ResourceRecord): { volumeType: string; sizeGb: number; iops?: number; throughput?: number } | undefined {
  const volumeType = str(r, 'volumeType');
  const sizeGb = num(r, 'sizeGb', 'size', 'volumeSize');
  if (!volumeType || sizeGb === undefined) return undefined;
  return { volumeType, sizeGb, iops: num(r, 'iops'), throughput: num(r, 'throughput') };
}

export function ebsMonthly(r: ResourceRecord): Priced | undefined {
  const v = volumeFacts(r);
  const m = v ? ebsVolumeMonthly(v, r.region) : undefined;
  if (!m) return undefined;
  return { monthly: m.amount, basis: { ...m.basis, formula: 'sizeGb x gbMonth (+ billable IOPS x iopsMonth)', source: PRICE_SOURCE }, approximate: Boolean(m.basis.regionFallback) };
}

export function confidenceOf(base: Confidence, approximate: boolean): Confidence {
  if (!approximate) return base;
  return base === 'high' ? 'medium' : 'low';
}
