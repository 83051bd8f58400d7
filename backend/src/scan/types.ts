import type { AwsAccess } from '../aws/index.js';

/** Resource type ids as stored in aws_resources.resource_type (the demo inventory uses the same). */
export const RESOURCE_TYPES = [
  'ec2_instance',
  'ebs_volume',
  'ebs_snapshot',
  'elastic_ip',
  'nat_gateway',
  'load_balancer',
  'rds_instance',
  'rds_snapshot',
  's3_bucket',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** S3 is listed once per account; its slice uses this region marker. */
export const GLOBAL_REGION = '*';

/** One resource as a scanner saw it, before enrichment. */
export interface ScannedResource {
  type: ResourceType;
  id: string;
  region: string;
  arn?: string;
  name?: string;
  state: string;
  tags: Record<string, string>;
  /** Type-specific facts (instanceType, volumeType, sizeGb, ...) used for cost and checks. */
  attributes: Record<string, unknown>;
}

/** After enrichment: cost allocation, pricing basis and the monthly estimate. */
export interface EnrichedResource extends ScannedResource {
  costAllocation: Record<string, string>;
  /** Decimal string, USD per month (730 h). */
  monthlyCost: string | null;
  pricing: { source: 'pricing-api' | 'offline-table' | 'none'; basis: string; unitPrice?: string; unit?: string };
}

export interface ScanAccount {
  accountId: string;
  access: AwsAccess;
  /** Allow-list of the account (aws_accounts.regions); empty means all opted-in regions. */
  regions: string[];
  /** Why this account cannot be reached (its scan fails with this message). */
  accessError?: string;
}

export type ScanMode = 'full' | 'incremental' | 'critical';

export interface SliceFailure {
  accountId: string;
  region: string;
  /** `regions`: region discovery of the account failed, so none of its slices ran. */
  type: ResourceType | 'regions';
  error: string;
}

export interface ScanSummary {
  runId: string;
  mode: ScanMode;
  status: 'succeeded' | 'partial' | 'failed';
  found: number;
  new: number;
  changed: number;
  gone: number;
  slices: number;
  failedSlices: SliceFailure[];
  /** account:region pairs where at least one slice failed (what the CLI and API name). */
  failedRegions: string[];
  /** Utilization collection failures (inventory is unaffected by them). */
  utilizationErrors: string[];
  durationMs: number;
}

export type ScanProgress = (p: { done: number; total: number; slice: string; ok: boolean }) => void;
