import {
  DescribeAddressesCommand,
  paginateDescribeInstances,
  paginateDescribeNatGateways,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
  type Filter,
} from '@aws-sdk/client-ec2';
import type { ScannedResource } from '../types.js';
import { checkAborted, iso, tagMap, type ScanContext, type Scanner } from './types.js';

function selectorFilter(ctx: ScanContext): Filter[] | undefined {
  return ctx.selector ? [{ Name: `tag:${ctx.selector.key}`, Values: [ctx.selector.value] }] : undefined;
}

const arn = (ctx: ScanContext, kind: string, id: string) => `arn:aws:ec2:${ctx.region}:${ctx.accountId}:${kind}/${id}`;

export const ec2Instances: Scanner = {
  type: 'ec2_instance',
  api: 'ec2',
  scope: 'regional',
  supportsSelector: true,
  async scan(ctx) {
    const out: ScannedResource[] = [];
    const pages = paginateDescribeInstances({ client: ctx.clients.ec2, pageSize: 1000 }, { Filters: selectorFilter(ctx) });
    for await (const page of pages) {
      checkAborted(ctx.signal);
      for (const r of page.Reservations ?? [])
        for (const i of r.Instances ?? []) {
          if (!i.InstanceId) continue;
          const tags = tagMap(i.Tags);
          out.push({
            type: 'ec2_instance',
            id: i.InstanceId,
            region: ctx.region,
            arn: arn(ctx, 'instance', i.InstanceId),
            name: tags.Name,
            state: i.State?.Name ?? 'unknown',
            tags,
            attributes: {
              instanceType: i.InstanceType,
              launchTime: iso(i.LaunchTime),
              platform: i.PlatformDetails ?? i.Platform ?? 'Linux/UNIX',
              architecture: i.Architecture,
              availabilityZone: i.Placement?.AvailabilityZone,
              lifecycle: i.InstanceLifecycle ?? 'on-demand',
              volumeIds: (i.BlockDeviceMappings ?? []).map((b) => b.Ebs?.VolumeId).filter(Boolean),
            },
          });
        }
    }
    return out;
  },
};

export const ebsVolumes: Scanner = {
  type: 'ebs_volume',
  api: 'ec2',
  scope: 'regional',
  supportsSelector: true,
  async scan(ctx) {
    const out: ScannedResource[] = [];
    for await (const page of paginateDescribeVolumes({ client: ctx.clients.ec2, pageSize: 500 }, { Filters: selectorFilter(ctx) })) {
      checkAborted(ctx.signal);
      for (const v of page.Volumes ?? []) {
        if (!v.VolumeId) continue;
        const tags = tagMap(v.Tags);
        out.push({
          type: 'ebs_volume',
          id: v.VolumeId,
          region: ctx.region,
          arn: arn(ctx, 'volume', v.VolumeId),
          name: tags.Name,
          state: v.State ?? 'unknown',
          tags,
          attributes: {
            volumeType: v.VolumeType,
            sizeGb: v.Size,
            iops: v.Iops,
            throughput: v.Throughput,
            createTime: iso(v.CreateTime),
            availabilityZone: v.AvailabilityZone,
            attachedInstanceIds: (v.Attachments ?? []).map((a) => a.InstanceId).filter(Boolean),
            snapshotId: v.SnapshotId || undefined,
          },
        });
      }
    }
    return out;
  },
};

/** Owned snapshots only (OwnerIds self): public and shared ones cost the owner nothing. */
export const ebsSnapshots: Scanner = {
  type: 'ebs_snapshot',
  api: 'ec2',
  scope: 'regional',
  async scan(ctx) {
    const out: ScannedResource[] = [];
    for await (const page of paginateDescribeSnapshots({ client: ctx.clients.ec2, pageSize: 1000 }, { OwnerIds: ['self'] })) {
      checkAborted(ctx.signal);
      for (const s of page.Snapshots ?? []) {
        if (!s.SnapshotId) continue;
        const tags = tagMap(s.Tags);
        out.push({
          type: 'ebs_snapshot',
          id: s.SnapshotId,
          region: ctx.region,
          arn: arn(ctx, 'snapshot', s.SnapshotId),
          name: tags.Name,
          state: s.State ?? 'unknown',
          tags,
          attributes: { sizeGb: s.VolumeSize, volumeId: s.VolumeId, startTime: iso(s.StartTime), storageTier: s.StorageTier, description: s.Description },
        });
      }
    }
    return out;
  },
};

/** DescribeAddresses has no pagination: one call returns every address of the region. */
export const elasticIps: Scanner = {
  type: 'elastic_ip',
  api: 'ec2',
  scope: 'regional',
  async scan(ctx) {
    const res = await ctx.clients.ec2.send(new DescribeAddressesCommand({}), { abortSignal: ctx.signal });
    return (res.Addresses ?? [])
      .filter((a) => a.AllocationId ?? a.PublicIp)
      .map((a) => {
        const tags = tagMap(a.Tags);
        const id = (a.AllocationId ?? a.PublicIp)!;
        const associated = Boolean(a.AssociationId ?? a.InstanceId ?? a.NetworkInterfaceId);
        return {
          type: 'elastic_ip' as const,
          id,
          region: ctx.region,
          arn: arn(ctx, 'elastic-ip', id),
          name: tags.Name ?? a.PublicIp,
          state: associated ? 'associated' : 'unassociated',
          tags,
          attributes: { publicIp: a.PublicIp, instanceId: a.InstanceId, associationId: a.AssociationId, domain: a.Domain },
        };
      });
  },
};

export const natGateways: Scanner = {
  type: 'nat_gateway',
  api: 'ec2',
  scope: 'regional',
  async scan(ctx) {
    const out: ScannedResource[] = [];
    for await (const page of paginateDescribeNatGateways({ client: ctx.clients.ec2, pageSize: 1000 }, {})) {
      checkAborted(ctx.signal);
      for (const n of page.NatGateways ?? []) {
        if (!n.NatGatewayId) continue;
        const tags = tagMap(n.Tags);
        out.push({
          type: 'nat_gateway',
          id: n.NatGatewayId,
          region: ctx.region,
          arn: arn(ctx, 'natgateway', n.NatGatewayId),
          name: tags.Name,
          state: n.State ?? 'unknown',
          tags,
          attributes: { vpcId: n.VpcId, subnetId: n.SubnetId, connectivityType: n.ConnectivityType ?? 'public', createTime: iso(n.CreateTime) },
        });
      }
    }
    return out;
  },
};
