import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { AppError, ValidationError } from '../../domain/errors.js';
import type { Database } from '../../store/index.js';
import { csvField, RecordSplitter } from './records.js';
import type { ExportFile } from './source.js';

/** A file that cannot be read to its end (truncated gzip or Parquet, broken CSV): nothing is applied. */
export class ExportFileError extends AppError {
  constructor(file: string, reason: string) {
    super('validation_failed', `${file}: ${reason}; nothing was applied`, 'path');
  }
}

export interface StageProgress {
  file: string;
  bytes: number;
  totalBytes?: number;
  rows: number;
}

const CHUNK_CHARS = 1 << 20;

/**
 * Loads every file of an export into one unlogged staging table of text columns with COPY.
 * The first file's header decides the columns; later files must have the same header.
 */
export class Stager {
  header: string[] | undefined;
  rows = 0;
  private bytesDone = 0;

  constructor(
    private readonly db: Database,
    readonly table: string,
    private readonly totalBytes: number | undefined,
    private readonly onHeader: (header: string[]) => void,
    private readonly onProgress?: (p: StageProgress) => void,
  ) {}

  get columns(): string[] {
    return ['file_no', 'line_no', ...this.header!.map((_, i) => `c${i}`)];
  }

  async stageFile(file: ExportFile, fileNo: number): Promise<void> {
    if (file.format === 'parquet') await this.stageParquet(file, fileNo);
    else await this.stageCsv(file, fileNo);
  }

  private async useHeader(header: string[], file: string): Promise<void> {
    if (this.header === undefined) {
      this.onHeader(header);
      this.header = header;
      const cols = header.map((_, i) => `c${i} text`).join(', ');
      await this.db.exec(`CREATE UNLOGGED TABLE ${this.table} (file_no integer NOT NULL, line_no bigint NOT NULL, ${cols})`);
      return;
    }
    if (header.length !== this.header.length || header.some((h, i) => h !== this.header![i])) {
      throw new ValidationError(`${file}: its columns differ from the first file of this export`, 'columns');
    }
  }

  private report(file: string, bytes: number): void {
    this.onProgress?.({ file, bytes: this.bytesDone + bytes, totalBytes: this.totalBytes, rows: this.rows });
  }

  private async stageCsv(file: ExportFile, fileNo: number): Promise<void> {
    const raw = await file.open();
    let bytes = 0;
    raw.on('data', (b: Buffer) => (bytes += b.length));
    let text: Readable = raw;
    if (file.format === 'csv.gz') {
      const gunzip = createGunzip();
      raw.on('error', (e) => gunzip.destroy(e));
      text = raw.pipe(gunzip);
    }
    const decoder = new TextDecoder('utf-8');
    const splitter = new RecordSplitter(`${fileNo},`);
    const it = text[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const fail = (err: unknown): never => {
      raw.destroy();
      if (err instanceof AppError) throw err;
      const msg = (err as Error).message;
      const reason = /unexpected end of file|incorrect header check|invalid/i.test(msg) && file.format === 'csv.gz' ? `gzip data is truncated or corrupt (${msg})` : msg;
      throw new ExportFileError(file.name, reason);
    };
    let first = '';
    try {
      while (splitter.header === undefined) {
        const n = await it.next();
        if (n.done) {
          first += splitter.end();
          break;
        }
        first += splitter.push(decoder.decode(n.value, { stream: true }));
      }
    } catch (err) {
      fail(err);
    }
    if (splitter.header === undefined) throw new ExportFileError(file.name, 'the file is empty (no header line)');
    await this.useHeader(parseHeader(splitter.header, file.name), file.name);
    const self = this;
    async function* chunks(): AsyncGenerator<string> {
      let buf = first;
      for (;;) {
        let n: IteratorResult<Buffer>;
        try {
          n = await it.next();
        } catch (err) {
          fail(err);
        }
        if (n!.done) break;
        buf += splitter.push(decoder.decode(n!.value, { stream: true }));
        self.rows = base + splitter.records;
        if (buf.length >= CHUNK_CHARS) {
          yield buf;
          buf = '';
          self.report(file.name, bytes);
        }
      }
      try {
        buf += splitter.push(decoder.decode()) + splitter.end();
      } catch (err) {
        fail(err);
      }
      self.rows = base + splitter.records;
      if (buf) yield buf;
    }
    const base = this.rows;
    await this.copy(file.name, chunks());
    this.bytesDone += bytes;
    this.report(file.name, 0);
  }

  private async stageParquet(file: ExportFile, fileNo: number): Promise<void> {
    const buffer = await file.buffer();
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(buffer);
    } catch (err) {
      throw new ExportFileError(file.name, `not a readable Parquet file, possibly truncated (${(err as Error).message})`);
    }
    const header = parquetSchema(metadata).children.map((c) => c.element.name);
    await this.useHeader(header, file.name);
    const self = this;
    async function* chunks(): AsyncGenerator<string> {
      let rowStart = 0;
      let bytes = 0;
      for (const group of metadata.row_groups) {
        const rowEnd = rowStart + Number(group.num_rows);
        let rows: Record<string, unknown>[];
        try {
          rows = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, compressors });
        } catch (err) {
          throw new ExportFileError(file.name, `Parquet data cannot be decoded, possibly truncated (${(err as Error).message})`);
        }
        const lines: string[] = [];
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          lines.push(`${fileNo},${rowStart + i + 1},${header.map((h) => csvField(row[h])).join(',')}\n`);
        }
        rowStart = rowEnd;
        self.rows += rows.length;
        bytes += Number(group.total_byte_size);
        yield lines.join('');
        self.report(file.name, Math.min(bytes, buffer.byteLength));
      }
    }
    await this.copy(file.name, chunks());
    this.bytesDone += buffer.byteLength;
  }

  private async copy(file: string, chunks: AsyncIterable<string>): Promise<void> {
    try {
      await this.db.transaction((tx) => this.db.copyCsv(tx, this.table, this.columns, chunks));
    } catch (err) {
      if (err instanceof AppError) throw err;
      // COPY names the staging line; the first field of that line is the source line number.
      const where = String((err as { where?: string }).where ?? '');
      const m = /line \d+, column \w+: "?(\d+)/.exec(where) ?? /line \d+: "\d+,(\d+),/.exec(where);
      const at = m ? ` near line ${m[1]}` : '';
      throw new ExportFileError(file, `malformed CSV record${at} (${(err as Error).message})`);
    }
  }
}

function parseHeader(line: string, file: string): string[] {
  try {
    const rows = parseCsv(line, { relax_quotes: true }) as string[][];
    const header = (rows[0] ?? []).map((h) => h.trim());
    if (header.length === 0 || header.every((h) => h === '')) throw new Error('empty header');
    return header;
  } catch (err) {
    throw new ExportFileError(file, `cannot read the header line (${(err as Error).message})`);
  }
}
