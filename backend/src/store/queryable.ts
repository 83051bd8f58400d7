/**
 * The one database interface the rest of the code sees. Implemented over `pg` (a pool)
 * and over embedded PGlite (a single connection). SQL is plain Postgres; parameters are
 * always positional ($1...) so values never become SQL text.
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /** Runs fn in one transaction on one connection; rolls back when fn throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs fn on one dedicated connection without a transaction (session advisory locks). */
  session<T>(fn: (s: Queryable) => Promise<T>): Promise<T>;
  /**
   * Bulk load rows with COPY ... FROM STDIN (CSV), text or raw bytes; `header` skips the first
   * line. Must be called inside transaction() when atomicity matters.
   */
  copyCsv(tx: Queryable, table: string, columns: readonly string[], csv: CsvChunks, opts?: { header?: boolean }): Promise<number>;
  close(): Promise<void>;
}

export type CsvChunks = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** Postgres error codes we decide on (never on message text). */
export const PG_ERRORS = {
  uniqueViolation: '23505',
  duplicateTable: '42P07',
  duplicateObject: '42710',
  undefinedTable: '42P01',
  checkViolation: '23514',
  serializationFailure: '40001',
} as const;

export function pgErrorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}
