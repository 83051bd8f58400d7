import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { Queryable } from '../store/index.js';
import { RegionClients } from './clients.js';
import type { ScanAccount } from './types.js';

export interface AccountAccessOptions {
  endpoint?: string;
  maxAttempts?: number;
  /**
   * Decrypts aws_accounts.external_id_enc (scanOrganization passes secrets/ decryptSecret).
   * Without one, or when decryption fails, that account fails its scan with a message saying
   * so and the other accounts go on.
   */
  decryptExternalId?: (db: Queryable, organizationId: string, stored: string) => Promise<string>;
}

/** The scannable accounts of an organization, read straight from aws_accounts (demo rows excluded). */
export async function loadScanAccounts(db: Queryable, organizationId: string, o: AccountAccessOptions = {}): Promise<ScanAccount[]> {
  const { rows } = await db.query<{ account_id: string; role_arn: string | null; external_id_enc: string | null; regions: string[] | null }>(
    `SELECT account_id, role_arn, external_id_enc, regions FROM aws_accounts
     WHERE organization_id = $1 AND NOT is_demo AND status NOT IN ('disabled', 'deleted', 'removed')
     ORDER BY account_id`,
    [organizationId],
  );
  return Promise.all(
    rows.map(async (r): Promise<ScanAccount> => {
      const base = { accountId: r.account_id, regions: r.regions ?? [], access: { roleArn: r.role_arn ?? undefined, endpoint: o.endpoint, maxAttempts: o.maxAttempts } };
      if (!r.external_id_enc) return base;
      if (!o.decryptExternalId) return { ...base, accessError: 'the account has an external id but no decryptor is configured' };
      try {
        return { ...base, access: { ...base.access, externalId: await o.decryptExternalId(db, organizationId, r.external_id_enc) } };
      } catch (err) {
        return { ...base, accessError: `external id could not be decrypted: ${(err as Error).message}` };
      }
    }),
  );
}

/** Organizations with at least one real (non-demo) account: what scheduled scans visit. */
export async function organizationsWithAccounts(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ organization_id: string }>('SELECT DISTINCT organization_id FROM aws_accounts WHERE NOT is_demo ORDER BY 1');
  return rows.map((r) => r.organization_id);
}

/**
 * Regions to scan: enabled ones from DescribeRegions (opt-in-not-required or opted-in),
 * narrowed by the account's list, the configured allow-list and the run's own filter.
 */
export async function scanRegions(clients: RegionClients, allow: { account: string[]; config: string[]; run?: string[] }, signal?: AbortSignal): Promise<string[]> {
  const res = await clients.ec2.send(new DescribeRegionsCommand({ AllRegions: true }), { abortSignal: signal });
  const enabled = (res.Regions ?? [])
    .filter((r) => r.RegionName && (r.OptInStatus === undefined || r.OptInStatus === 'opt-in-not-required' || r.OptInStatus === 'opted-in'))
    .map((r) => r.RegionName!);
  return enabled
    .filter((r) => (allow.account.length ? allow.account.includes(r) : true))
    .filter((r) => (allow.config.length ? allow.config.includes(r) : true))
    .filter((r) => (allow.run?.length ? allow.run.includes(r) : true))
    .sort();
}
