import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { clientConfig, type AwsAccess } from '../../aws/index.js';
import { EC2_HOURLY, PRICE_TABLE_DATE, RDS_HOURLY, regionFactor } from './price-table.js';

/** Pricing API's location names for the regions it is asked about most. */
const LOCATION: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)', 'us-east-2': 'US East (Ohio)', 'us-west-1': 'US West (N. California)', 'us-west-2': 'US West (Oregon)',
  'ca-central-1': 'Canada (Central)', 'sa-east-1': 'South America (Sao Paulo)',
  'eu-west-1': 'EU (Ireland)', 'eu-west-2': 'EU (London)', 'eu-west-3': 'EU (Paris)', 'eu-central-1': 'EU (Frankfurt)', 'eu-north-1': 'EU (Stockholm)',
  'ap-south-1': 'Asia Pacific (Mumbai)', 'ap-southeast-1': 'Asia Pacific (Singapore)', 'ap-southeast-2': 'Asia Pacific (Sydney)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)', 'ap-northeast-2': 'Asia Pacific (Seoul)',
};

export interface HourlyPrice {
  usdPerHour: number;
  source: 'pricing-api' | 'offline-table';
  basis: string;
}

/** Parses one GetProducts PriceList entry: terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD. */
export function onDemandUsd(priceListItem: string): number | undefined {
  const doc = JSON.parse(priceListItem) as { terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, { pricePerUnit?: { USD?: string } }> }> } };
  for (const term of Object.values(doc.terms?.OnDemand ?? {}))
    for (const dim of Object.values(term.priceDimensions ?? {})) {
      const usd = Number(dim.pricePerUnit?.USD);
      if (Number.isFinite(usd) && usd > 0) return usd;
    }
  return undefined;
}

/**
 * On-demand hourly prices: the AWS Pricing API (us-east-1 endpoint) when reachable, else the
 * bundled table. After a failed call the API is not asked again for `retryAfterMs`, so an
 * unreachable Pricing endpoint costs one timeout per scan, not one per instance type.
 */
export class PriceBook {
  private readonly api: PricingClient | undefined;
  private readonly cache = new Map<string, HourlyPrice | undefined>();
  private unreachableUntil = 0;

  constructor(opts: { access?: AwsAccess; useApi: boolean; retryAfterMs?: number }) {
    this.retryAfterMs = opts.retryAfterMs ?? 10 * 60_000;
    this.api = opts.useApi ? new PricingClient({ ...clientConfig(opts.access ?? {}, 'us-east-1'), maxAttempts: 2 }) : undefined;
  }
  private readonly retryAfterMs: number;

  async ec2Hourly(instanceType: string, region: string): Promise<HourlyPrice | undefined> {
    const key = `ec2|${instanceType}|${region}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const price = (await this.fromApi(instanceType, region)) ?? this.offline(EC2_HOURLY[instanceType], region, `EC2 ${instanceType}`);
    this.cache.set(key, price);
    return price;
  }

  /** RDS from the table only (its Pricing filters differ per engine and deployment). */
  rdsHourly(instanceClass: string, region: string, multiAz: boolean): HourlyPrice | undefined {
    const p = this.offline(RDS_HOURLY[instanceClass], region, `RDS ${instanceClass}${multiAz ? ' multi-AZ' : ''}`);
    return p && multiAz ? { ...p, usdPerHour: p.usdPerHour * 2 } : p;
  }

  private offline(usEast: number | undefined, region: string, what: string): HourlyPrice | undefined {
    if (usEast === undefined) return undefined;
    const f = regionFactor(region);
    return { usdPerHour: usEast * f, source: 'offline-table', basis: `${what} on-demand, offline table ${PRICE_TABLE_DATE} (us-east-1 × ${f})` };
  }

  private async fromApi(instanceType: string, region: string): Promise<HourlyPrice | undefined> {
    const location = LOCATION[region];
    if (!this.api || !location || Date.now() < this.unreachableUntil) return undefined;
    const f = (Field: string, Value: string) => ({ Type: 'TERM_MATCH' as const, Field, Value });
    try {
      const res = await this.api.send(
        new GetProductsCommand({
          ServiceCode: 'AmazonEC2',
          Filters: [f('instanceType', instanceType), f('location', location), f('operatingSystem', 'Linux'), f('tenancy', 'Shared'), f('preInstalledSw', 'NA'), f('capacitystatus', 'Used')],
          MaxResults: 1,
        }),
        { abortSignal: AbortSignal.timeout(5000) },
      );
      const usd = res.PriceList?.[0] ? onDemandUsd(res.PriceList[0]) : undefined;
      return usd === undefined ? undefined : { usdPerHour: usd, source: 'pricing-api', basis: `EC2 ${instanceType} on-demand Linux, AWS Pricing API` };
    } catch {
      this.unreachableUntil = Date.now() + this.retryAfterMs;
      return undefined;
    }
  }

  destroy(): void {
    this.api?.destroy();
  }
}
