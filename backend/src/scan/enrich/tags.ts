/**
 * Cost allocation keys: `team,env:environment|stage,app:application|service` means the
 * `env` dimension is read from a tag named env, environment or stage (case-insensitive).
 */
export interface AllocationKey {
  name: string;
  aliases: string[];
}

export function parseAllocationKeys(spec: string): AllocationKey[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name, rest] = entry.split(':', 2) as [string, string | undefined];
      const aliases = [name, ...(rest ? rest.split('|') : [])].map((a) => a.trim().toLowerCase()).filter(Boolean);
      return { name: name.trim().toLowerCase(), aliases };
    });
}

/** Trims keys and values and drops AWS-reserved `aws:` keys (they are not the owner's tags). */
export function normaliseTags(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    const key = k.trim();
    if (!key || key.toLowerCase().startsWith('aws:')) continue;
    out[key] = (v ?? '').trim();
  }
  return out;
}

/** Allocation values are lower-cased so that `Payments` and `payments` group together. */
export function costAllocation(tags: Record<string, string>, keys: AllocationKey[]): Record<string, string> {
  const lower = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  const out: Record<string, string> = {};
  for (const k of keys) {
    const hit = k.aliases.map((a) => lower.get(a)).find((v) => v !== undefined && v !== '');
    if (hit) out[k.name] = hit.toLowerCase();
  }
  return out;
}
