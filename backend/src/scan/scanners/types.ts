import type { RegionClients } from '../clients.js';
import type { ResourceType, ScannedResource } from '../types.js';

/** `tag:costwatch:critical=true` → only resources carrying that tag (critical runs). */
export interface TagSelector {
  key: string;
  value: string;
}

export interface ScanContext {
  accountId: string;
  region: string;
  clients: RegionClients;
  signal: AbortSignal;
  /** Critical runs: restrict to resources matching the selector (a partial slice). */
  selector?: TagSelector;
  /** For account-wide scanners (S3): clients of any region. */
  clientsFor(region: string): RegionClients;
}

export interface Scanner {
  type: ResourceType;
  /** Which API the calls go to (concurrency is bounded per account and API). */
  api: 'ec2' | 'rds' | 's3' | 'elb';
  /** `account`: listed once per account (S3), not once per region. */
  scope: 'regional' | 'account';
  /** Can filter by tag server-side, so critical runs include it. */
  supportsSelector?: boolean;
  scan(ctx: ScanContext): Promise<ScannedResource[]>;
}

export function tagMap(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key) out[t.Key] = t.Value ?? '';
  return out;
}

/** Stops a pagination between pages once the task timed out. */
export function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('task aborted');
}

export function iso(d: Date | undefined): string | undefined {
  return d ? d.toISOString() : undefined;
}
