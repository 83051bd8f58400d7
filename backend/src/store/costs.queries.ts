import type { IsoDate } from '../domain/time.js';
import type { Queryable } from './queryable.js';

/** One cost_data row as writers hand it over; money as decimal strings. */
export interface CostRow {
  usageDate: IsoDate;
  accountId: string;
  service: string;
  region: string;
  usageType: string;
  unblended: string;
  amortized: string;
  netUnblended: string;
  netAmortized: string;
  usageQuantity: string;
  usageUnit: string;
  currency: string;
  tags: Record<string, string>;
  source: string;
}

const BATCH = 2000;

/**
 * Idempotent batch upsert through unnest (one round trip per 2,000 rows, explicit casts).
 * Callers that replace a whole period delete it first in the same transaction.
 */
export async function upsertCostRows(tx: Queryable, organizationId: string, rows: readonly CostRow[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const b = rows.slice(i, i + BATCH);
    const res = await tx.query(
      `INSERT INTO cost_data (organization_id, usage_date, account_id, service, region, usage_type,
         unblended_cost, amortized_cost, net_unblended_cost, net_amortized_cost, usage_quantity, usage_unit,
         currency, tags, source)
       SELECT $1::uuid, t.* FROM unnest($2::date[], $3::text[], $4::text[], $5::text[], $6::text[],
         $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[], $12::text[],
         $13::char(3)[], $14::jsonb[], $15::text[]) AS t
       ON CONFLICT (organization_id, usage_date, account_id, service, region, usage_type, source, currency, tags)
       DO UPDATE SET unblended_cost = EXCLUDED.unblended_cost, amortized_cost = EXCLUDED.amortized_cost,
         net_unblended_cost = EXCLUDED.net_unblended_cost, net_amortized_cost = EXCLUDED.net_amortized_cost,
         usage_quantity = EXCLUDED.usage_quantity, usage_unit = EXCLUDED.usage_unit, ingested_at = now()`,
      [
        organizationId,
        b.map((r) => r.usageDate),
        b.map((r) => r.accountId),
        b.map((r) => r.service),
        b.map((r) => r.region),
        b.map((r) => r.usageType),
        b.map((r) => r.unblended),
        b.map((r) => r.amortized),
        b.map((r) => r.netUnblended),
        b.map((r) => r.netAmortized),
        b.map((r) => r.usageQuantity),
        b.map((r) => r.usageUnit),
        b.map((r) => r.currency),
        b.map((r) => JSON.stringify(r.tags)),
        b.map((r) => r.source),
      ],
    );
    written += res.rowCount;
  }
  return written;
}

/**
 * Recomputes the daily rollups for [from, to) of one organization from cost_data: the base
 * rollup (account x service x region) and, from it, the coarser grains.
 */
export async function refreshRollup(tx: Queryable, organizationId: string, from: IsoDate, to: IsoDate): Promise<void> {
  const args = [organizationId, from, to];
  await tx.query('DELETE FROM cost_daily_rollup WHERE organization_id = $1 AND usage_date >= $2 AND usage_date < $3', args);
  await tx.query(
    `INSERT INTO cost_daily_rollup (organization_id, usage_date, account_id, service, region, currency,
       unblended_cost, amortized_cost, net_unblended_cost, net_amortized_cost)
     SELECT organization_id, usage_date, account_id, service, region, currency,
       sum(unblended_cost), sum(amortized_cost), sum(net_unblended_cost), sum(net_amortized_cost)
       FROM cost_data
      WHERE organization_id = $1 AND usage_date >= $2 AND usage_date < $3
      GROUP BY organization_id, usage_date, account_id, service, region, currency`,
    args,
  );
  await tx.query('DELETE FROM cost_daily_grain WHERE organization_id = $1 AND usage_date >= $2 AND usage_date < $3', args);
  await tx.query(
    `INSERT INTO cost_daily_grain (organization_id, grain, usage_date, account_id, service, region, currency,
       unblended_cost, amortized_cost, net_unblended_cost, net_amortized_cost)
     SELECT organization_id,
       CASE WHEN GROUPING(account_id) = 0 THEN 'a' ELSE '' END || CASE WHEN GROUPING(service) = 0 THEN 's' ELSE '' END
         || CASE WHEN GROUPING(region) = 0 THEN 'r' ELSE '' END,
       usage_date, coalesce(account_id, ''), coalesce(service, ''), coalesce(region, ''), currency,
       sum(unblended_cost), sum(amortized_cost), sum(net_unblended_cost), sum(net_amortized_cost)
       FROM cost_daily_rollup
      WHERE organization_id = $1 AND usage_date >= $2 AND usage_date < $3
      GROUP BY organization_id, usage_date, currency,
        GROUPING SETS ((), (account_id), (service), (region), (account_id, service), (account_id, region), (service, region))`,
    args,
  );
}

/** Deletes an organization's costs in [from, to), optionally for one source and account. */
export async function deleteCosts(
  tx: Queryable,
  organizationId: string,
  from: IsoDate,
  to: IsoDate,
  filter: { source?: string; accountId?: string } = {},
): Promise<number> {
  const res = await tx.query(
    `DELETE FROM cost_data WHERE organization_id = $1 AND usage_date >= $2 AND usage_date < $3
       AND ($4::text IS NULL OR source = $4) AND ($5::text IS NULL OR account_id = $5)`,
    [organizationId, from, to, filter.source ?? null, filter.accountId ?? null],
  );
  return res.rowCount;
}
