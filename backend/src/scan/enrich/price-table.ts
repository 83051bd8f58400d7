/**
 * Bundled offline prices, used when the AWS Pricing API is unreachable (air-gapped installs,
 * moto in tests, a denied pricing:GetProducts).
 *
 * Source: AWS public on-demand price pages (EC2 Linux/UNIX shared tenancy, RDS single-AZ
 * MySQL/PostgreSQL, EBS, S3 Standard first tier, VPC NAT gateway and public IPv4, ELB),
 * us-east-1, USD, as published in 2024 (transcribed 2024-06; AWS has not changed these list
 * prices since). Other regions scale by REGION_FACTOR, the ratio of m5.large in that region to
 * us-east-1 on the same pages. Figures are estimates: the Pricing API wins when reachable.
 */
export const PRICE_TABLE_SOURCE = 'AWS public on-demand price pages, us-east-1 USD, transcribed 2024-06; other regions scaled by the m5.large ratio';
export const PRICE_TABLE_DATE = '2024-06-01';

export const HOURS_PER_MONTH = 730;

/** USD per hour, EC2 on-demand, Linux, shared tenancy, us-east-1. */
export const EC2_HOURLY: Record<string, number> = {
  't2.nano': 0.0058, 't2.micro': 0.0116, 't2.small': 0.023, 't2.medium': 0.0464, 't2.large': 0.0928, 't2.xlarge': 0.1856, 't2.2xlarge': 0.3712,
  't3.nano': 0.0052, 't3.micro': 0.0104, 't3.small': 0.0208, 't3.medium': 0.0416, 't3.large': 0.0832, 't3.xlarge': 0.1664, 't3.2xlarge': 0.3328,
  't3a.micro': 0.0094, 't3a.small': 0.0188, 't3a.medium': 0.0376, 't3a.large': 0.0752,
  't4g.nano': 0.0042, 't4g.micro': 0.0084, 't4g.small': 0.0168, 't4g.medium': 0.0336, 't4g.large': 0.0672, 't4g.xlarge': 0.1344,
  'm3.medium': 0.067, 'm3.large': 0.133, 'm3.xlarge': 0.266,
  'm4.large': 0.1, 'm4.xlarge': 0.2, 'm4.2xlarge': 0.4, 'm4.4xlarge': 0.8,
  'm5.large': 0.096, 'm5.xlarge': 0.192, 'm5.2xlarge': 0.384, 'm5.4xlarge': 0.768, 'm5.8xlarge': 1.536,
  'm6i.large': 0.096, 'm6i.xlarge': 0.192, 'm6i.2xlarge': 0.384, 'm6i.4xlarge': 0.768,
  'm6g.medium': 0.0385, 'm6g.large': 0.077, 'm6g.xlarge': 0.154, 'm6g.2xlarge': 0.308,
  'm7g.large': 0.0816, 'm7g.xlarge': 0.1632, 'm7i.large': 0.1008, 'm7i.xlarge': 0.2016,
  'c4.large': 0.1, 'c4.xlarge': 0.199, 'c4.2xlarge': 0.398,
  'c5.large': 0.085, 'c5.xlarge': 0.17, 'c5.2xlarge': 0.34, 'c5.4xlarge': 0.68,
  'c6i.large': 0.085, 'c6i.xlarge': 0.17, 'c6g.large': 0.068, 'c6g.xlarge': 0.136, 'c6g.2xlarge': 0.272, 'c7g.large': 0.0725,
  'r4.large': 0.133, 'r4.xlarge': 0.266, 'r5.large': 0.126, 'r5.xlarge': 0.252, 'r5.2xlarge': 0.504,
  'r6i.large': 0.126, 'r6i.xlarge': 0.252, 'r6g.large': 0.1008, 'r6g.xlarge': 0.2016,
};

/** USD per hour, RDS single-AZ (multi-AZ doubles), MySQL/PostgreSQL, us-east-1. */
export const RDS_HOURLY: Record<string, number> = {
  'db.t2.micro': 0.017, 'db.t2.small': 0.034, 'db.t2.medium': 0.068,
  'db.t3.micro': 0.017, 'db.t3.small': 0.034, 'db.t3.medium': 0.068, 'db.t3.large': 0.136,
  'db.t4g.micro': 0.016, 'db.t4g.small': 0.032, 'db.t4g.medium': 0.065,
  'db.m4.large': 0.175, 'db.m5.large': 0.171, 'db.m5.xlarge': 0.342, 'db.m5.2xlarge': 0.684,
  'db.m6g.large': 0.152, 'db.m6g.xlarge': 0.304, 'db.m6i.large': 0.171,
  'db.r4.large': 0.24, 'db.r5.large': 0.24, 'db.r5.xlarge': 0.48, 'db.r6g.large': 0.215, 'db.r6g.xlarge': 0.43,
};

/** USD per GB-month (and per provisioned IOPS / MB/s where noted), us-east-1. */
export const STORAGE = {
  ebs: { gp2: 0.1, gp3: 0.08, io1: 0.125, io2: 0.125, st1: 0.045, sc1: 0.015, standard: 0.05 } as Record<string, number>,
  ebsIopsMonth: { io1: 0.065, io2: 0.065, gp3: 0.005 } as Record<string, number>,
  gp3ThroughputMbMonth: 0.04,
  ebsSnapshotGbMonth: 0.05,
  rdsStorageGbMonth: { gp2: 0.115, gp3: 0.115, io1: 0.125, standard: 0.1 } as Record<string, number>,
  rdsSnapshotGbMonth: 0.095,
  s3StandardGbMonth: 0.023,
};

/** USD per hour: NAT gateway (before data), public IPv4 (every address since 2024-02), load balancers (before LCUs). */
export const HOURLY_FIXED = { natGateway: 0.045, publicIpv4: 0.005, alb: 0.0225, nlb: 0.0225, gwlb: 0.0125 };

/** Ratio of m5.large on-demand in the region to us-east-1; regions not listed use 1.2 (conservative). */
export const REGION_FACTOR: Record<string, number> = {
  'us-east-1': 1, 'us-east-2': 1, 'us-west-2': 1, 'us-west-1': 1.167,
  'ca-central-1': 1.115, 'sa-east-1': 1.594,
  'eu-west-1': 1.115, 'eu-west-2': 1.156, 'eu-west-3': 1.167, 'eu-central-1': 1.198, 'eu-north-1': 1.063, 'eu-south-1': 1.167,
  'ap-south-1': 1.052, 'ap-southeast-1': 1.25, 'ap-southeast-2': 1.25, 'ap-northeast-1': 1.292, 'ap-northeast-2': 1.229, 'ap-northeast-3': 1.292,
};
export const DEFAULT_REGION_FACTOR = 1.2;

export function regionFactor(region: string): number {
  return REGION_FACTOR[region] ?? DEFAULT_REGION_FACTOR;
}
