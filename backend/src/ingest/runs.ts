import type { Database, Queryable } from '../store/index.js';

export type IngestSource = 'ce' | 'focus' | 'cur';

export async function startRun(
  db: Queryable,
  r: { organizationId: string; source: IngestSource; trigger: string; location: string; stage?: boolean },
): Promise<{ id: string; stage?: string }> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO ingest_runs (organization_id, source, trigger, location) VALUES ($1, $2, $3, $4) RETURNING id`,
    [r.organizationId, r.source, r.trigger, r.location],
  );
  const id = rows[0]!.id;
  if (!r.stage) return { id };
  const stage = `ingest_stage_${id.replace(/-/g, '')}`;
  await db.query('UPDATE ingest_runs SET stage_table = $2 WHERE id = $1', [id, stage]);
  return { id, stage };
}

export async function finishRun(
  db: Queryable,
  id: string,
  r: { status: 'succeeded' | 'failed'; rowsRead?: number; rowsRejected?: number; rowsWritten?: number; ceRequests?: number; error?: string; summary?: unknown },
): Promise<void> {
  await db.query(
    `UPDATE ingest_runs SET status = $2, rows_read = $3, rows_rejected = $4, rows_written = $5, ce_requests = $6,
       error = $7, summary = $8::jsonb, finished_at = now() WHERE id = $1`,
    [id, r.status, r.rowsRead ?? 0, r.rowsRejected ?? 0, r.rowsWritten ?? 0, r.ceRequests ?? 0, r.error ?? null, JSON.stringify(r.summary ?? {})],
  );
}

/** Ends runs a killed process left 'running' for hours, and drops their staging tables. */
export async function reapStaleRuns(db: Database, staleHours = 6): Promise<number> {
  const { rows } = await db.query<{ id: string; stage_table: string | null }>(
    `UPDATE ingest_runs SET status = 'failed', error = 'abandoned (process ended mid-run)', finished_at = now()
      WHERE status = 'running' AND started_at < now() - make_interval(hours => $1) RETURNING id, stage_table`,
    [staleHours],
  );
  for (const r of rows) if (r.stage_table) await dropStage(db, r.stage_table);
  return rows.length;
}

export async function dropStage(db: Queryable, stage: string): Promise<void> {
  if (!/^ingest_stage_[0-9a-f]{32}$/.test(stage)) throw new Error(`not a staging table name: ${stage}`);
  // CASCADE: the child tables the second parts of split files were loaded into.
  await db.exec(`DROP TABLE IF EXISTS ${stage}, ${daysTable(stage)} CASCADE`);
}

export interface RunRow {
  id: string;
  source: IngestSource;
  trigger: string;
  location: string;
  status: string;
  rows_read: string;
  rows_rejected: string;
  rows_written: string;
  ce_requests: number;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

export async function listRuns(db: Queryable, organizationId: string, limit: number): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    `SELECT id, source, trigger, location, status, rows_read, rows_rejected, rows_written, ce_requests, error,
            started_at, finished_at FROM ingest_runs WHERE organization_id = $1 ORDER BY started_at DESC LIMIT $2`,
    [organizationId, limit],
  );
  return rows;
}

/** The staging table's rows summed per day and key, beside it and dropped with it. */
export function daysTable(stage: string): string {
  return `${stage}_days`;
}
