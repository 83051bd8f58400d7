/**
 * Splits CSV text into records without parsing fields: a line ends a record when the quotes
 * seen so far are balanced (RFC 4180 escapes a quote as ""; the parity rule still holds).
 * Each record is re-emitted as `<line number>,<record>\n`, so the database staging table
 * knows which source line every row came from and rejects can name it. Fields themselves
 * are parsed by PostgreSQL's COPY, which is what makes this path fast.
 */
export class RecordSplitter {
  /** Physical line number of the next line. */
  private line = 1;
  private carry = '';
  private pending: string[] = [];
  private pendingStart = 0;
  private quotes = 0;
  header: string | undefined;
  headerLine = 0;
  records = 0;

  /** `prefix` goes before the line number (the file number when several files share a table). */
  constructor(private readonly prefix = '') {}

  /** Feeds text; returns the CSV of the complete records it closed (may be ''). */
  push(text: string): string {
    const data = this.carry + text;
    let start = 0;
    const out: string[] = [];
    for (;;) {
      const nl = data.indexOf('\n', start);
      if (nl < 0) break;
      this.take(stripCr(data.slice(start, nl)), out);
      start = nl + 1;
    }
    this.carry = data.slice(start);
    return out.join('');
  }

  /** Flushes the last line; throws when a quoted field never closes (a truncated file). */
  end(): string {
    const out: string[] = [];
    if (this.carry !== '') this.take(stripCr(this.carry), out);
    this.carry = '';
    if (this.pending.length) {
      throw new Error(`unterminated quoted field starting at line ${this.pendingStart}: the file looks truncated`);
    }
    return out.join('');
  }

  private take(lineText: string, out: string[]): void {
    const lineNo = this.line++;
    if (this.pending.length === 0) {
      if (lineText === '') return;
      this.pendingStart = lineNo;
      this.quotes = 0;
    }
    this.pending.push(lineText);
    this.quotes += countQuotes(lineText);
    if (this.quotes % 2 !== 0) return;
    const record = this.pending.length === 1 ? this.pending[0]! : this.pending.join('\n');
    this.pending = [];
    if (this.header === undefined) {
      this.header = record.charCodeAt(0) === 0xfeff ? record.slice(1) : record;
      this.headerLine = this.pendingStart;
      return;
    }
    this.records++;
    out.push(`${this.prefix}${this.pendingStart},${record}\n`);
  }
}

function stripCr(s: string): string {
  return s.length > 0 && s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

function countQuotes(s: string): number {
  let n = 0;
  let i = s.indexOf('"');
  while (i >= 0) {
    n++;
    i = s.indexOf('"', i + 1);
  }
  return n;
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
