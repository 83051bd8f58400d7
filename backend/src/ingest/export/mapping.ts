import { AppError } from '../../domain/errors.js';

/**
 * How an export's columns become cost_data rows, written as SQL expressions over the staging
 * table's text columns (c0, c1, ...). Validation is SQL too: each check is a boolean that is
 * true for a row to reject, with the reason reported next to the row's line number.
 */
/**
 * `bad` is exact (regular expressions: slow in PostgreSQL); `cheap` is what can be tested
 * without them (presence). Imports run with the cheap checks and let the casts prove the
 * formats; only when a cast fails do they re-run with the exact checks to name the rows.
 */
export interface Check {
  reason: string;
  bad: string;
  cheap?: string;
}

export interface BoundMapping {
  version: string;
  checks: Check[];
  billingAccount: string;
  periodStart: string;
  periodEnd: string;
  day: string;
  account: string;
  service: string;
  region: string;
  usageType: string;
  unblended: string;
  amortized: string;
  netUnblended: string;
  netAmortized: string;
  quantity: string;
  unit: string;
  currency: string;
  tags: string;
  /**
   * When set, rows are first grouped by this cheap text key and `tags` is only computed per
   * distinct key (`tagsFrom(alias)`): parsing JSON for every row is the costliest cast.
   */
  tagsKey?: { raw: string; from(alias: string): string };
}

export interface ExportMapping {
  source: 'focus' | 'cur';
  bind(header: readonly string[]): BoundMapping;
}

/** A required column is absent: the import stops before anything is written. */
export class MissingColumnsError extends AppError {
  constructor(
    readonly missing: string[],
    format: string,
  ) {
    super('validation_failed', `${format} export lacks required column(s): ${missing.join(', ')}`, 'columns', { missing });
  }
}

/** FOCUS `BilledCost`, CUR `lineItem/UnblendedCost` and CUR 2.0 `line_item_unblended_cost` alike. */
export function normalizeColumn(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Header names → staging column, looked up by any of a column's spellings. */
export class Columns {
  private readonly byNorm = new Map<string, string>();
  constructor(readonly header: readonly string[]) {
    header.forEach((h, i) => {
      const n = normalizeColumn(h);
      if (!this.byNorm.has(n)) this.byNorm.set(n, `c${i}`);
    });
  }
  find(...names: string[]): string | undefined {
    for (const n of names) {
      const c = this.byNorm.get(normalizeColumn(n));
      if (c) return c;
    }
    return undefined;
  }
  has(...names: string[]): boolean {
    return this.find(...names) !== undefined;
  }
  /** Every header entry whose normalized name starts with prefix, with its original name. */
  withPrefix(prefix: string): { name: string; col: string }[] {
    const p = normalizeColumn(prefix);
    return this.header.flatMap((h, i) => (normalizeColumn(h).startsWith(p) ? [{ name: h, col: `c${i}` }] : []));
  }
}

export const NUM_RE = `'^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$'`;
export const TS_RE =
  `'^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$'`;
// A flat JSON object whose values are strings, numbers, booleans or null: what FOCUS Tags
// holds. Anything else is rejected by this check instead of failing the cast for the file.
const JSTR = `"([^"\\\\]|\\\\.)*"`;
const JVAL = `(${JSTR}|-?[0-9]+([.][0-9]+)?([eE][+-]?[0-9]+)?|true|false|null)`;
const JPAIR = `[[:space:]]*${JSTR}[[:space:]]*:[[:space:]]*${JVAL}[[:space:]]*`;
export const JSON_OBJECT_RE = `'^[[:space:]]*[{](${JPAIR}(,${JPAIR})*|[[:space:]]*)[}][[:space:]]*$'`;

/** Empty and the literal NULL (FOCUS samples write it) both mean absent. */
export const val = (c: string) => `NULLIF(NULLIF(${c}, ''), 'NULL')`;
export const text = (c: string | undefined, fallback = `''`) => (c ? `COALESCE(${val(c)}, ${fallback})` : fallback);
export const num = (c: string | undefined) => (c ? `COALESCE(${val(c)}::numeric, 0)` : '0');
/** UTC day of a timestamp (the import runs with TimeZone = UTC). */
export const day = (c: string) => `(${val(c)}::timestamptz)::date`;

export const badRequiredNumber = (c: string) => `(${val(c)} IS NULL OR ${val(c)} !~ ${NUM_RE})`;
export const badOptionalNumber = (c: string) => `(${val(c)} IS NOT NULL AND ${val(c)} !~ ${NUM_RE})`;
export const badTimestamp = (c: string) => `(${val(c)} IS NULL OR ${val(c)} !~ ${TS_RE})`;
export const missing = (c: string) => `(${val(c)} IS NULL)`;

/** A required value: absent is caught cheaply, a malformed one by the exact check. */
export const required = (reason: string, bad: string, c: string): Check => ({ reason, bad, cheap: missing(c) });
export const presence = (reason: string, c: string): Check => ({ reason, bad: missing(c), cheap: missing(c) });

export function requireColumns(cols: Columns, format: string, required: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  const absent: string[] = [];
  for (const [label, names] of Object.entries(required)) {
    const c = cols.find(...names);
    if (c) out[label] = c;
    else absent.push(names.length > 1 ? names.join(' or ') : names[0]!);
  }
  if (absent.length) throw new MissingColumnsError(absent, format);
  return out;
}
