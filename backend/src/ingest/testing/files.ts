import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { parquetWriteBuffer } from 'hyparquet-writer';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cw-ingest-'));
}

export function writeGzip(src: string, dest: string, truncateTo?: number): string {
  const gz = gzipSync(readFileSync(src));
  writeFileSync(dest, truncateTo === undefined ? gz : gz.subarray(0, truncateTo));
  return dest;
}

/** The FOCUS sample as Parquet the way AWS writes it: costs as DOUBLE, timestamps typed. */
export function writeFocusParquet(src: string, dest: string, rowGroupSize = 300): string {
  const rows = parse(readFileSync(src), { columns: true }) as Record<string, string>[];
  const names = Object.keys(rows[0]!);
  const columnData = names.map((name) => {
    const raw = rows.map((r) => (r[name] === 'NULL' ? null : r[name]!));
    if (name === 'BilledCost' || name === 'EffectiveCost') return { name, data: raw.map((v) => (v === null ? null : Number(v))), type: 'DOUBLE' as const };
    if (name.endsWith('PeriodStart') || name.endsWith('PeriodEnd')) {
      return { name, data: raw.map((v) => (v === null ? null : new Date(`${v.replace(' ', 'T')}Z`))), type: 'TIMESTAMP' as const };
    }
    return { name, data: raw, type: 'STRING' as const };
  });
  writeFileSync(dest, Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize })));
  return dest;
}

/** Replaces some lines of a CSV (1-based physical line numbers) and writes it to dest. */
export function editCsv(src: string, dest: string, edit: (lines: string[]) => void): string {
  const lines = readFileSync(src, 'utf8').split('\n');
  edit(lines);
  writeFileSync(dest, lines.join('\n'));
  return dest;
}
