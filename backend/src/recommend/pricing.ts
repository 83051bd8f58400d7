import { dec, type Decimal } from '../domain/money.js';

/**
 * The small, offline price table the savings checks need. Public AWS list prices
 * (on-demand, Linux, shared tenancy, USD), read from aws.amazon.com/{ec2,ebs,vpc,rds}/pricing
 * on 2026-11-26; RDS extended support from aws.amazon.com/rds/{mysql,postgresql}/pricing.
 * Kept apart from the scanner's table so that a savings figure always states the exact
 * unit price it was computed from (pricing_basis), and so tests can hand-compute it.
 */
export const PRICE_SOURCE = 'AWS public on-demand list prices (USD), offline table of 2026-11-26';

/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;

export interface EbsPrices {
  /** USD per GB-month by volume type. */
  gb: Record<string, number>;
  /** USD per provisioned IOPS-month (io1, io2 first tier; gp3 above its 3,000 free). */
  iops: Record<string, number>;
  /** gp3 throughput above its 125 MB/s free, USD per MB/s-month. */
  gp3ThroughputMbps: number;
  /** EBS snapshot, standard tier, USD per GB-month. */
  snapshotGb: number;
}

const EBS_US: EbsPrices = {
  gb: { gp2: 0.1, gp3: 0.08, io1: 0.125, io2: 0.125, st1: 0.045, sc1: 0.015, standard: 0.05 },
  iops: { io1: 0.065, io2: 0.065, gp3: 0.005 },
  gp3ThroughputMbps: 0.04,
  snapshotGb: 0.05,
};

const EBS: Record<string, EbsPrices> = {
  'us-east-1': EBS_US,
  'us-east-2': EBS_US,
  'us-west-2': EBS_US,
  'eu-west-1': {
    gb: { gp2: 0.11, gp3: 0.088, io1: 0.138, io2: 0.138, st1: 0.05, sc1: 0.0168, standard: 0.055 },
    iops: { io1: 0.072, io2: 0.072, gp3: 0.0055 },
    gp3ThroughputMbps: 0.044,
    snapshotGb: 0.05,
  },
};

/** Per-hour prices that vary by region: EIP (idle public IPv4) and NAT gateway. */
const HOURLY: Record<string, { eip: number; nat: number; natGb: number }> = {
  'us-east-1': { eip: 0.005, nat: 0.045, natGb: 0.045 },
  'us-east-2': { eip: 0.005, nat: 0.045, natGb: 0.045 },
  'us-west-2': { eip: 0.005, nat: 0.045, natGb: 0.045 },
  'eu-west-1': { eip: 0.005, nat: 0.048, natGb: 0.048 },
};

/** EC2 on-demand USD/hour in us-east-1 (the family list the checks move between). */
export const EC2_HOURLY: Record<string, number> = {
  't2.nano': 0.0058, 't2.micro': 0.0116, 't2.small': 0.023, 't2.medium': 0.0464, 't2.large': 0.0928, 't2.xlarge': 0.1856, 't2.2xlarge': 0.3712,
  't3.nano': 0.0052, 't3.micro': 0.0104, 't3.small': 0.0208, 't3.medium': 0.0416, 't3.large': 0.0832, 't3.xlarge': 0.1664, 't3.2xlarge': 0.3328,
  't4g.nano': 0.0042, 't4g.micro': 0.0084, 't4g.small': 0.0168, 't4g.medium': 0.0336, 't4g.large': 0.0672, 't4g.xlarge': 0.1344, 't4g.2xlarge': 0.2688,
  'm3.medium': 0.067, 'm3.large': 0.133, 'm3.xlarge': 0.266, 'm3.2xlarge': 0.532,
  'm4.large': 0.1, 'm4.xlarge': 0.2, 'm4.2xlarge': 0.4, 'm4.4xlarge': 0.8,
  'm5.large': 0.096, 'm5.xlarge': 0.192, 'm5.2xlarge': 0.384, 'm5.4xlarge': 0.768,
  'm6i.large': 0.096, 'm6i.xlarge': 0.192, 'm6i.2xlarge': 0.384, 'm6i.4xlarge': 0.768,
  'm6g.medium': 0.0385, 'm6g.large': 0.077, 'm6g.xlarge': 0.154, 'm6g.2xlarge': 0.308, 'm6g.4xlarge': 0.616,
  'c4.large': 0.1, 'c4.xlarge': 0.199, 'c4.2xlarge': 0.398, 'c4.4xlarge': 0.796,
  'c5.large': 0.085, 'c5.xlarge': 0.17, 'c5.2xlarge': 0.34, 'c5.4xlarge': 0.68,
  'c6i.large': 0.085, 'c6i.xlarge': 0.17, 'c6i.2xlarge': 0.34, 'c6i.4xlarge': 0.68,
  'c6g.medium': 0.034, 'c6g.large': 0.068, 'c6g.xlarge': 0.136, 'c6g.2xlarge': 0.272, 'c6g.4xlarge': 0.544,
  'r4.large': 0.133, 'r4.xlarge': 0.266, 'r4.2xlarge': 0.532, 'r4.4xlarge': 1.064,
  'r5.large': 0.126, 'r5.xlarge': 0.252, 'r5.2xlarge': 0.504, 'r5.4xlarge': 1.008,
  'r6i.large': 0.126, 'r6i.xlarge': 0.252, 'r6i.2xlarge': 0.504, 'r6i.4xlarge': 1.008,
  'r6g.medium': 0.0504, 'r6g.large': 0.1008, 'r6g.xlarge': 0.2016, 'r6g.2xlarge': 0.4032, 'r6g.4xlarge': 0.8064,
};

/** RDS single-AZ on-demand USD/hour in us-east-1, by engine family (Multi-AZ is twice this). */
export const RDS_HOURLY: Record<'mysql' | 'postgres', Record<string, number>> = {
  mysql: {
    'db.t2.micro': 0.017, 'db.t2.small': 0.034, 'db.t2.medium': 0.068, 'db.t2.large': 0.136,
    'db.t3.micro': 0.017, 'db.t3.small': 0.034, 'db.t3.medium': 0.068, 'db.t3.large': 0.136,
    'db.m4.large': 0.175, 'db.m4.xlarge': 0.35, 'db.m4.2xlarge': 0.7,
    'db.m5.large': 0.171, 'db.m5.xlarge': 0.342, 'db.m5.2xlarge': 0.684,
    'db.m6g.large': 0.152, 'db.m6g.xlarge': 0.304, 'db.m6g.2xlarge': 0.608,
    'db.r4.large': 0.24, 'db.r4.xlarge': 0.48, 'db.r4.2xlarge': 0.96,
    'db.r5.large': 0.24, 'db.r5.xlarge': 0.48, 'db.r5.2xlarge': 0.96,
    'db.r6g.large': 0.215, 'db.r6g.xlarge': 0.43, 'db.r6g.2xlarge': 0.86,
  },
  postgres: {
    'db.t2.micro': 0.018, 'db.t2.small': 0.036, 'db.t2.medium': 0.073, 'db.t2.large': 0.145,
    'db.t3.micro': 0.018, 'db.t3.small': 0.036, 'db.t3.medium': 0.072, 'db.t3.large': 0.145,
    'db.m4.large': 0.182, 'db.m4.xlarge': 0.365, 'db.m4.2xlarge': 0.73,
    'db.m5.large': 0.178, 'db.m5.xlarge': 0.356, 'db.m5.2xlarge': 0.712,
    'db.m6g.large': 0.159, 'db.m6g.xlarge': 0.318, 'db.m6g.2xlarge': 0.636,
    'db.r4.large': 0.25, 'db.r4.xlarge': 0.5, 'db.r4.2xlarge': 1.0,
    'db.r5.large': 0.25, 'db.r5.xlarge': 0.5, 'db.r5.2xlarge': 1.0,
    'db.r6g.large': 0.225, 'db.r6g.xlarge': 0.45, 'db.r6g.2xlarge': 0.9,
  },
};

/** RDS manual snapshot / backup storage beyond the free allowance, USD per GB-month. */
export const RDS_SNAPSHOT_GB_MONTH = 0.095;

/** S3 Standard and Standard-IA storage, first 50 TB, USD per GB-month (us-east-1). */
export const S3_GB_MONTH = { standard: 0.023, standardIa: 0.0125 } as const;

/** A unit price and where it came from; `regionFallback` when the region is not in the table. */
export interface UnitPrice {
  value: number;
  unit: string;
  region: string;
  regionFallback: boolean;
}

function regional<T>(table: Record<string, T>, region: string): { v: T; region: string; fallback: boolean } {
  const v = table[region];
  if (v) return { v, region, fallback: false };
  return { v: table['us-east-1']!, region: 'us-east-1', fallback: true };
}

export function ebsGbMonth(volumeType: string, region: string): UnitPrice | undefined {
  const r = regional(EBS, region);
  const value = r.v.gb[volumeType];
  return value === undefined ? undefined : { value, unit: `USD per GB-month (${volumeType})`, region: r.region, regionFallback: r.fallback };
}

export function ebsIopsMonth(volumeType: string, region: string): UnitPrice | undefined {
  const r = regional(EBS, region);
  const value = r.v.iops[volumeType];
  return value === undefined ? undefined : { value, unit: `USD per provisioned IOPS-month (${volumeType})`, region: r.region, regionFallback: r.fallback };
}

export function snapshotGbMonth(region: string): UnitPrice {
  const r = regional(EBS, region);
  return { value: r.v.snapshotGb, unit: 'USD per snapshot GB-month', region: r.region, regionFallback: r.fallback };
}

export function eipHourly(region: string): UnitPrice {
  const r = regional(HOURLY, region);
  return { value: r.v.eip, unit: 'USD per idle Elastic IP hour', region: r.region, regionFallback: r.fallback };
}

export function natHourly(region: string): UnitPrice {
  const r = regional(HOURLY, region);
  return { value: r.v.nat, unit: 'USD per NAT gateway hour', region: r.region, regionFallback: r.fallback };
}

/** Instance prices are us-east-1 only: other regions are marked as a fallback (lower confidence). */
export function ec2Hourly(instanceType: string, region: string): UnitPrice | undefined {
  const value = EC2_HOURLY[instanceType];
  if (value === undefined) return undefined;
  return { value, unit: `USD per hour (${instanceType}, Linux on-demand)`, region: 'us-east-1', regionFallback: region !== 'us-east-1' };
}

export function rdsEngineFamily(engine: string): 'mysql' | 'postgres' | undefined {
  const e = engine.toLowerCase();
  if (e === 'mysql' || e === 'mariadb') return 'mysql';
  if (e === 'postgres' || e === 'postgresql') return 'postgres';
  return undefined;
}

export function rdsHourly(instanceClass: string, engine: string, region: string, multiAz = false): UnitPrice | undefined {
  const fam = rdsEngineFamily(engine);
  const base = fam ? RDS_HOURLY[fam][instanceClass] : undefined;
  if (base === undefined) return undefined;
  const value = multiAz ? base * 2 : base;
  return {
    value,
    unit: `USD per hour (${instanceClass}, ${fam}, ${multiAz ? 'Multi-AZ' : 'Single-AZ'} on-demand)`,
    region: 'us-east-1',
    regionFallback: region !== 'us-east-1',
  };
}

/** Monthly amount of an hourly price, exact. */
export function monthlyFromHourly(hourly: number, hours = HOURS_PER_MONTH): Decimal {
  return dec(hourly).times(hours);
}

/**
 * EBS volume monthly cost: size x GB price, plus provisioned IOPS (io1/io2 all of them, gp3
 * above 3,000) and gp3 throughput above 125 MB/s.
 */
export function ebsVolumeMonthly(
  v: { volumeType: string; sizeGb: number; iops?: number; throughput?: number },
  region: string,
): { amount: Decimal; basis: Record<string, unknown> } | undefined {
  const gb = ebsGbMonth(v.volumeType, region);
  if (!gb) return undefined;
  let amount = dec(gb.value).times(v.sizeGb);
  const basis: Record<string, unknown> = { volumeType: v.volumeType, sizeGb: v.sizeGb, gbMonth: gb.value, region: gb.region };
  if (gb.regionFallback) basis.regionFallback = true;
  const iopsPrice = ebsIopsMonth(v.volumeType, region);
  if (iopsPrice && v.iops) {
    const billable = v.volumeType === 'gp3' ? Math.max(0, v.iops - 3000) : v.iops;
    if (billable > 0) {
      amount = amount.plus(dec(iopsPrice.value).times(billable));
      basis.billableIops = billable;
      basis.iopsMonth = iopsPrice.value;
    }
  }
  if (v.volumeType === 'gp3' && v.throughput && v.throughput > 125) {
    const r = regional(EBS, region);
    amount = amount.plus(dec(r.v.gp3ThroughputMbps).times(v.throughput - 125));
    basis.billableThroughputMbps = v.throughput - 125;
    basis.throughputMonth = r.v.gp3ThroughputMbps;
  }
  return { amount, basis };
}
