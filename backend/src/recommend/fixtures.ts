import { addDays, toIsoDate } from '../domain/time.js';
import type { DailyMetric, ResourceRecord } from './model.js';

/**
 * A hand-built world (attributes as the scanner writes them, plus the SDK's attachment shape) with one positive and one negative example per check and the savings a
 * person computes from the price table. Used by the pure catalog test and the evaluator's
 * database test; the moto acceptance test seeds the same shapes through AWS APIs.
 */
export const WORLD_NOW = new Date('2026-11-26T12:00:00Z');
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

export interface WorldResource extends Omit<ResourceRecord, 'id' | 'accountId' | 'region'> {
  accountId?: string;
  region?: string;
  metrics?: Record<string, { avg: number | null; max: number | null }[] | { avg: number | null; max: number | null; days: number }>;
}

export interface Expectation {
  check: string;
  positive: string;
  negative: string;
  savings: string;
}

function days(n: number, avg: number | null, max: number | null) {
  return { avg, max, days: n };
}

export const WORLD: WorldResource[] = [
  { type: 'ec2_instance', resourceId: 'i-idle', state: 'running', attributes: { instanceType: 'm5.large' }, tags: {}, metrics: { CPUUtilization: days(14, 1, 3), NetworkIn: days(14, 1000, 5000), NetworkOut: days(14, 1000, 5000) } },
  { type: 'ec2_instance', resourceId: 'i-busy', state: 'running', attributes: { instanceType: 'm6g.large', launchTime: '2026-11-01T00:00:00Z' }, tags: {}, metrics: { CPUUtilization: days(30, 40, 80), NetworkIn: days(14, 1e9, 1e8), NetworkOut: days(14, 1e9, 1e8) } },
  { type: 'ec2_instance', resourceId: 'i-oversized', state: 'running', attributes: { instanceType: 'm5.xlarge' }, tags: {}, metrics: { CPUUtilization: days(30, 5, 15), NetworkIn: days(14, 1e9, 1e8), NetworkOut: days(14, 1e9, 1e8) } },
  { type: 'ec2_instance', resourceId: 'i-oldgen', state: 'running', attributes: { instanceType: 'm4.large' }, tags: {} },
  { type: 'ec2_instance', resourceId: 'i-x86', state: 'running', attributes: { instanceType: 'm5.large' }, tags: {} },
  { type: 'ec2_instance', resourceId: 'i-longrun', state: 'running', attributes: { instanceType: 'm6g.large', launchTime: '2026-07-01T00:00:00Z' }, tags: {} },
  { type: 'ec2_instance', resourceId: 'i-stopped', state: 'stopped', attributes: { instanceType: 'm6g.large', volumeIds: ['vol-root-stopped', 'vol-data-stopped'], stateTransitionReason: 'User initiated (2026-10-01 10:00:00 GMT)' }, tags: {} },
  { type: 'ec2_instance', resourceId: 'i-running', state: 'running', attributes: { instanceType: 'm6g.large', rootDeviceName: '/dev/xvda', launchTime: '2026-11-20T00:00:00Z' }, tags: {} },
  { type: 'ebs_volume', resourceId: 'vol-root-stopped', state: 'in-use', attributes: { volumeType: 'gp3', sizeGb: 8, attachedInstanceIds: ['i-stopped'] }, tags: {} },
  { type: 'ebs_volume', resourceId: 'vol-data-stopped', state: 'in-use', attributes: { volumeType: 'gp3', sizeGb: 50, attachedInstanceIds: ['i-stopped'] }, tags: {} },
  { type: 'ebs_volume', resourceId: 'vol-root-running', state: 'in-use', attributes: { volumeType: 'gp3', sizeGb: 8, attachments: [{ instanceId: 'i-running', device: '/dev/xvda' }] }, tags: {} },
  { type: 'ebs_volume', resourceId: 'vol-data-running', state: 'in-use', attributes: { volumeType: 'gp3', sizeGb: 50, attachments: [{ instanceId: 'i-running', device: '/dev/sdf' }] }, tags: {}, metrics: { VolumeReadOps: days(7, 5e5, 1e4), VolumeWriteOps: days(7, 5e5, 1e4) } },
  { type: 'ebs_volume', resourceId: 'vol-unattached', state: 'available', attributes: { volumeType: 'gp3', sizeGb: 100 }, tags: {} },
  { type: 'ebs_volume', resourceId: 'vol-quiet', state: 'in-use', attributes: { volumeType: 'gp3', sizeGb: 200, attachments: [{ instanceId: 'i-running', device: '/dev/sdg' }] }, tags: {}, metrics: { VolumeReadOps: days(7, 0.1, 2), VolumeWriteOps: days(7, 0.1, 2) } },
  { type: 'ebs_volume', resourceId: 'vol-io-low', state: 'in-use', attributes: { volumeType: 'io1', sizeGb: 100, iops: 5000, attachments: [{ instanceId: 'i-running', device: '/dev/sdh' }] }, tags: {}, metrics: { VolumeReadOps: days(30, 3e4, 6e4), VolumeWriteOps: days(30, 3e4, 6e4) } },
  { type: 'ebs_volume', resourceId: 'vol-io-busy', state: 'in-use', attributes: { volumeType: 'io1', sizeGb: 100, iops: 5000, attachments: [{ instanceId: 'i-running', device: '/dev/sdi' }] }, tags: {}, metrics: { VolumeReadOps: days(30, 1e5, 1e6), VolumeWriteOps: days(30, 1e5, 1e6) } },
  { type: 'ebs_volume', resourceId: 'vol-gp2', state: 'in-use', attributes: { volumeType: 'gp2', sizeGb: 500, attachments: [{ instanceId: 'i-running', device: '/dev/sdj' }] }, tags: {}, metrics: { VolumeReadOps: days(7, 1e6, 1e4), VolumeWriteOps: days(7, 1e6, 1e4) } },
  { type: 'ebs_snapshot', resourceId: 'snap-old', state: 'completed', attributes: { volumeId: 'vol-unattached', volumeSize: 100, startTime: '2026-01-01T00:00:00Z' }, tags: {} },
  { type: 'ebs_snapshot', resourceId: 'snap-recent', state: 'completed', attributes: { volumeId: 'vol-unattached', volumeSize: 100, startTime: '2026-11-01T00:00:00Z' }, tags: {} },
  { type: 'ebs_snapshot', resourceId: 'snap-orphan', state: 'completed', attributes: { volumeId: 'vol-gone', volumeSize: 20, startTime: '2026-11-10T00:00:00Z' }, tags: {} },
  { type: 'rds_snapshot', resourceId: 'rds-snap-orphan', state: 'available', attributes: { dbInstanceId: 'db-gone', allocatedStorageGb: 100, snapshotType: 'manual' }, tags: {} },
  { type: 'rds_snapshot', resourceId: 'rds-snap-kept', state: 'available', attributes: { dbInstanceIdentifier: 'db-busy', allocatedStorage: 100, snapshotType: 'manual' }, tags: {} },
  { type: 'elastic_ip', resourceId: 'eipalloc-free', state: 'unassociated', attributes: { publicIp: '198.51.100.1' }, tags: {} },
  { type: 'elastic_ip', resourceId: 'eipalloc-used', state: 'associated', attributes: { publicIp: '198.51.100.2', associationId: 'eipassoc-1' }, tags: {} },
  { type: 'nat_gateway', resourceId: 'nat-idle', state: 'available', attributes: {}, tags: {}, metrics: { BytesOutToDestination: days(7, 0, 0), BytesInFromSource: days(7, 0, 0) } },
  { type: 'nat_gateway', resourceId: 'nat-busy', state: 'available', attributes: {}, tags: {}, metrics: { BytesOutToDestination: days(7, 1e9, 1e7), BytesInFromSource: days(7, 1e9, 1e7) } },
  { type: 'rds_instance', resourceId: 'db-idle', state: 'available', attributes: { instanceClass: 'db.m5.large', engine: 'mysql', engineVersion: '8.4.3' }, tags: {}, metrics: { DatabaseConnections: days(7, 0, 0), CPUUtilization: days(7, 2, 5) } },
  { type: 'rds_instance', resourceId: 'db-busy', state: 'available', attributes: { instanceClass: 'db.m6g.large', engine: 'postgres', engineVersion: '16.4', instanceCreateTime: '2026-10-27T00:00:00Z' }, tags: {}, metrics: { DatabaseConnections: days(30, 20, 40), CPUUtilization: days(30, 50, 90) } },
  { type: 'rds_instance', resourceId: 'db-oversized', state: 'available', attributes: { instanceClass: 'db.m5.xlarge', engine: 'postgres', engineVersion: '16.4' }, tags: {}, metrics: { DatabaseConnections: days(30, 5, 10), CPUUtilization: days(30, 4, 10) } },
  { type: 'rds_instance', resourceId: 'db-oldgen', state: 'available', attributes: { instanceClass: 'db.m4.large', engine: 'mysql', engineVersion: '8.4.3' }, tags: {} },
  { type: 'rds_instance', resourceId: 'db-longrun', state: 'available', attributes: { instanceClass: 'db.m6g.large', engine: 'postgres', engineVersion: '16.4', instanceCreateTime: '2026-05-10T00:00:00Z' }, tags: {} },
  { type: 'rds_instance', resourceId: 'db-mysql57', state: 'available', attributes: { instanceClass: 'db.m5.large', engine: 'mysql', engineVersion: '5.7.44', instanceCreateTime: '2026-11-01T00:00:00Z' }, tags: {} },
  { type: 's3_bucket', resourceId: 'bucket-no-rules', state: 'active', attributes: { lifecycleRules: [], sizeBytes: 1e12 }, tags: {} },
  { type: 's3_bucket', resourceId: 'bucket-expire-only', state: 'active', attributes: { lifecycleRules: 1, lifecycleEnabledRules: 1, abortIncompleteMultipartUploadDays: null }, tags: {} },
  { type: 's3_bucket', resourceId: 'bucket-good', state: 'active', attributes: { lifecycleRules: [{ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }] }, tags: {} },
];

/** Savings by hand from pricing.ts (us-east-1, 730 h). */
export const EXPECTATIONS: Expectation[] = [
  { check: 'ec2-idle', positive: 'i-idle', negative: 'i-busy', savings: '70.08' }, // 0.096 x 730
  { check: 'ec2-overprovisioned', positive: 'i-oversized', negative: 'i-busy', savings: '70.08' }, // (0.192 - 0.096) x 730
  { check: 'ec2-previous-generation', positive: 'i-oldgen', negative: 'i-x86', savings: '2.92' }, // (0.10 - 0.096) x 730
  { check: 'ec2-graviton', positive: 'i-x86', negative: 'i-busy', savings: '13.87' }, // (0.096 - 0.077) x 730
  { check: 'ec2-on-demand-long-running', positive: 'i-longrun', negative: 'i-busy', savings: '15.7388' }, // 0.077 x 730 x 28 %
  { check: 'ec2-stopped-with-ebs', positive: 'i-stopped', negative: 'i-running', savings: '0.64' }, // 8 GB x 0.08
  { check: 'ebs-unattached', positive: 'vol-unattached', negative: 'vol-root-running', savings: '8' }, // 100 x 0.08
  { check: 'ebs-attached-to-stopped', positive: 'vol-data-stopped', negative: 'vol-data-running', savings: '4' }, // 50 x 0.08
  { check: 'ebs-low-io', positive: 'vol-quiet', negative: 'vol-data-running', savings: '16' }, // 200 x 0.08
  { check: 'ebs-io-to-gp3', positive: 'vol-io-low', negative: 'vol-io-busy', savings: '329.5' }, // 100 x 0.125 + 5000 x 0.065 - 100 x 0.08
  { check: 'ebs-gp2-to-gp3', positive: 'vol-gp2', negative: 'vol-data-running', savings: '5' }, // 500 x 0.10 - (500 x 0.08 + 125 MB/s x 0.04)
  { check: 'snapshot-old', positive: 'snap-old', negative: 'snap-recent', savings: '5' }, // 100 x 0.05
  { check: 'snapshot-orphaned', positive: 'snap-orphan', negative: 'snap-recent', savings: '1' }, // 20 x 0.05
  { check: 'rds-snapshot-orphaned', positive: 'rds-snap-orphan', negative: 'rds-snap-kept', savings: '9.5' }, // 100 x 0.095
  { check: 'eip-unassociated', positive: 'eipalloc-free', negative: 'eipalloc-used', savings: '3.65' }, // 0.005 x 730
  { check: 'nat-idle', positive: 'nat-idle', negative: 'nat-busy', savings: '32.85' }, // 0.045 x 730
  { check: 'rds-idle', positive: 'db-idle', negative: 'db-busy', savings: '124.83' }, // 0.171 x 730
  { check: 'rds-low-cpu', positive: 'db-oversized', negative: 'db-busy', savings: '129.94' }, // (0.356 - 0.178) x 730
  { check: 'rds-previous-generation', positive: 'db-oldgen', negative: 'db-idle', savings: '2.92' }, // (0.175 - 0.171) x 730
  { check: 'rds-on-demand-long-running', positive: 'db-longrun', negative: 'db-busy', savings: '34.821' }, // 0.159 x 730 x 30 %
  { check: 'rds-extended-support', positive: 'db-mysql57', negative: 'db-busy', savings: '292' }, // year 3: 0.200 x 2 vCPU x 730
  { check: 's3-no-lifecycle', positive: 'bucket-no-rules', negative: 'bucket-expire-only', savings: '5.25' }, // 1000 GB x (0.023 - 0.0125) x 50 %
  { check: 's3-no-abort-mpu', positive: 'bucket-expire-only', negative: 'bucket-good', savings: '0' },
];

/** Daily points ending yesterday (relative to now), oldest first. */
export function dailyPoints(spec: { avg: number | null; max: number | null }[] | { avg: number | null; max: number | null; days: number }, now: Date): DailyMetric[] {
  const list = Array.isArray(spec) ? spec : Array.from({ length: spec.days }, () => ({ avg: spec.avg, max: spec.max }));
  const today = toIsoDate(now);
  return list.map((p, i) => ({ date: addDays(today, i - list.length), avg: p.avg, max: p.max }));
}

export function worldRecords(now = WORLD_NOW): { resources: ResourceRecord[]; metrics: Map<string, Map<string, DailyMetric[]>> } {
  const resources: ResourceRecord[] = [];
  const metrics = new Map<string, Map<string, DailyMetric[]>>();
  for (const w of WORLD) {
    const { metrics: spec, ...rest } = w;
    const r: ResourceRecord = { ...rest, id: w.resourceId, accountId: w.accountId ?? ACCOUNT, region: w.region ?? REGION };
    resources.push(r);
    if (spec) metrics.set(r.id, new Map(Object.entries(spec).map(([name, s]) => [name, dailyPoints(s, now)])));
  }
  return { resources, metrics };
}

/** Inserts the world as scanned rows (aws_resources + resource_usage_metrics); returns resource uuid by resourceId. */
export async function seedWorld(db: import('../store/queryable.js').Queryable, organizationId: string, now = WORLD_NOW): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const w of WORLD) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO aws_resources (organization_id, account_id, region, resource_type, resource_id, name, state, attributes, tags)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7::jsonb, $8::jsonb) RETURNING id`,
      [organizationId, w.accountId ?? ACCOUNT, w.region ?? REGION, w.type, w.resourceId, w.state, JSON.stringify(w.attributes), JSON.stringify(w.tags)],
    );
    ids.set(w.resourceId, rows[0]!.id);
    for (const [name, spec] of Object.entries(w.metrics ?? {})) {
      const pts = dailyPoints(spec, now);
      await db.query(
        `INSERT INTO resource_usage_metrics (organization_id, resource_id, metric_name, stat_date, avg_value, max_value)
         SELECT $1, $2, $3, d, a, m FROM unnest($4::date[], $5::float8[], $6::float8[]) AS u(d, a, m)`,
        [organizationId, rows[0]!.id, name, pts.map((p) => p.date), pts.map((p) => p.avg), pts.map((p) => p.max)],
      );
    }
  }
  return ids;
}
