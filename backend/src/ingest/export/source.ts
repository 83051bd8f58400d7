import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { AsyncBuffer } from 'hyparquet';
import { asyncBufferFromFile } from 'hyparquet/src/node.js';
import { ValidationError } from '../../domain/errors.js';

export type FileFormat = 'csv' | 'csv.gz' | 'parquet';

/** One data file of an export, opened lazily. */
export interface ExportFile {
  name: string;
  size?: number;
  format: FileFormat;
  open(): Promise<Readable>;
  /** Bytes [start, end) of a local file, so a large CSV can be loaded in parts at once. */
  openRange?(start: number, end: number): Promise<Readable>;
  /** Random access, for Parquet (its footer comes first). */
  buffer(): Promise<AsyncBuffer>;
}

/** What one import takes: one manifest (one billing period) or one local path. */
export interface ExportBatch {
  location: string;
  /** Changes when the manifest is rewritten; absent for local files. */
  etag?: string;
  billingPeriod?: string;
  files: ExportFile[];
}

export function formatOf(name: string): FileFormat {
  const n = name.toLowerCase();
  if (n.endsWith('.parquet')) return 'parquet';
  if (n.endsWith('.gz')) return 'csv.gz';
  if (n.endsWith('.csv')) return 'csv';
  if (n.endsWith('.zip')) throw new ValidationError(`${name}: zip-compressed reports are not supported; choose GZIP or Parquet in the export settings`, 'path');
  throw new ValidationError(`${name}: unknown file type (expected .csv, .csv.gz or .parquet)`, 'path');
}

const isData = (name: string) => /\.(csv|csv\.gz|gz|parquet)$/i.test(name) && !/manifest/i.test(name);

/** A local file, or every data file under a local directory, as one batch. */
export async function localBatch(path: string): Promise<ExportBatch> {
  const st = await stat(path).catch(() => {
    throw new ValidationError(`${path}: no such file or directory`, 'path');
  });
  const names: string[] = [];
  if (st.isDirectory()) {
    const walk = async (dir: string): Promise<void> => {
      for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (isData(e.name)) names.push(p);
      }
    };
    await walk(path);
    if (names.length === 0) throw new ValidationError(`${path}: no .csv, .csv.gz or .parquet files inside`, 'path');
  } else names.push(path);
  const files = await Promise.all(
    names.map(async (p): Promise<ExportFile> => ({
      name: p,
      size: (await stat(p)).size,
      format: formatOf(p),
      open: async () => createReadStream(p, { highWaterMark: 1 << 20 }),
      openRange: async (start: number, end: number) => createReadStream(p, { start, end: end - 1, highWaterMark: 1 << 20 }),
      buffer: () => asyncBufferFromFile(p),
    })),
  );
  return { location: path, files };
}

export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new ValidationError(`${uri}: expected s3://bucket/prefix`, 'path');
  return { bucket: m[1]!, prefix: m[2]! };
}

function s3File(s3: S3Client, bucket: string, key: string, size?: number): ExportFile {
  return {
    name: `s3://${bucket}/${key}`,
    size,
    format: formatOf(key),
    async open() {
      const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return res.Body as Readable;
    },
    async buffer() {
      const byteLength = size ?? (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? 0;
      return {
        byteLength,
        async slice(start: number, end?: number) {
          const range = `bytes=${start}-${(end ?? byteLength) - 1}`;
          const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
          const bytes = await res.Body!.transformToByteArray();
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        },
      };
    },
  };
}

interface Listed {
  key: string;
  size: number;
  etag: string;
  modified: number;
}

async function listAll(s3: S3Client, bucket: string, prefix: string): Promise<Listed[]> {
  const out: Listed[] = [];
  let token: string | undefined;
  do {
    const res = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of res.Contents ?? []) {
      out.push({ key: o.Key!, size: o.Size ?? 0, etag: o.ETag ?? '', modified: o.LastModified?.getTime() ?? 0 });
    }
    token = res.NextContinuationToken;
  } while (token);
  return out;
}

interface Manifest {
  bucket?: string;
  /** Data Exports (FOCUS, CUR 2.0): full s3:// URIs. */
  dataFiles?: string[];
  /** Legacy CUR: keys in the report bucket. */
  reportKeys?: string[];
  billingPeriod?: { start?: string; end?: string };
}

/**
 * The batches under an S3 prefix in the Data Exports (or legacy CUR) delivery layout: one per
 * billing period, from that period's most recently written manifest (AWS rewrites a period's
 * export several times a day and the manifest names the complete current set of files).
 * Without any manifest, every data file under the prefix is one batch.
 */
export async function s3Batches(s3: S3Client, uri: string): Promise<ExportBatch[]> {
  const { bucket, prefix } = parseS3Uri(uri);
  const objects = await listAll(s3, bucket, prefix);
  const manifests = objects.filter((o) => /manifest\.json$/i.test(o.key));
  if (manifests.length === 0) {
    const data = objects.filter((o) => isData(o.key));
    if (data.length === 0) throw new ValidationError(`${uri}: no manifest and no data files under this prefix`, 'path');
    return [{ location: uri, files: data.map((o) => s3File(s3, bucket, o.key, o.size)) }];
  }
  const sizes = new Map(objects.map((o) => [o.key, o.size]));
  const latest = new Map<string, { listed: Listed; manifest: Manifest }>();
  for (const m of manifests) {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: m.key }));
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await res.Body!.transformToString()) as Manifest;
    } catch {
      throw new ValidationError(`s3://${bucket}/${m.key}: manifest is not valid JSON`, 'path');
    }
    const period = manifest.billingPeriod?.start ?? m.key;
    const prev = latest.get(period);
    if (!prev || prev.listed.modified < m.modified) latest.set(period, { listed: m, manifest });
  }
  return [...latest.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, { listed, manifest }]) => {
      const files = [
        ...(manifest.dataFiles ?? []).map((u) => {
          const p = parseS3Uri(u);
          return s3File(s3, p.bucket, p.prefix, p.bucket === bucket ? sizes.get(p.prefix) : undefined);
        }),
        ...(manifest.reportKeys ?? []).map((k) => s3File(s3, manifest.bucket ?? bucket, k, sizes.get(k))),
      ];
      if (files.length === 0) throw new ValidationError(`s3://${bucket}/${listed.key}: manifest lists no data files`, 'path');
      return { location: `s3://${bucket}/${listed.key}`, etag: listed.etag, billingPeriod: period, files };
    });
}
