import { DescribeTagsCommand, paginateDescribeLoadBalancers } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ScannedResource } from '../types.js';
import { checkAborted, iso, tagMap, type Scanner } from './types.js';

/** Application, network and gateway load balancers (ELBv2); tags come 20 ARNs per call. */
export const loadBalancers: Scanner = {
  type: 'load_balancer',
  api: 'elb',
  scope: 'regional',
  async scan(ctx) {
    const out: ScannedResource[] = [];
    for await (const page of paginateDescribeLoadBalancers({ client: ctx.clients.elb, pageSize: 400 }, {})) {
      checkAborted(ctx.signal);
      for (const lb of page.LoadBalancers ?? []) {
        if (!lb.LoadBalancerArn) continue;
        out.push({
          type: 'load_balancer',
          id: lb.LoadBalancerArn.split(':loadbalancer/')[1] ?? lb.LoadBalancerArn,
          region: ctx.region,
          arn: lb.LoadBalancerArn,
          name: lb.LoadBalancerName,
          state: lb.State?.Code ?? 'unknown',
          tags: {},
          attributes: { lbType: lb.Type ?? 'application', scheme: lb.Scheme, vpcId: lb.VpcId, createTime: iso(lb.CreatedTime), dnsName: lb.DNSName },
        });
      }
    }
    for (let i = 0; i < out.length; i += 20) {
      checkAborted(ctx.signal);
      const batch = out.slice(i, i + 20);
      const res = await ctx.clients.elb.send(new DescribeTagsCommand({ ResourceArns: batch.map((r) => r.arn!) }), { abortSignal: ctx.signal });
      const byArn = new Map((res.TagDescriptions ?? []).map((t) => [t.ResourceArn, tagMap(t.Tags)]));
      for (const r of batch) r.tags = byArn.get(r.arn) ?? {};
    }
    return out;
  },
};
