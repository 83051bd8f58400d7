import { DescribeInstanceTypesCommand, type EC2Client } from '@aws-sdk/client-ec2';

/** What the scanner tells about an instance type (recommendations size and migrate with it). */
export interface InstanceFacts {
  vcpu: number;
  memoryGib: number;
  generation: 'current' | 'previous';
  architecture: 'x86_64' | 'arm64';
  source: 'ec2-api' | 'naming-rules';
}

const PREVIOUS_FAMILIES = new Set(['t1', 't2', 'm1', 'm2', 'm3', 'm4', 'c1', 'c3', 'c4', 'r3', 'r4', 'i2', 'd2', 'g2', 'g3', 'p2', 'x1', 'x1e', 'cr1', 'hs1']);
const SIZE_VCPU: Record<string, number> = { nano: 2, micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, metal: 96 };
/** GiB of memory per vCPU by family class (m: 4, c: 2, r: 8, t: varies by size). */
const MEM_PER_VCPU: Record<string, number> = { m: 4, c: 2, r: 8, x: 16, z: 8, i: 8, d: 8 };
const T_MEMORY: Record<string, number> = { nano: 0.5, micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 };

/** Offline facts from AWS's naming scheme (family letter, generation digit, 'g' for Graviton). */
export function factsFromName(type: string): InstanceFacts | undefined {
  const m = /^(?:db\.)?([a-z]+)(\d+)([a-z-]*)\.(\d*)(nano|micro|small|medium|large|xlarge|metal)$/.exec(type);
  if (!m) return undefined;
  const [, cls, gen, extra, mult, size] = m as unknown as [string, string, string, string, string, string];
  const family = `${cls}${gen}`;
  const vcpu = size === 'xlarge' && mult ? 4 * Number(mult) : SIZE_VCPU[size]!;
  const memoryGib = cls === 't' ? (T_MEMORY[`${mult}${size}`] ?? vcpu * 4) : vcpu * (MEM_PER_VCPU[cls] ?? 4);
  return {
    vcpu,
    memoryGib,
    generation: PREVIOUS_FAMILIES.has(family) ? 'previous' : 'current',
    architecture: extra.includes('g') ? 'arm64' : 'x86_64',
    source: 'naming-rules',
  };
}

const cache = new Map<string, InstanceFacts>();

/**
 * Facts per type from DescribeInstanceTypes (100 names a call, cached for the process),
 * falling back to the naming rules when the call fails or the type is unknown.
 */
export async function instanceFacts(ec2: EC2Client, types: string[], signal?: AbortSignal): Promise<Map<string, InstanceFacts>> {
  const missing = [...new Set(types)].filter((t) => !cache.has(t));
  for (let i = 0; i < missing.length; i += 100) {
    try {
      const res = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: missing.slice(i, i + 100) as never[] }), { abortSignal: signal });
      for (const t of res.InstanceTypes ?? []) {
        if (!t.InstanceType) continue;
        const archs = t.ProcessorInfo?.SupportedArchitectures ?? [];
        cache.set(t.InstanceType, {
          vcpu: t.VCpuInfo?.DefaultVCpus ?? factsFromName(t.InstanceType)?.vcpu ?? 0,
          memoryGib: (t.MemoryInfo?.SizeInMiB ?? 0) / 1024,
          generation: t.CurrentGeneration === false ? 'previous' : 'current',
          architecture: archs.includes('arm64') ? 'arm64' : 'x86_64',
          source: 'ec2-api',
        });
      }
    } catch {
      /* facts are enrichment: fall back to the naming rules below */
    }
  }
  const out = new Map<string, InstanceFacts>();
  for (const t of types) {
    const f = cache.get(t) ?? factsFromName(t);
    if (f) out.set(t, f);
  }
  return out;
}
