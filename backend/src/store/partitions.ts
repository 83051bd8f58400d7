import { addMonths, monthStart, monthsCovering, type IsoDate } from '../domain/time.js';
import type { Database, Queryable } from './queryable.js';

// Separate from the migration lock: partition work may run while the API serves.
const PARTITION_LOCK_KEY = 727_274_002;
const NAME = /^cost_data_y(\d{4})m(\d{2})$/;

export function partitionName(month: IsoDate): string {
  return `cost_data_y${month.slice(0, 4)}m${month.slice(5, 7)}`;
}

export async function listPartitions(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'cost_data' AND p.relnamespace = current_schema()::regnamespace
      ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * Makes sure a monthly partition exists for every month touching [from, to). Rows that had
 * already landed in the default partition for such a month are moved into the new partition
 * first, because Postgres refuses to attach a range that the default partition still holds.
 */
export async function ensurePartitions(db: Database, from: IsoDate, to: IsoDate): Promise<string[]> {
  const wanted = monthsCovering(from, to);
  const existing = new Set(await listPartitions(db));
  const missing = wanted.filter((m) => !existing.has(partitionName(m)));
  if (missing.length === 0) return [];
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_KEY]);
    const now = new Set(await listPartitions(tx));
    const created: string[] = [];
    for (const month of missing) {
      const name = partitionName(month);
      if (now.has(name)) continue;
      const next = addMonths(month, 1);
      await tx.exec(`CREATE TABLE ${name} (LIKE cost_data INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await tx.query(
        `WITH moved AS (DELETE FROM cost_data_default WHERE usage_date >= $1 AND usage_date < $2 RETURNING *)
         INSERT INTO ${name} SELECT * FROM moved`,
        [month, next],
      );
      await tx.exec(`ALTER TABLE cost_data ATTACH PARTITION ${name} FOR VALUES FROM ('${month}') TO ('${next}')`);
      created.push(name);
    }
    return created;
  });
}

/** Drops monthly partitions wholly older than the retention window. Returns their names. */
export async function dropExpiredPartitions(db: Database, retentionMonths: number, today: IsoDate): Promise<string[]> {
  const cutoff = addMonths(monthStart(today), -retentionMonths);
  const names = await listPartitions(db);
  const expired = names.filter((n) => {
    const m = NAME.exec(n);
    return m !== null && `${m[1]}-${m[2]}-01` < cutoff;
  });
  if (expired.length === 0) return [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_KEY]);
    for (const name of expired) await tx.exec(`DROP TABLE IF EXISTS ${name}`);
    await tx.query('DELETE FROM cost_data_default WHERE usage_date < $1', [cutoff]);
    await tx.query('DELETE FROM cost_daily_rollup WHERE usage_date < $1', [cutoff]);
    await tx.query('DELETE FROM cost_daily_grain WHERE usage_date < $1', [cutoff]);
  });
  return expired;
}
