import pg from 'pg';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Queryable, QueryResult } from './queryable.js';

// numeric and bigint come back as strings (exact); dates as YYYY-MM-DD strings, not local-time Date objects.
pg.types.setTypeParser(1082, (v) => v);

function wrap(client: pg.PoolClient | pg.Pool): Queryable {
  return {
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const res = await client.query(text, params as unknown[] | undefined);
      return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
  };
}

export function createPgDatabase(url: string, poolMax: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolMax, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const base = wrap(pool);
  const clients = new WeakMap<Queryable, pg.PoolClient>();

  return {
    kind: 'pg',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx = wrap(client);
        clients.set(tx, client);
        const out = await fn(tx);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async session(fn) {
      const client = await pool.connect();
      try {
        const s = wrap(client);
        clients.set(s, client);
        return await fn(s);
      } finally {
        client.release();
      }
    },
    async copyCsv(tx, table, columns, csv, opts) {
      const client = clients.get(tx);
      if (!client) throw new Error('copyCsv needs a Queryable from transaction() or session()');
      const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv${opts?.header ? ', HEADER true' : ''})`;
      const stream = client.query(copyFrom(sql));
      await pipeline(Readable.from(csv), stream);
      return Number(stream.rowCount ?? 0);
    },
    async close() {
      await pool.end();
    },
  };
}
