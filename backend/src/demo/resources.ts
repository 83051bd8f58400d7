/** A small, labelled inventory so resource pages have something to show before a real scan. */
export interface DemoResource {
  account: string;
  region: string;
  type: string;
  id: string;
  name: string;
  state: string;
  monthlyCost: string;
  attributes: Record<string, unknown>;
  tags: Record<string, string>;
}

export const DEMO_RESOURCES: DemoResource[] = [
  { account: '111111111111', region: 'us-east-1', type: 'ec2_instance', id: 'i-0demo000000000001', name: 'demo-api-1', state: 'running', monthlyCost: '140.160000', attributes: { instanceType: 'm6i.xlarge' }, tags: { team: 'platform', env: 'prod' } },
  { account: '111111111111', region: 'us-east-1', type: 'ec2_instance', id: 'i-0demo000000000002', name: 'demo-api-2', state: 'running', monthlyCost: '140.160000', attributes: { instanceType: 'm6i.xlarge' }, tags: { team: 'platform', env: 'prod' } },
  { account: '111111111111', region: 'us-west-2', type: 'ec2_instance', id: 'i-0demo000000000003', name: 'demo-legacy-batch', state: 'running', monthlyCost: '146.000000', attributes: { instanceType: 'm4.xlarge' }, tags: { team: 'data', env: 'prod' } },
  { account: '222222222222', region: 'us-east-1', type: 'ec2_instance', id: 'i-0demo000000000004', name: 'demo-loadtest', state: 'stopped', monthlyCost: '0.000000', attributes: { instanceType: 'c6g.2xlarge' }, tags: { team: 'web', env: 'staging' } },
  { account: '111111111111', region: 'us-east-1', type: 'ebs_volume', id: 'vol-0demo00000000001', name: 'demo-orphan-data', state: 'available', monthlyCost: '40.000000', attributes: { volumeType: 'gp2', sizeGb: 400 }, tags: { team: 'data' } },
  { account: '111111111111', region: 'us-east-1', type: 'ebs_volume', id: 'vol-0demo00000000002', name: 'demo-api-root', state: 'in-use', monthlyCost: '8.000000', attributes: { volumeType: 'gp3', sizeGb: 100 }, tags: { team: 'platform' } },
  { account: '333333333333', region: 'eu-west-1', type: 'ebs_snapshot', id: 'snap-0demo0000000001', name: 'demo-old-backup', state: 'completed', monthlyCost: '25.000000', attributes: { sizeGb: 500 }, tags: {} },
  { account: '111111111111', region: 'us-east-1', type: 'elastic_ip', id: 'eipalloc-0demo000001', name: 'demo-unused-ip', state: 'unassociated', monthlyCost: '3.650000', attributes: {}, tags: {} },
  { account: '111111111111', region: 'us-east-1', type: 'rds_instance', id: 'demo-payments-db', name: 'demo-payments-db', state: 'available', monthlyCost: '313.900000', attributes: { instanceClass: 'db.r6g.xlarge', engine: 'postgres', engineVersion: '15.4' }, tags: { team: 'payments', env: 'prod' } },
  { account: '222222222222', region: 'us-east-1', type: 'rds_instance', id: 'demo-staging-mysql', name: 'demo-staging-mysql', state: 'available', monthlyCost: '124.100000', attributes: { instanceClass: 'db.m5.large', engine: 'mysql', engineVersion: '5.7.44' }, tags: { team: 'payments', env: 'staging' } },
  { account: '333333333333', region: 'us-east-1', type: 's3_bucket', id: 'demo-data-lake', name: 'demo-data-lake', state: 'active', monthlyCost: '412.000000', attributes: { lifecycleRules: 0 }, tags: { team: 'data' } },
  { account: '111111111111', region: 'us-east-1', type: 'nat_gateway', id: 'nat-0demo0000000001', name: 'demo-nat', state: 'available', monthlyCost: '32.850000', attributes: {}, tags: { team: 'platform' } },
];
