/**
 * Seeding helpers for moto worlds (scanner tests, the scan benchmark, and the recommendations
 * tests that build on the scanner). Stable API: seedWorld, registerAccounts, scanAccessFor,
 * putDailyMetrics, withoutMotoBuiltinImages, SEED_TAG, MOTO_DEFAULT_ACCOUNT, SECOND_ACCOUNT.
 *
 * moto facts this relies on: the default credentials are account 123456789012; AssumeRole into
 * arn:aws:iam::<id>:role/... yields credentials of account <id>, whose resources are separate;
 * regions are separate; DescribeSnapshots(self) also lists moto's built-in snapshots, so tests
 * compare seeded resources by SEED_TAG.
 */
import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { AllocateAddressCommand, CreateSnapshotCommand, CreateSubnetCommand, CreateVolumeCommand, CreateVpcCommand, CreateNatGatewayCommand, RunInstancesCommand, StopInstancesCommand, AssociateAddressCommand, type Tag } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateDBInstanceCommand, CreateDBSnapshotCommand } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand, PutBucketTaggingCommand, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsAccess } from '../aws/index.js';
import type { Queryable } from '../store/index.js';
import { RegionClients } from './clients.js';
import type { ResourceType } from './types.js';

export const MOTO_DEFAULT_ACCOUNT = '123456789012';
export const SECOND_ACCOUNT = '210987654321';
/** Every seeded resource carries this tag (value: the world's name). */
export const SEED_TAG = 'costwatch:seed';

/**
 * Call before startMoto(): moto then loads no built-in AMIs, so DescribeSnapshots(self) lists
 * only what a test seeded (instead of ~1,178 snapshots per account and region) and scans stay fast.
 */
export function withoutMotoBuiltinImages(): void {
  const file = join(tmpdir(), 'costwatch-moto-no-amis.json');
  writeFileSync(file, '[]');
  process.env.MOTO_AMIS_PATH = file;
}

export interface SeedAccount {
  accountId: string;
  /** Unset: moto's default credentials (account 123456789012). */
  roleArn?: string;
}

export const DEFAULT_SEED_ACCOUNTS: SeedAccount[] = [
  { accountId: MOTO_DEFAULT_ACCOUNT },
  { accountId: SECOND_ACCOUNT, roleArn: `arn:aws:iam::${SECOND_ACCOUNT}:role/costwatch-scan` },
];

export function scanAccessFor(endpoint: string, a: SeedAccount, maxAttempts?: number): AwsAccess {
  return { endpoint, roleArn: a.roleArn, maxAttempts };
}

export interface SeededResource {
  accountId: string;
  region: string;
  type: ResourceType;
  id: string;
  state: string;
  tags: Record<string, string>;
}

export interface SeedCounts {
  /** Instances per region; every third is stopped, instance types rotate. */
  instances: number;
  volumes: number;
  snapshots: number;
  elasticIps: number;
  natGateways: number;
  loadBalancers: number;
  rdsInstances: number;
  rdsSnapshots: number;
  /** Per account, spread over the regions. */
  buckets: number;
}

export const SMALL_WORLD: SeedCounts = { instances: 3, volumes: 2, snapshots: 1, elasticIps: 2, natGateways: 1, loadBalancers: 1, rdsInstances: 1, rdsSnapshots: 1, buckets: 2 };

export interface SeedOptions {
  endpoint: string;
  name: string;
  accounts?: SeedAccount[];
  regions: string[];
  counts?: Partial<SeedCounts>;
  /** Put 30 days of CloudWatch metrics for instances, volumes, RDS and S3 storage (default true). */
  metrics?: boolean;
  now?: Date;
}

const INSTANCE_TYPES = ['t3.micro', 'm5.large', 't2.micro', 'c5.large', 'm6g.large'];
const TEAMS = ['payments', 'platform', 'data'];
const tagList = (t: Record<string, string>): (Tag & { Key: string; Value: string })[] => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));

/** Daily datapoints (one per day, `days` back from `now`) for one metric of one resource. */
export async function putDailyMetrics(
  clients: RegionClients,
  namespace: string,
  dimensions: Record<string, string>,
  metric: string,
  unit: MetricDatum['Unit'],
  values: number[],
  now = new Date(),
): Promise<void> {
  const data: MetricDatum[] = values.map((v, d) => ({
    MetricName: metric,
    Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
    Timestamp: new Date(now.getTime() - (d + 1) * 86_400_000),
    Value: v,
    Unit: unit,
  }));
  for (let i = 0; i < data.length; i += 50) await clients.cloudwatch.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data.slice(i, i + 50) }));
}

/** Seeds one world into moto and returns every seeded resource (what a scan must find). */
export async function seedWorld(o: SeedOptions): Promise<SeededResource[]> {
  const counts = { ...SMALL_WORLD, ...o.counts };
  const out: SeededResource[] = [];
  const metrics = o.metrics ?? true;
  const now = o.now ?? new Date();
  for (const account of o.accounts ?? DEFAULT_SEED_ACCOUNTS) {
    const access = scanAccessFor(o.endpoint, account);
    for (const [ri, region] of o.regions.entries()) {
      const c = new RegionClients(access, region);
      const push = (type: ResourceType, id: string, state: string, tags: Record<string, string>) => out.push({ accountId: account.accountId, region, type, id, state, tags });
      const tagsFor = (i: number, extra: Record<string, string> = {}) => ({ [SEED_TAG]: o.name, team: TEAMS[i % TEAMS.length]!, Env: i % 2 ? 'Prod' : 'dev', ...extra });
      const az = `${region}a`;
      const vpc = (await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
      const subnetA = (await c.ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24', AvailabilityZone: az }))).Subnet!.SubnetId!;
      const subnetB = (await c.ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.2.0/24', AvailabilityZone: `${region}b` }))).Subnet!.SubnetId!;

      // Instances in groups of one type per RunInstances call (one reservation each).
      const instanceIds: string[] = [];
      for (let i = 0; i < counts.instances; ) {
        const n = Math.min(counts.instances - i, Math.max(1, Math.ceil(counts.instances / INSTANCE_TYPES.length)));
        const type = INSTANCE_TYPES[(i + ri) % INSTANCE_TYPES.length]!;
        const tags = tagsFor(i, { Name: `${o.name}-vm-${i}` });
        const res = await c.ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: n, MaxCount: n, InstanceType: type as never, SubnetId: subnetA, TagSpecifications: [{ ResourceType: 'instance', Tags: tagList(tags) }] }));
        for (const inst of res.Instances ?? []) {
          instanceIds.push(inst.InstanceId!);
          push('ec2_instance', inst.InstanceId!, 'running', tags);
        }
        i += n;
      }
      const toStop = instanceIds.filter((_, i) => i % 3 === 2);
      for (let i = 0; i < toStop.length; i += 500) await c.ec2.send(new StopInstancesCommand({ InstanceIds: toStop.slice(i, i + 500) }));
      for (const r of out) if (toStop.includes(r.id)) r.state = 'stopped';

      const volumeIds: string[] = [];
      for (let i = 0; i < counts.volumes; i++) {
        const tags = tagsFor(i);
        const v = await c.ec2.send(new CreateVolumeCommand({ AvailabilityZone: az, Size: 10 + (i % 5) * 50, VolumeType: i % 2 ? 'gp3' : 'gp2', TagSpecifications: [{ ResourceType: 'volume', Tags: tagList(tags) }] }));
        volumeIds.push(v.VolumeId!);
        push('ebs_volume', v.VolumeId!, 'available', tags);
      }
      for (let i = 0; i < counts.snapshots; i++) {
        const tags = tagsFor(i);
        const s = await c.ec2.send(new CreateSnapshotCommand({ VolumeId: volumeIds[i % Math.max(1, volumeIds.length)]!, TagSpecifications: [{ ResourceType: 'snapshot', Tags: tagList(tags) }] }));
        push('ebs_snapshot', s.SnapshotId!, 'completed', tags);
      }
      for (let i = 0; i < counts.elasticIps; i++) {
        const tags = tagsFor(i);
        const a = await c.ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: tagList(tags) }] }));
        const attach = i % 2 === 0 && instanceIds[0] !== undefined;
        if (attach) await c.ec2.send(new AssociateAddressCommand({ AllocationId: a.AllocationId!, InstanceId: instanceIds[0] }));
        push('elastic_ip', a.AllocationId!, attach ? 'associated' : 'unassociated', tags);
      }
      for (let i = 0; i < counts.natGateways; i++) {
        const tags = tagsFor(i);
        const eip = await c.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
        const n = await c.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetA, AllocationId: eip.AllocationId!, TagSpecifications: [{ ResourceType: 'natgateway', Tags: tagList(tags) }] }));
        push('nat_gateway', n.NatGateway!.NatGatewayId!, 'available', tags);
        // The NAT gateway's own address is a resource the scan finds too (not seed-tagged).
      }
      for (let i = 0; i < counts.loadBalancers; i++) {
        const tags = tagsFor(i);
        const lb = await c.elb.send(new CreateLoadBalancerCommand({ Name: `${o.name}-lb-${i}`.slice(0, 32), Subnets: [subnetA, subnetB], Tags: tagList(tags) }));
        const arn = lb.LoadBalancers![0]!.LoadBalancerArn!;
        push('load_balancer', arn.split(':loadbalancer/')[1]!, 'active', tags); // moto answers provisioning at creation, active on describe
      }
      for (let i = 0; i < counts.rdsInstances; i++) {
        const tags = tagsFor(i);
        const id = `${o.name}-db-${i}`;
        await c.rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: id, Engine: i % 2 ? 'mysql' : 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20, MasterUsername: 'admin', MasterUserPassword: 'password123', Tags: tagList(tags) }));
        push('rds_instance', id, 'available', tags);
      }
      for (let i = 0; i < counts.rdsSnapshots && counts.rdsInstances > 0; i++) {
        const tags = tagsFor(i);
        const id = `${o.name}-dbsnap-${i}`;
        await c.rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: `${o.name}-db-${i % counts.rdsInstances}`, DBSnapshotIdentifier: id, Tags: tagList(tags) }));
        push('rds_snapshot', id, 'available', tags);
      }
      for (let i = ri; i < counts.buckets; i += o.regions.length) {
        const tags = tagsFor(i);
        const name = `${o.name}-${account.accountId}-b${i}`.toLowerCase();
        await c.s3.send(new CreateBucketCommand({ Bucket: name, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }) }));
        await c.s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: tagList(tags) } }));
        if (i % 2 === 0) {
          await c.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: name, LifecycleConfiguration: { Rules: [{ ID: 'abort-mpu', Status: 'Enabled', Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }] } }));
        }
        push('s3_bucket', name, 'active', tags);
        if (metrics) {
          await putDailyMetrics(c, 'AWS/S3', { BucketName: name, StorageType: 'StandardStorage' }, 'BucketSizeBytes', 'Bytes', [(i + 1) * 100 * 1024 ** 3], now);
          await putDailyMetrics(c, 'AWS/S3', { BucketName: name, StorageType: 'AllStorageTypes' }, 'NumberOfObjects', 'Count', [(i + 1) * 1000], now);
        }
      }
      if (metrics) {
        const mine = out.filter((r) => r.accountId === account.accountId && r.region === region);
        const data: MetricDatum[] = [];
        const days = (f: (d: number) => number) => Array.from({ length: 30 }, (_, d) => f(d));
        const add = (_ns: string, dim: string, id: string, metric: string, unit: MetricDatum['Unit'], vals: number[]) =>
          vals.forEach((v, d) => data.push({ MetricName: metric, Dimensions: [{ Name: dim, Value: id }], Timestamp: new Date(now.getTime() - (d + 1) * 86_400_000), Value: v, Unit: unit }));
        const byNs = new Map<string, MetricDatum[]>();
        for (const r of mine) {
          data.length = 0;
          if (r.type === 'ec2_instance') {
            add('AWS/EC2', 'InstanceId', r.id, 'CPUUtilization', 'Percent', days((d) => 5 + (d % 7)));
            add('AWS/EC2', 'InstanceId', r.id, 'NetworkIn', 'Bytes', days(() => 1e6));
            add('AWS/EC2', 'InstanceId', r.id, 'NetworkOut', 'Bytes', days(() => 2e6));
            byNs.set('AWS/EC2', [...(byNs.get('AWS/EC2') ?? []), ...data]);
          } else if (r.type === 'rds_instance') {
            add('AWS/RDS', 'DBInstanceIdentifier', r.id, 'CPUUtilization', 'Percent', days(() => 12));
            add('AWS/RDS', 'DBInstanceIdentifier', r.id, 'DatabaseConnections', 'Count', days(() => 3));
            byNs.set('AWS/RDS', [...(byNs.get('AWS/RDS') ?? []), ...data]);
          } else if (r.type === 'ebs_volume') {
            add('AWS/EBS', 'VolumeId', r.id, 'VolumeReadOps', 'Count', days(() => 100));
            add('AWS/EBS', 'VolumeId', r.id, 'VolumeWriteOps', 'Count', days(() => 50));
            byNs.set('AWS/EBS', [...(byNs.get('AWS/EBS') ?? []), ...data]);
          }
        }
        for (const [ns, list] of byNs)
          for (let i = 0; i < list.length; i += 50) await c.cloudwatch.send(new PutMetricDataCommand({ Namespace: ns, MetricData: list.slice(i, i + 50) }));
      }
      c.destroy();
    }
  }
  return out;
}

/** Registers seed accounts in aws_accounts for an organization (what the scanner reads). */
export async function registerAccounts(db: Queryable, organizationId: string, accounts: SeedAccount[] = DEFAULT_SEED_ACCOUNTS, regions: string[] | null = null): Promise<void> {
  for (const a of accounts) {
    await db.query(
      `INSERT INTO aws_accounts (organization_id, account_id, name, role_arn, regions) VALUES ($1, $2, $3, $4, $5::text[])
       ON CONFLICT (organization_id, account_id) DO UPDATE SET role_arn = EXCLUDED.role_arn, regions = EXCLUDED.regions`,
      [organizationId, a.accountId, `seed ${a.accountId}`, a.roleArn ?? null, regions],
    );
  }
}
