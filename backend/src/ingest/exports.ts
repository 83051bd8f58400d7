import { S3Client } from '@aws-sdk/client-s3';
import { accessFor, findAccount, type SecretCodec } from '../accounts/index.js';
import { clientConfig, type AwsAccess } from '../aws/index.js';
import { curMapping } from './cur/mapping.js';
import { importExport, type ImportDeps, type ImportSummary } from './export/load.js';
import type { ExportMapping } from './export/mapping.js';
import { localBatch, s3Batches, type ExportBatch } from './export/source.js';
import type { StageProgress } from './export/stage.js';
import { focusMapping } from './focus/mapping.js';

export type ExportFormat = 'focus' | 'cur';

export function mappingFor(format: ExportFormat): ExportMapping {
  return format === 'focus' ? focusMapping : curMapping;
}

export interface ExportIngestDeps extends ImportDeps {
  codec: SecretCodec;
  endpoint?: string;
}

export interface ExportIngestOptions {
  organizationId: string;
  format: ExportFormat;
  /** A local file or directory, or s3://bucket/prefix in the Data Exports layout. */
  location: string;
  /** Registry account whose credentials read the bucket (12-digit id or registry id); default chain without. */
  account?: string;
  rejectThreshold: number;
  trigger?: string;
  /** Skip manifests already ingested with the same ETag (the worker's hourly poll). */
  onlyNew?: boolean;
  onBatch?(batch: ExportBatch, index: number, count: number): void;
  onProgress?(p: StageProgress): void;
}

/** Ingests a local path, or every billing period's latest manifest under an S3 prefix. */
export async function ingestExportLocation(deps: ExportIngestDeps, o: ExportIngestOptions): Promise<ImportSummary[]> {
  const batches = await batchesFor(deps, o);
  const todo = [];
  for (const b of batches) {
    if (o.onlyNew && b.etag && (await alreadyIngested(deps, o.organizationId, b))) continue;
    todo.push(b);
  }
  const out: ImportSummary[] = [];
  for (const [i, batch] of todo.entries()) {
    o.onBatch?.(batch, i, todo.length);
    const summary = await importExport(deps, {
      organizationId: o.organizationId,
      mapping: mappingFor(o.format),
      batch,
      rejectThreshold: o.rejectThreshold,
      trigger: o.trigger,
      onProgress: o.onProgress,
    });
    if (batch.etag) {
      await deps.db.query(
        `INSERT INTO ingest_manifests (organization_id, location, etag, run_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organization_id, location, etag) DO UPDATE SET run_id = EXCLUDED.run_id, ingested_at = now()`,
        [o.organizationId, batch.location, batch.etag, summary.runId],
      );
    }
    out.push(summary);
  }
  return out;
}

async function alreadyIngested(deps: ExportIngestDeps, organizationId: string, b: ExportBatch): Promise<boolean> {
  const { rows } = await deps.db.query('SELECT 1 FROM ingest_manifests WHERE organization_id = $1 AND location = $2 AND etag = $3', [
    organizationId,
    b.location,
    b.etag,
  ]);
  return rows.length > 0;
}

async function batchesFor(deps: ExportIngestDeps, o: ExportIngestOptions): Promise<ExportBatch[]> {
  if (!o.location.startsWith('s3://')) return [await localBatch(o.location)];
  let access: AwsAccess = { endpoint: deps.endpoint };
  if (o.account) {
    const account = await findAccount(deps.db, o.organizationId, o.account);
    access = await accessFor(deps.db, deps.codec, o.organizationId, account.id, deps.endpoint);
  }
  // Buckets live in any region: start in us-east-1 and let the SDK follow S3's redirects.
  const s3 = new S3Client({ ...clientConfig(access, process.env.AWS_REGION ?? 'us-east-1'), followRegionRedirects: true });
  return s3Batches(s3, o.location);
}
