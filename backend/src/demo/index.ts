import { createApiKey, hashApiKey } from '../auth/index.js';
import type { Logger } from '../obs/index.js';
import { ensurePartitions, refreshRollup, upsertCostRows, type Database } from '../store/index.js';
import { DEMO_ACCOUNTS, DEMO_BUDGETS, DEMO_SPIKES } from './catalog.js';
import { demoWindow, generateDemoCosts } from './generate.js';
import { DEMO_RESOURCES } from './resources.js';
import type { IsoDate } from '../domain/time.js';

export { generateDemoCosts, demoWindow } from './generate.js';
export { DEMO_ACCOUNTS, DEMO_SERVICES, DEMO_SPIKES, DEMO_REGIONS } from './catalog.js';

export const DEMO_SLUG = 'demo';

export async function findDemoOrg(db: Database): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM organizations WHERE slug = $1 AND is_demo', [DEMO_SLUG]);
  return rows[0]?.id;
}

/** True when nothing real is configured: no organization besides the demo, no AWS account. */
export async function isUnconfigured(db: Database): Promise<boolean> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT (SELECT count(*) FROM organizations WHERE NOT is_demo) + (SELECT count(*) FROM aws_accounts WHERE NOT is_demo) AS n',
  );
  return Number(rows[0]?.n ?? 0) === 0;
}

/**
 * Creates organization "Demo" with three linked accounts, 13 months of daily costs and a
 * small inventory, all labelled demo. Idempotent: an existing demo organization is returned.
 */
export async function seedDemo(db: Database, opts: { today: IsoDate; log?: Logger }): Promise<{ organizationId: string; created: boolean; rows: number }> {
  const existing = await findDemoOrg(db);
  if (existing) return { organizationId: existing, created: false, rows: 0 };
  const { from, to } = demoWindow(opts.today);
  const rows = generateDemoCosts(opts.today);
  await ensurePartitions(db, from, to);
  const organizationId = await db.transaction(async (tx) => {
    const { rows: org } = await tx.query<{ id: string }>(
      `INSERT INTO organizations (name, slug, is_demo, settings) VALUES ('Demo', $1, true, $2) RETURNING id`,
      [DEMO_SLUG, JSON.stringify({ demo: { note: 'Generated demo data, not real AWS spend', spikes: DEMO_SPIKES } })],
    );
    const orgId = org[0]!.id;
    for (const a of DEMO_ACCOUNTS) {
      await tx.query(
        `INSERT INTO aws_accounts (organization_id, account_id, name, is_payer, is_demo, status) VALUES ($1, $2, $3, $4, true, 'demo')`,
        [orgId, a.id, a.name, a.id === DEMO_ACCOUNTS[0].id],
      );
    }
    await upsertCostRows(tx, orgId, rows);
    await refreshRollup(tx, orgId, from, to);
    // Budgets sized against the generated spend: the organization's runs close to its limit
    // (so budget views and rules have something to show), staging's has headroom.
    for (const b of DEMO_BUDGETS) {
      await tx.query(
        `INSERT INTO budgets (organization_id, name, period, amount, currency, metric, scope, description)
         VALUES ($1, $2, $3, $4, 'USD', 'unblended', $5, 'Demo budget')`,
        [orgId, b.name, b.period, b.amount, JSON.stringify(b.scope)],
      );
    }
    for (const r of DEMO_RESOURCES) {
      await tx.query(
        `INSERT INTO aws_resources (organization_id, account_id, region, resource_type, resource_id, name, state,
           attributes, tags, monthly_cost, is_demo) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true)`,
        [orgId, r.account, r.region, r.type, r.id, r.name, r.state, JSON.stringify(r.attributes), JSON.stringify(r.tags), r.monthlyCost],
      );
    }
    return orgId;
  });
  opts.log?.info({ org_id: organizationId, rows: rows.length, from, to }, 'demo organization seeded');
  return { organizationId, created: true, rows: rows.length };
}

/**
 * A viewer key for Grafana. With a fixed key (DEMO_API_KEY, used by docker compose
 * provisioning) its hash is registered; otherwise a fresh key is minted and returned once.
 */
export async function ensureDemoKey(db: Database, organizationId: string, fixedKey?: string): Promise<string | undefined> {
  if (fixedKey) {
    await db.query(
      `INSERT INTO api_keys (organization_id, name, role, key_prefix, key_hash) VALUES ($1, 'demo (DEMO_API_KEY)', 'viewer', $2, $3)
       ON CONFLICT (key_hash) DO NOTHING`,
      [organizationId, fixedKey.slice(0, 10), hashApiKey(fixedKey)],
    );
    return undefined;
  }
  await db.query(`UPDATE api_keys SET revoked_at = now() WHERE organization_id = $1 AND name = 'demo (printed at start)' AND revoked_at IS NULL`, [organizationId]);
  const { key } = await createApiKey(db, organizationId, 'viewer', 'demo (printed at start)');
  return key;
}

/** Deletes the demo organization and everything that belongs to it. */
export async function removeDemo(db: Database): Promise<boolean> {
  const id = await findDemoOrg(db);
  if (!id) return false;
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM cost_data WHERE organization_id = $1', [id]);
    await tx.query('DELETE FROM organizations WHERE id = $1', [id]);
  });
  return true;
}
