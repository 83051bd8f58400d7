import { Decimal } from '../../domain/money.js';
import type { EnrichedResource, ScannedResource } from '../types.js';
import { HOURLY_FIXED, HOURS_PER_MONTH, PRICE_TABLE_DATE, regionFactor, STORAGE } from './price-table.js';
import type { PriceBook } from './pricing.js';

type Pricing = EnrichedResource['pricing'];
export interface CostEstimate {
  monthlyCost: string | null;
  pricing: Pricing;
}

const GB = 1024 ** 3;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const usd = (d: Decimal.Value) => new Decimal(d).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed(6);
const table = (basis: string, unitPrice: number, unit: string): Pricing => ({
  source: 'offline-table',
  basis: `${basis}, offline table ${PRICE_TABLE_DATE}`,
  unitPrice: new Decimal(unitPrice).toDecimalPlaces(6).toString(),
  unit,
});

/**
 * Estimated monthly cost (730 h) of one resource at on-demand list price: compute for what
 * runs, storage for what is kept, the hourly fee of NAT gateways, load balancers and public
 * IPv4 addresses. Data transfer, requests and LCUs are not in inventory, so not in here.
 */
export async function estimateCost(r: ScannedResource, prices: PriceBook): Promise<CostEstimate> {
  const a = r.attributes;
  const f = regionFactor(r.region);
  const hourly = (perHour: number, basis: string): CostEstimate => ({
    monthlyCost: usd(new Decimal(perHour).times(f).times(HOURS_PER_MONTH)),
    pricing: table(basis, perHour * f, 'USD/hour'),
  });
  const perGb = (gb: number, perGbMonth: number, basis: string): CostEstimate => ({
    monthlyCost: usd(new Decimal(gb).times(perGbMonth).times(f)),
    pricing: table(basis, perGbMonth * f, 'USD/GB-month'),
  });
  switch (r.type) {
    case 'ec2_instance': {
      const type = String(a.instanceType ?? '');
      const p = await prices.ec2Hourly(type, r.region);
      if (!p) return { monthlyCost: null, pricing: { source: 'none', basis: `no price known for ${type} in ${r.region}` } };
      const running = r.state === 'running' || r.state === 'pending';
      return {
        monthlyCost: running ? usd(new Decimal(p.usdPerHour).times(HOURS_PER_MONTH)) : usd(0),
        pricing: { source: p.source, basis: running ? p.basis : `${p.basis}; ${r.state}: no compute charge (its volumes are billed as volumes)`, unitPrice: new Decimal(p.usdPerHour).toDecimalPlaces(6).toString(), unit: 'USD/hour' },
      };
    }
    case 'ebs_volume': {
      const vt = String(a.volumeType ?? 'gp2');
      const gbPrice = STORAGE.ebs[vt] ?? STORAGE.ebs.gp2!;
      let monthly = new Decimal(num(a.sizeGb)).times(gbPrice);
      const iopsPrice = STORAGE.ebsIopsMonth[vt];
      if (iopsPrice) monthly = monthly.plus(new Decimal(Math.max(0, num(a.iops) - (vt === 'gp3' ? 3000 : 0))).times(iopsPrice));
      if (vt === 'gp3') monthly = monthly.plus(new Decimal(Math.max(0, num(a.throughput) - 125)).times(STORAGE.gp3ThroughputMbMonth));
      return { monthlyCost: usd(monthly.times(f)), pricing: table(`EBS ${vt} ${num(a.sizeGb)} GB`, gbPrice * f, 'USD/GB-month') };
    }
    case 'ebs_snapshot':
      // Snapshots are incremental; the volume size is an upper bound of what is stored.
      return perGb(num(a.sizeGb), STORAGE.ebsSnapshotGbMonth, `EBS snapshot ≤ ${num(a.sizeGb)} GB (volume size, upper bound)`);
    case 'elastic_ip':
      return hourly(HOURLY_FIXED.publicIpv4, 'public IPv4 address');
    case 'nat_gateway':
      return r.state === 'deleted' || r.state === 'failed' ? { monthlyCost: usd(0), pricing: { source: 'offline-table', basis: `NAT gateway ${r.state}` } } : hourly(HOURLY_FIXED.natGateway, 'NAT gateway hourly fee (data processing not included)');
    case 'load_balancer': {
      const t = String(a.lbType ?? 'application');
      const rate = t === 'network' ? HOURLY_FIXED.nlb : t === 'gateway' ? HOURLY_FIXED.gwlb : HOURLY_FIXED.alb;
      return hourly(rate, `${t} load balancer hourly fee (LCUs not included)`);
    }
    case 'rds_instance': {
      const cls = String(a.instanceClass ?? '');
      const p = prices.rdsHourly(cls, r.region, Boolean(a.multiAz));
      const storage = new Decimal(num(a.allocatedStorageGb)).times(STORAGE.rdsStorageGbMonth[String(a.storageType ?? 'gp2')] ?? STORAGE.rdsStorageGbMonth.gp2!).times(f);
      if (!p) return { monthlyCost: usd(storage), pricing: { source: 'offline-table', basis: `no price known for ${cls}; storage only` } };
      const compute = r.state === 'stopped' ? new Decimal(0) : new Decimal(p.usdPerHour).times(HOURS_PER_MONTH);
      return { monthlyCost: usd(compute.plus(storage)), pricing: { source: p.source, basis: `${p.basis} + ${num(a.allocatedStorageGb)} GB storage`, unitPrice: new Decimal(p.usdPerHour).toDecimalPlaces(6).toString(), unit: 'USD/hour' } };
    }
    case 'rds_snapshot':
      return perGb(num(a.allocatedStorageGb), STORAGE.rdsSnapshotGbMonth, `RDS snapshot ≤ ${num(a.allocatedStorageGb)} GB`);
    case 's3_bucket':
      return perGb(num(a.sizeBytes) / GB, STORAGE.s3StandardGbMonth, 'S3 Standard storage (CloudWatch BucketSizeBytes)');
  }
}
