import type { z } from 'zod';
import type { Decimal } from '../domain/money.js';

/**
 * What the checks see: a scanned resource (an aws_resources row) and its daily utilization
 * (resource_usage_metrics). Checks are pure functions over these; no pg, no AWS SDK.
 */
export interface ResourceRecord {
  /** aws_resources.id */
  id: string;
  accountId: string;
  region: string;
  /** ec2_instance, ebs_volume, ebs_snapshot, elastic_ip, nat_gateway, rds_instance, rds_snapshot, s3_bucket */
  type: string;
  resourceId: string;
  name?: string | null;
  state?: string | null;
  attributes: Record<string, unknown>;
  tags: Record<string, string>;
  monthlyCost?: string | null;
  firstSeenAt?: Date;
  deletedAt?: Date | null;
}

export interface DailyMetric {
  date: string;
  avg: number | null;
  max: number | null;
}

export type Confidence = 'low' | 'medium' | 'high';

export interface Finding {
  savings: Decimal;
  /** The arithmetic behind the figure: unit prices, quantities, formula, source. */
  pricingBasis: Record<string, unknown>;
  /** What the check saw: metrics, attributes, related resources. */
  evidence: Record<string, unknown>;
  confidence: Confidence;
  /** The concrete change, e.g. "Change gp2 to gp3". */
  action: string;
}

/** Read-only view of the whole inventory for checks that relate resources (orphans, stopped owners). */
export interface Inventory {
  find(accountId: string, region: string, type: string, resourceId: string): ResourceRecord | undefined;
  ofType(type: string): readonly ResourceRecord[];
}

export interface CheckContext {
  now: Date;
  inventory: Inventory;
  /** Daily points of one metric for the resource, oldest first. */
  metric(name: string): readonly DailyMetric[];
}

export interface Check<T extends Record<string, number> = Record<string, number>> {
  id: string;
  title: string;
  /** AWS service name shown in totals (AmazonEC2, AmazonRDS, AmazonS3, AmazonVPC). */
  service: string;
  resourceType: string;
  why: string;
  /**
   * Checks in the same group address the same spend of one resource (idle vs. resize vs.
   * previous generation): only the first that fires in catalog order is kept, so that
   * totals never count the same dollars twice.
   */
  group?: string;
  thresholds: z.ZodType<T>;
  defaults: T;
  evaluate(r: ResourceRecord, ctx: CheckContext, t: T): Finding | null;
}

/** Builds a check with its thresholds type inferred from the defaults. */
export function defineCheck<T extends Record<string, number>>(c: Check<T>): Check<T> {
  return c;
}

/** Stable identity of a resource across scans (recommendations.resource_key). */
export function resourceKey(r: Pick<ResourceRecord, 'accountId' | 'region' | 'type' | 'resourceId'>): string {
  return `${r.accountId}/${r.region}/${r.type}/${r.resourceId}`;
}
