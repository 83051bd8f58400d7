import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '../../domain/errors.js';
import { RecordSplitter } from './records.js';
import type { ExportFile } from './source.js';

/** A file that cannot be read to its end (truncated gzip or Parquet, broken CSV): nothing is applied. */
export class ExportFileError extends AppError {
  constructor(file: string, reason: string) {
    super('validation_failed', `${file}: ${reason}; nothing was applied`, 'path');
  }
}

/**
 * One CSV file opened for staging: its header read, and the bytes read so far (of the file as
 * stored, compressed or not) for the progress bar.
 */
export interface OpenCsv {
  header: string[];
  /** The file's bytes from its start, the header line included; decompressed. */
  chunks: AsyncIterable<Buffer>;
  bytesRead(): number;
  /** Average bytes per line in the first chunk read: an estimate of rows while COPY runs. */
  bytesPerLine: number;
  close(): void;
}

const CHUNK_CHARS = 1 << 20;

function failure(file: ExportFile, err: unknown): Error {
  if (err instanceof AppError) return err;
  const msg = (err as Error).message;
  const gz = file.format === 'csv.gz' && /unexpected end of file|incorrect header check|invalid/i.test(msg);
  return new ExportFileError(file.name, gz ? `gzip data is truncated or corrupt (${msg})` : msg);
}

/** `open` defaults to the whole file; the first part of a split file passes its range. */
export async function openCsv(file: ExportFile, open: () => Promise<Readable> = () => file.open()): Promise<OpenCsv> {
  const raw = await open();
  let bytes = 0;
  raw.on('data', (b: Buffer) => (bytes += b.length));
  let body: Readable = raw;
  if (file.format === 'csv.gz') {
    const gunzip = createGunzip();
    raw.on('error', (e) => gunzip.destroy(e));
    body = raw.pipe(gunzip);
  }
  const it = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const next = async () => {
    try {
      return await it.next();
    } catch (err) {
      raw.destroy();
      throw failure(file, err);
    }
  };
  // Only the header line is decoded here; the rest travels as bytes.
  const head: Buffer[] = [];
  const splitter = new RecordSplitter();
  const decoder = new TextDecoder('utf-8');
  while (splitter.header === undefined) {
    const n = await next();
    if (n.done) {
      try {
        splitter.end();
      } catch (err) {
        throw failure(file, err);
      }
      break;
    }
    head.push(n.value);
    splitter.push(decoder.decode(n.value, { stream: true }));
  }
  if (splitter.header === undefined) throw new ExportFileError(file.name, 'the file is empty (no header line)');
  const header = parseHeader(splitter.header, file.name);
  async function* chunks(): AsyncGenerator<Buffer> {
    yield* head;
    for (;;) {
      const n = await next();
      if (n.done) return;
      yield n.value;
    }
  }
  let lines = 0;
  let sampled = 0;
  for (const b of head) {
    sampled += b.length;
    for (let at = b.indexOf(10); at >= 0; at = b.indexOf(10, at + 1)) lines++;
  }
  return { header, chunks: chunks(), bytesRead: () => bytes, bytesPerLine: sampled / Math.max(1, lines), close: () => raw.destroy() };
}

// Below this a file loads in one piece; above it, a plain local CSV loads as two parts at once
// (PostgreSQL parses COPY on one core per connection).
const SPLIT_MIN_BYTES = 64 * 1024 * 1024;

/**
 * Where a large local CSV can be cut in two: just after the first line end past its middle.
 * That line end may lie inside a quoted field; then the first part ends inside an open quote,
 * which COPY always refuses, and the file is loaded again the careful way.
 */
export async function splitPoint(file: ExportFile, minBytes = SPLIT_MIN_BYTES): Promise<number | undefined> {
  if (file.format !== 'csv' || !file.openRange || file.size === undefined || file.size < minBytes) return undefined;
  const middle = Math.floor(file.size / 2);
  const stream = await file.openRange(middle, Math.min(file.size, middle + (1 << 20)));
  try {
    const first = (await (stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>).next()).value;
    const at = first ? first.indexOf(10) : -1;
    return at >= 0 && middle + at + 1 < file.size ? middle + at + 1 : undefined;
  } finally {
    stream.destroy();
  }
}

/**
 * The careful path: every record re-emitted as `<file>,<line>,<record>` text, blank lines
 * dropped, so COPY names the source line of a malformed record. Used when the file does not
 * load as it is.
 */
export async function* numberedRecords(open: OpenCsv, fileNo: number, onRecords: (n: number) => void): AsyncGenerator<string> {
  const splitter = new RecordSplitter(`${fileNo},`);
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  for await (const chunk of open.chunks) {
    buf += splitter.push(decoder.decode(chunk, { stream: true }));
    onRecords(splitter.records);
    if (buf.length >= CHUNK_CHARS) {
      yield buf;
      buf = '';
    }
  }
  buf += splitter.push(decoder.decode()) + splitter.end();
  onRecords(splitter.records);
  if (buf) yield buf;
}

/** Physical line numbers of the given record ordinals (1 = first record after the header). */
export async function sourceLines(file: ExportFile, ordinals: number[]): Promise<Map<number, number>> {
  const wanted = new Set(ordinals);
  const found = new Map<number, number>();
  const open = await openCsv(file);
  const splitter = new RecordSplitter('', (ordinal, line) => {
    if (wanted.has(ordinal)) found.set(ordinal, line);
  });
  const decoder = new TextDecoder('utf-8');
  const last = Math.max(...ordinals);
  try {
    for await (const chunk of open.chunks) {
      splitter.push(decoder.decode(chunk, { stream: true }));
      if (splitter.records >= last) break;
    }
  } finally {
    open.close();
  }
  return found;
}

export function parseHeader(line: string, file: string): string[] {
  try {
    const rows = parseCsv(line, { relax_quotes: true }) as string[][];
    const header = (rows[0] ?? []).map((h) => h.trim());
    if (header.length === 0 || header.every((h) => h === '')) throw new Error('empty header');
    return header;
  } catch (err) {
    throw new ExportFileError(file, `cannot read the header line (${(err as Error).message})`);
  }
}
