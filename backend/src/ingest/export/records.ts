/**
 * Splits CSV text into records without parsing fields: a line ends a record when the quotes
 * seen so far are balanced (RFC 4180 escapes a quote as ""; the parity rule still holds).
 * Each record is re-emitted as `<line number>,<record>\n`, so the database staging table
 * knows which source line every row came from and rejects can name it. Fields themselves
 * are parsed by PostgreSQL's COPY, which is what makes this path fast.
 */
export class RecordSplitter {
  /** Physical line number where the pending (unfinished) record starts. */
  private recordLine = 1;
  /** Physical line number of the next character. */
  private line = 1;
  private carry = '';
  private inQuotes = false;
  header: string | undefined;
  headerLine = 0;
  records = 0;

  /**
   * `prefix` goes before the line number (the file number when several files share a table).
   * With `onRecord`, records are only counted and reported (ordinal, first line), not re-emitted.
   */
  constructor(
    private readonly prefix = '',
    private readonly onRecord?: (ordinal: number, line: number) => void,
  ) {}

  /**
   * Feeds text; returns the CSV of the complete records it closed (may be ''). One pass over
   * the characters: this runs for every byte of multi-gigabyte exports.
   */
  push(text: string): string {
    const data = this.carry === '' ? text : this.carry + text;
    // The unfinished tail was scanned before: resume the scan where it stopped.
    let i = this.carry.length;
    let start = 0;
    let inQ = this.inQuotes;
    const out: string[] = [];
    const n = data.length;
    for (; i < n; i++) {
      const c = data.charCodeAt(i);
      if (c === 34) inQ = !inQ;
      else if (c === 10) {
        this.line++;
        if (!inQ) {
          const end = i > start && data.charCodeAt(i - 1) === 13 ? i - 1 : i;
          this.emit(data, start, end, out);
          start = i + 1;
          this.recordLine = this.line;
        }
      }
    }
    this.inQuotes = inQ;
    // The unfinished tail is kept but not rescanned: its quotes and lines are already counted.
    this.carry = data.slice(start);
    return out.join('');
  }

  /** Flushes the last line; throws when a quoted field never closes (a truncated file). */
  end(): string {
    if (this.inQuotes) throw new Error(`unterminated quoted field starting at line ${this.recordLine}: the file looks truncated`);
    const out: string[] = [];
    let end = this.carry.length;
    if (end > 0 && this.carry.charCodeAt(end - 1) === 13) end--;
    this.emit(this.carry, 0, end, out);
    this.carry = '';
    return out.join('');
  }

  private emit(data: string, start: number, end: number, out: string[]): void {
    if (end <= start) return;
    if (this.header === undefined) {
      const h = data.slice(start, end);
      this.header = h.charCodeAt(0) === 0xfeff ? h.slice(1) : h;
      this.headerLine = this.recordLine;
      return;
    }
    this.records++;
    if (this.onRecord) return this.onRecord(this.records, this.recordLine);
    out.push(this.prefix, String(this.recordLine), ',', data.slice(start, end), '\n');
  }
}

/** One CSV field as COPY reads it: null → empty unquoted (NULL), text quoted when needed. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (typeof v === 'string') s = v;
  else if (v instanceof Date) s = v.toISOString();
  else if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  if (s === '' || /[",\n\r]/.test(s)) return `"${s.replace(/"/g, '""')}"`;
  return s;
}
