import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { Decimal } from '../../domain/money.js';
import type { Queryable } from '../../store/index.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
export const FOCUS_SAMPLE = `${FIXTURES}focus/focus_sample_1000.csv`;
export const CUR_SAMPLE = `${FIXTURES}cur/sample-anonymous-aws-export-dataset.csv`;

export async function createOrg(db: Queryable, slug: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`INSERT INTO organizations (name, slug) VALUES ($1, $1) RETURNING id`, [slug]);
  return rows[0]!.id;
}

/**
 * The file's own per-day, per-service sums, computed independently of the importer
 * (csv-parse + decimal.js), exact.
 */
export function fileSums(path: string, cols: { day: string; service: string; cost: string; fallbackService?: string }): Map<string, Decimal> {
  const rows = parse(readFileSync(path), { columns: true }) as Record<string, string>[];
  const sums = new Map<string, Decimal>();
  for (const r of rows) {
    const raw = r[cols.day]!;
    const day = raw.includes('T') || raw.endsWith('Z') ? new Date(raw).toISOString().slice(0, 10) : raw.slice(0, 10);
    let service = r[cols.service] ?? '';
    if ((service === '' || service === 'NULL') && cols.fallbackService) service = r[cols.fallbackService] ?? '';
    if (service === 'NULL') service = '';
    const key = `${day}|${service}`;
    sums.set(key, (sums.get(key) ?? new Decimal(0)).plus(new Decimal(r[cols.cost] || 0)));
  }
  return sums;
}

export async function dbSums(db: Queryable, orgId: string, source: string, metric = 'unblended_cost'): Promise<Map<string, Decimal>> {
  const { rows } = await db.query<{ d: string; service: string; total: string }>(
    `SELECT usage_date::text AS d, service, sum(${metric})::text AS total FROM cost_data
      WHERE organization_id = $1 AND source = $2 GROUP BY 1, 2`,
    [orgId, source],
  );
  return new Map(rows.map((r) => [`${r.d}|${r.service}`, new Decimal(r.total)]));
}

/** Keys whose sums differ by half a cent or more (i.e. do not agree to the cent). */
export function centMismatches(expected: Map<string, Decimal>, actual: Map<string, Decimal>): string[] {
  const keys = new Set([...expected.keys(), ...actual.keys()]);
  const out: string[] = [];
  for (const k of keys) {
    const a = expected.get(k) ?? new Decimal(0);
    const b = actual.get(k) ?? new Decimal(0);
    if (a.minus(b).abs().gte(0.005)) out.push(`${k}: file ${a.toFixed(6)} vs db ${b.toFixed(6)}`);
  }
  return out;
}

/** A stable picture of an organization's costs, to prove that something changed nothing. */
export async function snapshot(db: Queryable, orgId: string): Promise<string> {
  const { rows } = await db.query(
    `SELECT usage_date::text, account_id, service, region, usage_type, unblended_cost::text, amortized_cost::text, tags::text, source
       FROM cost_data WHERE organization_id = $1 ORDER BY 1, 2, 3, 4, 5, 8, 9`,
    [orgId],
  );
  const rollup = await db.query(
    `SELECT usage_date::text, account_id, service, region, unblended_cost::text FROM cost_daily_rollup WHERE organization_id = $1 ORDER BY 1, 2, 3, 4`,
    [orgId],
  );
  return JSON.stringify([rows, rollup.rows]);
}
