import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { clientConfig, type AwsAccess } from '../aws/index.js';

/** SDK clients of one account in one region, created on first use and shared by its tasks. */
export class RegionClients {
  private cache = new Map<string, unknown>();
  constructor(
    readonly access: AwsAccess,
    readonly region: string,
  ) {}

  private get<T>(key: string, make: () => T): T {
    let c = this.cache.get(key) as T | undefined;
    if (!c) this.cache.set(key, (c = make()));
    return c;
  }

  get ec2(): EC2Client {
    return this.get('ec2', () => new EC2Client(clientConfig(this.access, this.region)));
  }
  get rds(): RDSClient {
    return this.get('rds', () => new RDSClient(clientConfig(this.access, this.region)));
  }
  get s3(): S3Client {
    return this.get('s3', () => new S3Client(clientConfig(this.access, this.region)));
  }
  get cloudwatch(): CloudWatchClient {
    return this.get('cw', () => new CloudWatchClient(clientConfig(this.access, this.region)));
  }
  get elb(): ElasticLoadBalancingV2Client {
    return this.get('elb', () => new ElasticLoadBalancingV2Client(clientConfig(this.access, this.region)));
  }

  destroy(): void {
    for (const c of this.cache.values()) (c as { destroy?: () => void }).destroy?.();
    this.cache.clear();
  }
}

/** Every account's clients per region for one scan run. */
export class ClientPool {
  private pools = new Map<string, RegionClients>();
  for(accountId: string, access: AwsAccess, region: string): RegionClients {
    const key = `${accountId}|${region}`;
    let c = this.pools.get(key);
    if (!c) this.pools.set(key, (c = new RegionClients(access, region)));
    return c;
  }
  destroy(): void {
    for (const c of this.pools.values()) c.destroy();
    this.pools.clear();
  }
}
