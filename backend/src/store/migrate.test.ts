import { mkdtempSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { createPgDatabase } from './pg.js';
import { migrate, MIGRATIONS_DIR } from './index.js';

describe('migrations (PostgreSQL or PGlite)', () => {
  let t: TestDatabase | undefined;
  afterEach(async () => t?.drop());

  it('apply to an empty database, then re-applying changes nothing', async () => {
    t = await createTestDatabase({ migrate: false });
    const first = await migrate(t.db);
    expect(first.applied.length).toBe(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length);
    const schemaBefore = await t.db.query('SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1');
    const second = await migrate(t.db);
    expect(second.applied).toEqual([]);
    const schemaAfter = await t.db.query('SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1');
    expect(schemaAfter.rows).toEqual(schemaBefore.rows);
    const { rows } = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
    expect(Number(rows[0]!.n)).toBe(first.applied.length);
  });

  it('two processes migrating at once apply each migration exactly once', async () => {
    t = await createTestDatabase({ migrate: false });
    // On PostgreSQL the second handle is a separate pool (another "process"); PGlite has one connection.
    const other = t.url ? createPgDatabase(t.url, 2) : t.db;
    try {
      const [a, b] = await Promise.all([migrate(t.db), migrate(other)]);
      const total = a.applied.length + b.applied.length;
      expect(total).toBe(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length);
      expect(a.applied.length === 0 || b.applied.length === 0).toBe(true);
    } finally {
      if (other !== t.db) await other.close();
    }
  });

  it('refuses an applied migration whose file changed', async () => {
    t = await createTestDatabase({ migrate: false });
    const dir = mkdtempSync(join(tmpdir(), 'cw-mig-'));
    const first = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort()[0]!;
    writeFileSync(join(dir, first), readFileSync(join(MIGRATIONS_DIR, first), 'utf8'));
    await migrate(t.db, dir);
    writeFileSync(join(dir, first), readFileSync(join(MIGRATIONS_DIR, first), 'utf8') + '\n-- edited\n');
    await expect(migrate(t.db, dir)).rejects.toThrow(/changed after it was applied/);
  });

  it('a failing migration rolls back and records nothing', async () => {
    t = await createTestDatabase({ migrate: false });
    const dir = mkdtempSync(join(tmpdir(), 'cw-mig-'));
    writeFileSync(join(dir, '0001_ok.sql'), 'CREATE TABLE t_ok (id int);');
    writeFileSync(join(dir, '0002_bad.sql'), 'CREATE TABLE t_half (id int); SELECT * FROM no_such_table;');
    await expect(migrate(t.db, dir)).rejects.toThrow(/0002_bad failed/);
    const { rows } = await t.db.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 't_half'");
    expect(Number(rows[0]!.n)).toBe(0);
    const done = await t.db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(done.rows.map((r) => r.version)).toEqual([1]);
  });
});
