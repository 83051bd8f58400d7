import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachVolumeCommand,
  CreateNatGatewayCommand,
  CreateSnapshotCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DeleteVolumeCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  type VolumeType,
} from '@aws-sdk/client-ec2';
import { CreateDBInstanceCommand, CreateDBSnapshotCommand, DeleteDBInstanceCommand } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';
import type { RegionClients } from '../scan/clients.js';
import { putDailyMetrics } from '../scan/testing.js';

/**
 * The moto world of the acceptance test: one positive and one negative example per check,
 * with CloudWatch utilization, created through the real AWS APIs. Returns the AWS ids by
 * the same logical names as fixtures.ts (i-idle, vol-gp2, ...). Resources whose age matters
 * (the "old" ones) are created first; the caller waits before creating the rest.
 */
export type MotoIds = Record<string, string>;

/** A Linux AMI from moto's bundled catalog (unknown AMIs boot as Windows, which no Graviton advice applies to). */
const LINUX_AMI = 'ami-1e749f67';

const days = (n: number, v: number) => Array.from({ length: n }, () => v);

async function instance(c: RegionClients, subnet: string, type: string): Promise<string> {
  const r = await c.ec2.send(new RunInstancesCommand({ ImageId: LINUX_AMI, MinCount: 1, MaxCount: 1, InstanceType: type as never, SubnetId: subnet }));
  return r.Instances![0]!.InstanceId!;
}

async function ec2Metrics(c: RegionClients, id: string, cpu: number, net: number, now: Date) {
  await putDailyMetrics(c, 'AWS/EC2', { InstanceId: id }, 'CPUUtilization', 'Percent', days(30, cpu), now);
  await putDailyMetrics(c, 'AWS/EC2', { InstanceId: id }, 'NetworkIn', 'Bytes', days(14, net), now);
  await putDailyMetrics(c, 'AWS/EC2', { InstanceId: id }, 'NetworkOut', 'Bytes', days(14, net), now);
}

async function volume(c: RegionClients, size: number, type: VolumeType, iops?: number): Promise<string> {
  return (await c.ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${c.region}a`, Size: size, VolumeType: type, Iops: iops }))).VolumeId!;
}

async function ebsOps(c: RegionClients, id: string, perSample: number, now: Date, n = 30) {
  for (const m of ['VolumeReadOps', 'VolumeWriteOps']) await putDailyMetrics(c, 'AWS/EBS', { VolumeId: id }, m, 'Count', days(n, perSample), now);
}

async function rds(c: RegionClients, id: string, cls: string, engine: string, version: string, storage = 20): Promise<void> {
  await c.rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: id, DBInstanceClass: cls, Engine: engine, EngineVersion: version, AllocatedStorage: storage, MasterUsername: 'admin', MasterUserPassword: 'password123' }));
}

async function rdsMetrics(c: RegionClients, id: string, cpu: number, conns: number, now: Date) {
  await putDailyMetrics(c, 'AWS/RDS', { DBInstanceIdentifier: id }, 'CPUUtilization', 'Percent', days(30, cpu), now);
  await putDailyMetrics(c, 'AWS/RDS', { DBInstanceIdentifier: id }, 'DatabaseConnections', 'Count', days(30, conns), now);
}

/** Phase 1: what must be older than its counterpart (launch, creation and snapshot times). */
export async function seedOld(c: RegionClients, ids: MotoIds): Promise<void> {
  const vpc = (await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  ids.subnet = (await c.ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24', AvailabilityZone: `${c.region}a` }))).Subnet!.SubnetId!;
  ids['i-longrun'] = await instance(c, ids.subnet, 'm6g.large');
  await rds(c, 'db-longrun', 'db.m6g.large', 'postgres', '16.4');
  ids['vol-snap-source'] = await volume(c, 100, 'gp3');
  ids['snap-old'] = (await c.ec2.send(new CreateSnapshotCommand({ VolumeId: ids['vol-snap-source'] }))).SnapshotId!;
}

/** Phase 2: everything else. */
export async function seedRest(c: RegionClients, ids: MotoIds, now: Date): Promise<void> {
  const subnet = ids.subnet!;
  ids['i-busy'] = await instance(c, subnet, 'm6g.large');
  ids['i-idle'] = await instance(c, subnet, 'm5.large');
  ids['i-oversized'] = await instance(c, subnet, 'm5.xlarge');
  ids['i-oldgen'] = await instance(c, subnet, 'm4.large');
  ids['i-x86'] = await instance(c, subnet, 'm5.large');
  ids['i-stopped'] = await instance(c, subnet, 'm6g.large');
  ids['i-running'] = await instance(c, subnet, 'm6g.large');
  await ec2Metrics(c, ids['i-idle'], 3, 1000, now);
  await ec2Metrics(c, ids['i-oversized'], 15, 1e8, now);
  for (const k of ['i-busy', 'i-oldgen', 'i-x86', 'i-longrun', 'i-running']) await ec2Metrics(c, ids[k]!, 60, 1e8, now);

  ids['vol-data-stopped'] = await volume(c, 50, 'gp3');
  ids['vol-data-running'] = await volume(c, 50, 'gp3');
  ids['vol-quiet'] = await volume(c, 200, 'gp3');
  ids['vol-io-low'] = await volume(c, 100, 'io1', 5000);
  ids['vol-io-busy'] = await volume(c, 100, 'io1', 5000);
  ids['vol-gp2'] = await volume(c, 500, 'gp2');
  const attach = async (vol: string, inst: string, device: string) => c.ec2.send(new AttachVolumeCommand({ VolumeId: ids[vol]!, InstanceId: ids[inst]!, Device: device }));
  await attach('vol-data-stopped', 'i-stopped', '/dev/sdf');
  await attach('vol-data-running', 'i-running', '/dev/sdf');
  await attach('vol-quiet', 'i-running', '/dev/sdg');
  await attach('vol-io-low', 'i-running', '/dev/sdh');
  await attach('vol-io-busy', 'i-running', '/dev/sdi');
  await attach('vol-gp2', 'i-running', '/dev/sdj');
  await c.ec2.send(new StopInstancesCommand({ InstanceIds: [ids['i-stopped']!] }));
  await ebsOps(c, ids['vol-data-running']!, 5e5, now);
  await ebsOps(c, ids['vol-quiet']!, 0.1, now, 7);
  await ebsOps(c, ids['vol-io-low']!, 6e4, now);
  await ebsOps(c, ids['vol-io-busy']!, 1e6, now);
  await ebsOps(c, ids['vol-gp2']!, 1e6, now);
  ids['vol-unattached'] = await volume(c, 100, 'gp3');

  ids['snap-recent'] = (await c.ec2.send(new CreateSnapshotCommand({ VolumeId: ids['vol-snap-source'] }))).SnapshotId!;
  const doomed = await volume(c, 20, 'gp3');
  ids['snap-orphan'] = (await c.ec2.send(new CreateSnapshotCommand({ VolumeId: doomed }))).SnapshotId!;
  await c.ec2.send(new DeleteVolumeCommand({ VolumeId: doomed }));

  ids['eipalloc-free'] = (await c.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  ids['eipalloc-used'] = (await c.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  await c.ec2.send(new AssociateAddressCommand({ AllocationId: ids['eipalloc-used'], InstanceId: ids['i-running'] }));

  for (const [name, bytes] of [['nat-idle', 0], ['nat-busy', 1e9]] as const) {
    const eip = (await c.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    const id = (await c.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId: eip }))).NatGateway!.NatGatewayId!;
    ids[name] = id;
    for (const m of ['BytesOutToDestination', 'BytesInFromSource']) await putDailyMetrics(c, 'AWS/NATGateway', { NatGatewayId: id }, m, 'Bytes', days(7, bytes), now);
  }

  await rds(c, 'db-busy', 'db.m6g.large', 'postgres', '16.4');
  await rds(c, 'db-idle', 'db.m5.large', 'mysql', '8.4.3');
  await rds(c, 'db-oversized', 'db.m5.xlarge', 'postgres', '16.4');
  await rds(c, 'db-oldgen', 'db.m4.large', 'mysql', '8.4.3');
  await rds(c, 'db-mysql57', 'db.m5.large', 'mysql', '5.7.44');
  await rds(c, 'db-gone', 'db.t3.micro', 'postgres', '16.4', 100);
  await rdsMetrics(c, 'db-idle', 2, 0, now);
  await rdsMetrics(c, 'db-oversized', 4, 5, now);
  for (const k of ['db-busy', 'db-oldgen', 'db-longrun', 'db-mysql57', 'db-gone']) await rdsMetrics(c, k, 50, 20, now);
  await c.rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'db-gone', DBSnapshotIdentifier: 'rds-snap-orphan' }));
  await c.rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'db-busy', DBSnapshotIdentifier: 'rds-snap-kept' }));
  await c.rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'db-gone', SkipFinalSnapshot: true }));
  for (const k of ['db-busy', 'db-idle', 'db-oversized', 'db-oldgen', 'db-longrun', 'db-mysql57', 'rds-snap-orphan', 'rds-snap-kept']) ids[k] = k;

  const bucket = async (name: string, rules?: NonNullable<ConstructorParameters<typeof PutBucketLifecycleConfigurationCommand>[0]['LifecycleConfiguration']>['Rules']) => {
    const b = `${name}-${Math.random().toString(36).slice(2, 8)}`;
    await c.s3.send(new CreateBucketCommand({ Bucket: b }));
    if (rules) await c.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: b, LifecycleConfiguration: { Rules: rules } }));
    ids[name] = b;
    return b;
  };
  const noRules = await bucket('bucket-no-rules');
  await putDailyMetrics(c, 'AWS/S3', { BucketName: noRules, StorageType: 'StandardStorage' }, 'BucketSizeBytes', 'Bytes', [1e12], now);
  await bucket('bucket-expire-only', [{ ID: 'expire', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 365 } }]);
  await bucket('bucket-good', [{ ID: 'abort-mpu', Status: 'Enabled', Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }]);
}
