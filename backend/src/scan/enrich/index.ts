import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EnrichedResource, ScannedResource } from '../types.js';
import { estimateCost } from './cost.js';
import { instanceFacts } from './instance-types.js';
import type { PriceBook } from './pricing.js';
import { costAllocation, normaliseTags, type AllocationKey } from './tags.js';

export { PriceBook, onDemandUsd } from './pricing.js';
export { parseAllocationKeys, normaliseTags, costAllocation, type AllocationKey } from './tags.js';
export { factsFromName, instanceFacts, type InstanceFacts } from './instance-types.js';
export { estimateCost } from './cost.js';
export { PRICE_TABLE_SOURCE, PRICE_TABLE_DATE } from './price-table.js';

export interface EnrichOptions {
  prices: PriceBook;
  allocationKeys: AllocationKey[];
  /** For instance type facts (DescribeInstanceTypes in the resources' region). */
  ec2?: EC2Client;
  signal?: AbortSignal;
}

/** Tags, cost allocation, instance facts and the monthly estimate for one slice's resources. */
export async function enrich(resources: ScannedResource[], o: EnrichOptions): Promise<EnrichedResource[]> {
  const types = resources.filter((r) => r.type === 'ec2_instance').map((r) => String(r.attributes.instanceType ?? ''));
  const facts = types.length && o.ec2 ? await instanceFacts(o.ec2, types, o.signal) : new Map();
  const out: EnrichedResource[] = [];
  for (const r of resources) {
    const tags = normaliseTags(r.tags);
    const f = r.type === 'ec2_instance' ? facts.get(String(r.attributes.instanceType)) : undefined;
    const attributes = f ? { ...r.attributes, vcpu: f.vcpu, memoryGib: f.memoryGib, generation: f.generation, architecture: r.attributes.architecture ?? f.architecture } : r.attributes;
    const base = { ...r, tags, attributes };
    const cost = await estimateCost(base, o.prices);
    out.push({ ...base, costAllocation: costAllocation(tags, o.allocationKeys), ...cost });
  }
  return out;
}
