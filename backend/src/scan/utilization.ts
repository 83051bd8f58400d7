import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { Queryable } from '../store/index.js';
import type { UsageRow } from './store.js';

/** What is collected per resource type: CloudWatch namespace, dimension and metrics with units. */
const PLAN: Record<string, { namespace: string; dimension: string; metrics: [string, string][] }> = {
  ec2_instance: { namespace: 'AWS/EC2', dimension: 'InstanceId', metrics: [['CPUUtilization', 'Percent'], ['NetworkIn', 'Bytes'], ['NetworkOut', 'Bytes']] },
  rds_instance: { namespace: 'AWS/RDS', dimension: 'DBInstanceIdentifier', metrics: [['CPUUtilization', 'Percent'], ['DatabaseConnections', 'Count']] },
  ebs_volume: { namespace: 'AWS/EBS', dimension: 'VolumeId', metrics: [['VolumeReadOps', 'Count'], ['VolumeWriteOps', 'Count']] },
  // For the recommendations' idle NAT gateway check (issue 8): traffic both ways.
  nat_gateway: { namespace: 'AWS/NATGateway', dimension: 'NatGatewayId', metrics: [['BytesOutToDestination', 'Bytes'], ['BytesInFromSource', 'Bytes']] },
};
export const UTILIZATION_TYPES = Object.keys(PLAN);

/** GetMetricData takes at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;
const DAY_MS = 86_400_000;

export interface UtilizationTarget {
  uuid: string;
  type: string;
  resourceId: string;
}

/** Live resources of one account/region whose utilization is collected. */
export async function utilizationTargets(db: Queryable, organizationId: string, accountId: string, region: string): Promise<UtilizationTarget[]> {
  const { rows } = await db.query<{ id: string; resource_type: string; resource_id: string }>(
    `SELECT id, resource_type, resource_id FROM aws_resources
     WHERE organization_id = $1 AND account_id = $2 AND region = $3 AND deleted_at IS NULL AND resource_type = ANY($4::text[])
     ORDER BY resource_type, resource_id`,
    [organizationId, accountId, region, UTILIZATION_TYPES],
  );
  return rows.map((r) => ({ uuid: r.id, type: r.resource_type, resourceId: r.resource_id }));
}

interface Planned {
  query: MetricDataQuery;
  target: UtilizationTarget;
  metric: string;
  unit: string;
  stat: 'avg' | 'max';
}

/** Two queries (Average, Maximum) per metric per resource, daily periods. */
export function planQueries(targets: UtilizationTarget[]): Planned[] {
  const out: Planned[] = [];
  for (const t of targets) {
    const p = PLAN[t.type];
    if (!p) continue;
    for (const [metric, unit] of p.metrics)
      for (const stat of ['avg', 'max'] as const)
        out.push({
          target: t,
          metric,
          unit,
          stat,
          query: {
            Id: `q${out.length}`,
            MetricStat: { Metric: { Namespace: p.namespace, MetricName: metric, Dimensions: [{ Name: p.dimension, Value: t.resourceId }] }, Period: 86400, Stat: stat === 'avg' ? 'Average' : 'Maximum' },
            ReturnData: true,
          },
        });
  }
  return out;
}

/**
 * Daily average and maximum for the last `days` days, batched 500 queries a call (following
 * NextToken within a batch). Returns one row per resource, metric and day.
 */
export async function collectUtilization(cw: CloudWatchClient, targets: UtilizationTarget[], opts: { days: number; now?: Date; signal?: AbortSignal }): Promise<{ rows: UsageRow[]; calls: number }> {
  const now = opts.now ?? new Date();
  const end = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);
  const start = new Date(end.getTime() - (opts.days + 1) * DAY_MS);
  const planned = planQueries(targets);
  const byKey = new Map<string, UsageRow>();
  let calls = 0;
  for (let i = 0; i < planned.length; i += MAX_QUERIES_PER_CALL) {
    const batch = planned.slice(i, i + MAX_QUERIES_PER_CALL);
    const byId = new Map(batch.map((p) => [p.query.Id!, p]));
    let token: string | undefined;
    do {
      calls++;
      const res = await cw.send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: batch.map((p) => p.query), NextToken: token }), { abortSignal: opts.signal });
      for (const r of res.MetricDataResults ?? []) {
        const p = byId.get(r.Id ?? '');
        if (!p) continue;
        (r.Timestamps ?? []).forEach((ts, k) => {
          const date = ts.toISOString().slice(0, 10);
          const key = `${p.target.uuid}|${p.metric}|${date}`;
          const row = byKey.get(key) ?? { resourceUuid: p.target.uuid, metric: p.metric, date, avg: null, max: null, unit: p.unit };
          row[p.stat] = r.Values?.[k] ?? null;
          byKey.set(key, row);
        });
      }
      token = res.NextToken;
    } while (token);
  }
  return { rows: [...byKey.values()], calls };
}
