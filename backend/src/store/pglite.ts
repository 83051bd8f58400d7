import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './queryable.js';

/**
 * Embedded Postgres (WASM) for the zero-config default. It has exactly one connection, so
 * every query, transaction and session is serialised here: interleaving two transactions on
 * one connection would silently merge them.
 */
export async function createPgliteDatabase(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Same value shapes as node-postgres: dates as YYYY-MM-DD strings, int8 and numeric as strings.
  const parsers = { [types.DATE]: (v: string) => v, [types.INT8]: (v: string) => v };
  const db = await PGlite.create(dataDir ? { dataDir, parsers } : { parsers });

  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  }

  const raw: Queryable = {
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const res = await db.query<R>(text, params as unknown[] | undefined);
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
  };

  return {
    kind: 'pglite',
    query: (text, params) => exclusive(() => raw.query(text, params)),
    exec: (sql) => exclusive(() => raw.exec(sql)),
    transaction: (fn) =>
      exclusive(async () => {
        await raw.query('BEGIN');
        try {
          const out = await fn(raw);
          await raw.query('COMMIT');
          return out;
        } catch (err) {
          await raw.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    session: (fn) => exclusive(() => fn(raw)),
    async copyCsv(tx, table, columns, csv, opts) {
      const parts: (string | Uint8Array<ArrayBuffer>)[] = [];
      for await (const chunk of csv as AsyncIterable<string | Uint8Array<ArrayBuffer>>) parts.push(chunk);
      const res = await db.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv${opts?.header ? ', HEADER true' : ''})`, [], {
        blob: new Blob(parts),
      });
      void tx;
      return res.affectedRows ?? 0;
    },
    close: () => exclusive(() => db.close()),
  };
}
