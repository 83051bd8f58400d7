import { ConflictError } from '../domain/errors.js';
import { PG_ERRORS, pgErrorCode, type Queryable } from '../store/index.js';
import { parseS3Uri } from './export/source.js';
import type { ExportFormat } from './exports.js';

export interface ExportSource {
  id: string;
  format: ExportFormat;
  location: string;
  awsAccountId: string | null;
  enabled: boolean;
}

/** Registers an S3 export location for the worker's hourly manifest poll. */
export async function addExportSource(db: Queryable, organizationId: string, s: { format: ExportFormat; location: string; awsAccountId?: string }): Promise<ExportSource> {
  parseS3Uri(s.location);
  try {
    const { rows } = await db.query<{ id: string; format: ExportFormat; location: string; aws_account_id: string | null; enabled: boolean }>(
      `INSERT INTO ingest_export_sources (organization_id, format, location, aws_account_id) VALUES ($1, $2, $3, $4)
       RETURNING id, format, location, aws_account_id, enabled`,
      [organizationId, s.format, s.location, s.awsAccountId ?? null],
    );
    const r = rows[0]!;
    return { id: r.id, format: r.format, location: r.location, awsAccountId: r.aws_account_id, enabled: r.enabled };
  } catch (err) {
    if (pgErrorCode(err) === PG_ERRORS.uniqueViolation) throw new ConflictError(`${s.location} is already watched`, 'location');
    throw err;
  }
}

export async function listExportSources(db: Queryable, organizationId: string): Promise<ExportSource[]> {
  const { rows } = await db.query<{ id: string; format: ExportFormat; location: string; aws_account_id: string | null; enabled: boolean }>(
    'SELECT id, format, location, aws_account_id, enabled FROM ingest_export_sources WHERE organization_id = $1 ORDER BY created_at',
    [organizationId],
  );
  return rows.map((r) => ({ id: r.id, format: r.format, location: r.location, awsAccountId: r.aws_account_id, enabled: r.enabled }));
}
