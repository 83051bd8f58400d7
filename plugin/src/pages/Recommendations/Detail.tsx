import React from 'react';
import { Stack, Text } from '@grafana/ui';
import { Card, LoadState, MiniChart, formatMoney, useClient, useLoad } from '../../components/common';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import { recommendationsApi, type RecommendationDetail } from './api';

/** Metrics shown first in the sparkline: the one the check reasons about. */
const PREFERRED = ['CPUUtilization', 'DatabaseConnections', 'NetworkIn', 'VolumeReadOps', 'BytesOutToDestination'];

function value(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function Pairs({ data, label }: { data: Record<string, unknown>; label: string }) {
  const entries = Object.entries(data).filter(([k]) => k !== 'cpu' && k !== 'connections');
  return (
    <dl aria-label={label} style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 16, rowGap: 4, margin: 0 }}>
      {entries.map(([k, v]) => (
        <React.Fragment key={k}>
          <dt style={{ opacity: 0.7 }}>{k}</dt>
          <dd style={{ margin: 0, wordBreak: 'break-word' }}>{value(v)}</dd>
        </React.Fragment>
      ))}
    </dl>
  );
}

/** AWS console deep link for the resource types the scanner knows. */
export function consoleUrl(r: RecommendationDetail): string | undefined {
  const region = r.region ?? 'us-east-1';
  const id = encodeURIComponent(r.resource.resourceId);
  const ec2 = `https://${region}.console.aws.amazon.com/ec2/home?region=${region}`;
  switch (r.resource.type) {
    case 'ec2_instance':
      return `${ec2}#InstanceDetails:instanceId=${id}`;
    case 'ebs_volume':
      return `${ec2}#VolumeDetails:volumeId=${id}`;
    case 'ebs_snapshot':
      return `${ec2}#SnapshotDetails:snapshotId=${id}`;
    case 'elastic_ip':
      return `${ec2}#ElasticIpDetails:AllocationId=${id}`;
    case 'nat_gateway':
      return `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${region}#NatGatewayDetails:natGatewayId=${id}`;
    case 'rds_instance':
      return `https://${region}.console.aws.amazon.com/rds/home?region=${region}#database:id=${id}`;
    case 's3_bucket':
      return `https://s3.console.aws.amazon.com/s3/buckets/${id}`;
    default:
      return undefined;
  }
}

export function Detail({ id }: { id: string }) {
  const client = useClient();
  const state = useLoad(`detail|${id}`, () => recommendationsApi(client).detail(id));
  return (
    <Card title="Details" testId="recommendation-detail">
      <LoadState state={state} what="Recommendation">
        {(r) => {
          const names = Object.keys(r.utilization ?? {}).sort((a, b) => rank(a) - rank(b));
          const metric = names[0];
          const points = metric ? r.utilization[metric]!.filter((p) => p.max !== null).map((p) => [Date.parse(p.date), p.max as number] as [number, number]) : [];
          const aws = consoleUrl(r);
          return (
            <Stack direction="column" gap={1}>
              <Text element="h4">{r.title}</Text>
              <Text>{r.action}</Text>
              <Text color="secondary">{r.why}</Text>
              <Text>
                Estimated savings: <strong>{formatMoney(Number(r.estimatedMonthlySavings), r.currency)}</strong> per month ({r.confidence} confidence)
              </Text>
              <Stack direction="row" gap={2}>
                {/* Plain links: the inventory is a page of this app, the console is outside Grafana. */}
                <a href={`${PLUGIN_BASE_URL}/${ROUTES.Inventory}?search=${encodeURIComponent(r.resource.resourceId)}`}>{`${r.resource.resourceId} in the inventory`}</a>
                {aws && (
                  <a href={aws} target="_blank" rel="noopener noreferrer">
                    Open in the AWS console
                  </a>
                )}
              </Stack>
              {metric ? (
                <div>
                  <Text color="secondary">{`${metric}, daily maximum, last ${points.length} days`}</Text>
                  <MiniChart points={points} label={`${metric} of ${r.resource.resourceId}`} />
                </div>
              ) : (
                <Text color="secondary">No utilization recorded for this resource.</Text>
              )}
              <Text element="h5">Pricing basis</Text>
              <Pairs data={r.pricingBasis} label="pricing basis" />
              <Text element="h5">Evidence</Text>
              <Pairs data={r.evidence} label="evidence" />
              {r.dismissReason && <Text color="secondary">{`Dismissed: ${r.dismissReason}`}</Text>}
            </Stack>
          );
        }}
      </LoadState>
    </Card>
  );
}

function rank(name: string): number {
  const i = PREFERRED.indexOf(name);
  return i === -1 ? PREFERRED.length : i;
}
