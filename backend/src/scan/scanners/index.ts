import type { ResourceType } from '../types.js';
import { ebsSnapshots, ebsVolumes, ec2Instances, elasticIps, natGateways } from './ec2.js';
import { loadBalancers } from './elb.js';
import { rdsInstances, rdsSnapshots } from './rds.js';
import { s3Buckets } from './s3.js';
import type { Scanner } from './types.js';

export type { Scanner, ScanContext, TagSelector } from './types.js';

export const SCANNERS: Record<ResourceType, Scanner> = {
  ec2_instance: ec2Instances,
  ebs_volume: ebsVolumes,
  ebs_snapshot: ebsSnapshots,
  elastic_ip: elasticIps,
  nat_gateway: natGateways,
  load_balancer: loadBalancers,
  rds_instance: rdsInstances,
  rds_snapshot: rdsSnapshots,
  s3_bucket: s3Buckets,
};

/** Incremental runs skip the slow, slow-changing types (snapshots, S3 with its per-bucket calls). */
export const INCREMENTAL_TYPES: ResourceType[] = ['ec2_instance', 'ebs_volume', 'elastic_ip', 'nat_gateway', 'load_balancer', 'rds_instance'];
