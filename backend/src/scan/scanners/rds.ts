import { paginateDescribeDBInstances, paginateDescribeDBSnapshots } from '@aws-sdk/client-rds';
import type { ScannedResource } from '../types.js';
import { checkAborted, iso, tagMap, type Scanner } from './types.js';

export const rdsInstances: Scanner = {
  type: 'rds_instance',
  api: 'rds',
  scope: 'regional',
  // DescribeDBInstances cannot filter by tag: critical runs filter the page client-side.
  supportsSelector: true,
  async scan(ctx) {
    const out: ScannedResource[] = [];
    for await (const page of paginateDescribeDBInstances({ client: ctx.clients.rds, pageSize: 100 }, {})) {
      checkAborted(ctx.signal);
      for (const d of page.DBInstances ?? []) {
        if (!d.DBInstanceIdentifier) continue;
        const tags = tagMap(d.TagList);
        if (ctx.selector && tags[ctx.selector.key] !== ctx.selector.value) continue;
        out.push({
          type: 'rds_instance',
          id: d.DBInstanceIdentifier,
          region: ctx.region,
          arn: d.DBInstanceArn,
          name: d.DBInstanceIdentifier,
          state: d.DBInstanceStatus ?? 'unknown',
          tags,
          attributes: {
            instanceClass: d.DBInstanceClass,
            engine: d.Engine,
            engineVersion: d.EngineVersion,
            multiAz: Boolean(d.MultiAZ),
            storageType: d.StorageType,
            allocatedStorageGb: d.AllocatedStorage,
            iops: d.Iops,
            createTime: iso(d.InstanceCreateTime),
            licenseModel: d.LicenseModel,
          },
        });
      }
    }
    return out;
  },
};

/** Manual and automated snapshots this account owns. */
export const rdsSnapshots: Scanner = {
  type: 'rds_snapshot',
  api: 'rds',
  scope: 'regional',
  async scan(ctx) {
    const out: ScannedResource[] = [];
    for await (const page of paginateDescribeDBSnapshots({ client: ctx.clients.rds, pageSize: 100 }, {})) {
      checkAborted(ctx.signal);
      for (const s of page.DBSnapshots ?? []) {
        if (!s.DBSnapshotIdentifier) continue;
        const tags = tagMap(s.TagList);
        out.push({
          type: 'rds_snapshot',
          id: s.DBSnapshotIdentifier,
          region: ctx.region,
          arn: s.DBSnapshotArn,
          name: s.DBSnapshotIdentifier,
          state: s.Status ?? 'unknown',
          tags,
          attributes: {
            dbInstanceId: s.DBInstanceIdentifier,
            engine: s.Engine,
            allocatedStorageGb: s.AllocatedStorage,
            snapshotType: s.SnapshotType,
            createTime: iso(s.SnapshotCreateTime),
          },
        });
      }
    }
    return out;
  },
};
