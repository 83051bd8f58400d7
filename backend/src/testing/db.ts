import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPgDatabase } from '../store/pg.js';
import { createPgliteDatabase } from '../store/pglite.js';
import { migrate, type Database } from '../store/index.js';

/**
 * A migrated, empty database for one test file. With TEST_DATABASE_URL (CI: the real
 * PostgreSQL) it is a fresh database on that server, dropped afterwards; without it an
 * in-memory PGlite. In CI the real server is required: a missing one fails loudly.
 */
export interface TestDatabase {
  db: Database;
  /** Connection string of the fresh database (PostgreSQL only). */
  url?: string;
  drop(): Promise<void>;
}

export function usingPostgres(): boolean {
  if (process.env.CI === 'true' && !process.env.TEST_DATABASE_URL && process.env.COSTWATCH_TEST_PGLITE !== '1') {
    throw new Error('CI must run tests against PostgreSQL: set TEST_DATABASE_URL (see .ci/run)');
  }
  return Boolean(process.env.TEST_DATABASE_URL) && process.env.COSTWATCH_TEST_PGLITE !== '1';
}

export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const doMigrate = opts.migrate ?? true;
  if (!usingPostgres()) {
    const db = await createPgliteDatabase(undefined);
    if (doMigrate) await migrate(db);
    return { db, drop: () => db.close() };
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `cw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = createPgDatabase(url.toString(), 5);
  if (doMigrate) await migrate(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
