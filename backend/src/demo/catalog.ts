/**
 * The demo organization's shape: every name here is clearly demo (accounts named "Demo ...",
 * ids made of one repeated digit), so demo rows can never be mistaken for real spend.
 */
export const DEMO_ACCOUNTS = [
  { id: '111111111111', name: 'Demo Production', scale: 1.0, env: 'prod' },
  { id: '222222222222', name: 'Demo Staging', scale: 0.35, env: 'staging' },
  { id: '333333333333', name: 'Demo Data Platform', scale: 0.6, env: 'prod' },
] as const;

export const DEMO_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'] as const;

export interface DemoService {
  name: string;
  /** Dollars per day in the production account's main region at the start of the 13 months. */
  base: number;
  regions: number;
  usageTypes: { name: string; share: number; unit: string; unitCost: number }[];
  /** Weekday / weekend ratio: batch and office-hours workloads are weekday-heavy. */
  weekday: number;
  /** Growth over the 13 months (0.3 = +30 %). */
  growth: number;
  team: string;
  noise: number;
}

export const DEMO_SERVICES: DemoService[] = [
  { name: 'Amazon Elastic Compute Cloud - Compute', base: 820, regions: 4, weekday: 1.25, growth: 0.35, team: 'platform', noise: 0.04,
    usageTypes: [{ name: 'BoxUsage:m6i.xlarge', share: 0.55, unit: 'Hrs', unitCost: 0.192 }, { name: 'BoxUsage:c6g.2xlarge', share: 0.3, unit: 'Hrs', unitCost: 0.272 }, { name: 'SpotUsage:m5.large', share: 0.15, unit: 'Hrs', unitCost: 0.035 }] },
  { name: 'Amazon Relational Database Service', base: 410, regions: 2, weekday: 1.02, growth: 0.2, team: 'payments', noise: 0.02,
    usageTypes: [{ name: 'InstanceUsage:db.r6g.xlarge', share: 0.8, unit: 'Hrs', unitCost: 0.43 }, { name: 'RDS:GP3-Storage', share: 0.2, unit: 'GB-Mo', unitCost: 0.115 }] },
  { name: 'Amazon Simple Storage Service', base: 190, regions: 3, weekday: 1.0, growth: 0.5, team: 'data', noise: 0.02,
    usageTypes: [{ name: 'TimedStorage-ByteHrs', share: 0.7, unit: 'GB-Mo', unitCost: 0.023 }, { name: 'Requests-Tier1', share: 0.3, unit: 'Requests', unitCost: 0.000005 }] },
  { name: 'Amazon CloudFront', base: 95, regions: 1, weekday: 1.1, growth: 0.25, team: 'web', noise: 0.08,
    usageTypes: [{ name: 'DataTransfer-Out-Bytes', share: 1, unit: 'GB', unitCost: 0.085 }] },
  { name: 'AWS Lambda', base: 60, regions: 3, weekday: 1.3, growth: 0.6, team: 'web', noise: 0.1,
    usageTypes: [{ name: 'Lambda-GB-Second', share: 0.85, unit: 'Lambda-GB-Second', unitCost: 0.0000166667 }, { name: 'Request', share: 0.15, unit: 'Requests', unitCost: 0.0000002 }] },
  { name: 'Amazon DynamoDB', base: 75, regions: 2, weekday: 1.15, growth: 0.3, team: 'payments', noise: 0.05,
    usageTypes: [{ name: 'ReadCapacityUnit-Hrs', share: 0.6, unit: 'ReadCapacityUnit-Hrs', unitCost: 0.00013 }, { name: 'TimedStorage-ByteHrs', share: 0.4, unit: 'GB-Mo', unitCost: 0.25 }] },
  { name: 'Amazon Elastic Container Service for Kubernetes', base: 72, regions: 2, weekday: 1.0, growth: 0.1, team: 'platform', noise: 0.01,
    usageTypes: [{ name: 'AmazonEKS-Hours:perCluster', share: 1, unit: 'Hours', unitCost: 0.1 }] },
  { name: 'Amazon ElastiCache', base: 88, regions: 2, weekday: 1.0, growth: 0.15, team: 'payments', noise: 0.01,
    usageTypes: [{ name: 'NodeUsage:cache.r6g.large', share: 1, unit: 'Hrs', unitCost: 0.206 }] },
  { name: 'AmazonCloudWatch', base: 42, regions: 4, weekday: 1.05, growth: 0.4, team: 'platform', noise: 0.05,
    usageTypes: [{ name: 'MetricMonitorUsage', share: 0.6, unit: 'Metrics', unitCost: 0.3 }, { name: 'DataProcessing-Bytes', share: 0.4, unit: 'GB', unitCost: 0.5 }] },
  { name: 'EC2 - Other', base: 130, regions: 4, weekday: 1.1, growth: 0.3, team: 'platform', noise: 0.05,
    usageTypes: [{ name: 'EBS:VolumeUsage.gp3', share: 0.55, unit: 'GB-Mo', unitCost: 0.08 }, { name: 'NatGateway-Hours', share: 0.25, unit: 'Hrs', unitCost: 0.045 }, { name: 'DataTransfer-Regional-Bytes', share: 0.2, unit: 'GB', unitCost: 0.01 }] },
  { name: 'Elastic Load Balancing', base: 38, regions: 3, weekday: 1.05, growth: 0.2, team: 'web', noise: 0.03,
    usageTypes: [{ name: 'LoadBalancerUsage', share: 1, unit: 'Hrs', unitCost: 0.0225 }] },
  { name: 'Amazon Redshift', base: 150, regions: 1, weekday: 1.4, growth: 0.1, team: 'data', noise: 0.06,
    usageTypes: [{ name: 'Node:ra3.xlplus', share: 1, unit: 'Hrs', unitCost: 1.086 }] },
  { name: 'Amazon OpenSearch Service', base: 55, regions: 1, weekday: 1.0, growth: 0.2, team: 'platform', noise: 0.02,
    usageTypes: [{ name: 'ESInstance:r6g.large', share: 1, unit: 'Hrs', unitCost: 0.167 }] },
  { name: 'AWS Key Management Service', base: 9, regions: 4, weekday: 1.1, growth: 0.1, team: 'security', noise: 0.05,
    usageTypes: [{ name: 'KMS-Keys', share: 1, unit: 'Keys', unitCost: 1 }] },
];

/** Charged on the first of each month from the previous month's spend. */
export const MONTH_START = {
  support: { name: 'AWS Support (Business)', rate: 0.07 },
  tax: { name: 'Tax', rate: 0.08 },
  reserved: { name: 'Amazon Elastic Compute Cloud - Compute', usageType: 'HeavyUsage:m6i.xlarge', monthly: 2400 },
};

/** Injected spikes, counted back from yesterday, so the demo always shows recent anomalies. */
export const DEMO_SPIKES = [
  { daysAgo: 4, days: 2, account: '111111111111', service: 'AWS Lambda', factor: 6, reason: 'runaway retry loop' },
  { daysAgo: 23, days: 3, account: '222222222222', service: 'Amazon Elastic Compute Cloud - Compute', factor: 3.5, reason: 'forgotten load test fleet' },
  { daysAgo: 61, days: 1, account: '111111111111', service: 'Amazon CloudFront', factor: 5, reason: 'viral traffic' },
  { daysAgo: 140, days: 4, account: '333333333333', service: 'Amazon Redshift', factor: 2.8, reason: 'backfill job' },
];

/** EDP-style discount applied to net metrics (not to tax). */
export const NET_DISCOUNT = 0.05;

/** Demo budgets (monthly org total around this year's spend level, a service and an account). */
export const DEMO_BUDGETS = [
  { name: 'Demo organization monthly', period: 'monthly', amount: '360000', scope: {} },
  { name: 'Demo EC2 compute monthly', period: 'monthly', amount: '150000', scope: { service: 'Amazon Elastic Compute Cloud - Compute' } },
  { name: 'Demo Staging quarterly', period: 'quarterly', amount: '100000', scope: { account: '222222222222' } },
] as const;
