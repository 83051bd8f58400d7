import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import {
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  paginateListBuckets,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { createLimiter } from '../limiter.js';
import type { ScannedResource } from '../types.js';
import { checkAborted, iso, tagMap, type ScanContext, type Scanner } from './types.js';

/** "No such configuration" answers are facts (no rules, no tags), not failures. */
async function orEmpty<T>(p: Promise<T>, emptyCodes: string[]): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (emptyCodes.includes((err as { name?: string }).name ?? '')) return undefined;
    throw err;
  }
}

function summariseRules(rules: LifecycleRule[]) {
  const enabled = rules.filter((r) => r.Status === 'Enabled');
  const abort = enabled.find((r) => r.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined);
  return {
    lifecycleRules: rules.length,
    lifecycleEnabledRules: enabled.length,
    abortIncompleteMultipartUploadDays: abort?.AbortIncompleteMultipartUpload?.DaysAfterInitiation ?? null,
    hasTransitions: enabled.some((r) => (r.Transitions?.length ?? 0) > 0),
    hasExpiration: enabled.some((r) => r.Expiration !== undefined || r.NoncurrentVersionExpiration !== undefined),
  };
}

const DAY_MS = 86_400_000;

/**
 * Size and object count from S3's daily storage metrics (AWS/S3 BucketSizeBytes for
 * StandardStorage, NumberOfObjects for AllStorageTypes): the latest datapoint of the last
 * three days. Batched per region, up to 500 queries a call.
 */
async function storageMetrics(ctx: ScanContext, region: string, buckets: ScannedResource[]): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < buckets.length; i += 250) {
    const batch = buckets.slice(i, i + 250);
    const queries: MetricDataQuery[] = batch.flatMap((b, k) => [
      { Id: `s${k}`, MetricStat: { Metric: { Namespace: 'AWS/S3', MetricName: 'BucketSizeBytes', Dimensions: [{ Name: 'BucketName', Value: b.id }, { Name: 'StorageType', Value: 'StandardStorage' }] }, Period: 86400, Stat: 'Average' } },
      { Id: `n${k}`, MetricStat: { Metric: { Namespace: 'AWS/S3', MetricName: 'NumberOfObjects', Dimensions: [{ Name: 'BucketName', Value: b.id }, { Name: 'StorageType', Value: 'AllStorageTypes' }] }, Period: 86400, Stat: 'Average' } },
    ]);
    let token: string | undefined;
    do {
      checkAborted(ctx.signal);
      const res = await ctx.clientsFor(region).cloudwatch.send(
        new GetMetricDataCommand({ StartTime: new Date(now - 3 * DAY_MS), EndTime: new Date(now), MetricDataQueries: queries, NextToken: token, ScanBy: 'TimestampDescending' }),
        { abortSignal: ctx.signal },
      );
      for (const r of res.MetricDataResults ?? []) {
        const b = batch[Number(r.Id!.slice(1))];
        if (!b || !r.Values?.length) continue;
        const latest = r.Values[r.Timestamps!.indexOf(new Date(Math.max(...r.Timestamps!.map((t) => t.getTime()))))] ?? r.Values[0]!;
        b.attributes[r.Id!.startsWith('s') ? 'sizeBytes' : 'objectCount'] = latest;
      }
      token = res.NextToken;
    } while (token);
  }
}

/** Listed once per account (ListBuckets is global); each bucket's own region is resolved. */
export const s3Buckets: Scanner = {
  type: 's3_bucket',
  api: 's3',
  scope: 'account',
  async scan(ctx) {
    const listed: { name: string; created?: Date; region?: string }[] = [];
    for await (const page of paginateListBuckets({ client: ctx.clients.s3, pageSize: 1000 }, {})) {
      checkAborted(ctx.signal);
      for (const b of page.Buckets ?? []) if (b.Name) listed.push({ name: b.Name, created: b.CreationDate, region: b.BucketRegion });
    }
    const limit = createLimiter(8);
    const out = await Promise.all(
      listed.map((b) =>
        limit(async (): Promise<ScannedResource> => {
          checkAborted(ctx.signal);
          const opts = { abortSignal: ctx.signal };
          const region =
            b.region ?? ((await ctx.clients.s3.send(new GetBucketLocationCommand({ Bucket: b.name }), opts)).LocationConstraint || 'us-east-1');
          const s3 = ctx.clientsFor(region).s3;
          const [lc, tg] = await Promise.all([
            orEmpty(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: b.name }), opts), ['NoSuchLifecycleConfiguration']),
            orEmpty(s3.send(new GetBucketTaggingCommand({ Bucket: b.name }), opts), ['NoSuchTagSet']),
          ]);
          const tags = tagMap(tg?.TagSet);
          return {
            type: 's3_bucket',
            id: b.name,
            region,
            arn: `arn:aws:s3:::${b.name}`,
            name: b.name,
            state: 'active',
            tags,
            attributes: { createTime: iso(b.created), ...summariseRules(lc?.Rules ?? []) },
          };
        }),
      ),
    );
    const byRegion = new Map<string, ScannedResource[]>();
    for (const r of out) byRegion.set(r.region, [...(byRegion.get(r.region) ?? []), r]);
    for (const [region, list] of byRegion) await storageMetrics(ctx, region, list);
    return out;
  },
};
