import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/db.js';
import { curMapping } from '../cur/mapping.js';
import { onCostsIngested, type CostsIngested } from '../events.js';
import { focusMapping } from '../focus/mapping.js';
import { centMismatches, createOrg, CUR_SAMPLE, dbSums, fileSums, FOCUS_SAMPLE, snapshot } from '../testing/fixtures.js';
import { editCsv, tempDir, writeFocusParquet, writeGzip } from '../testing/files.js';
import { importExport, RejectThresholdError } from './load.js';
import { MissingColumnsError } from './mapping.js';
import { csvField } from './records.js';
import { localBatch } from './source.js';
import { ExportFileError } from './stage.js';

const FOCUS_HEADER = readFileSync(FOCUS_SAMPLE, 'utf8').split('\n')[0]!.split(',');
/** Index of a column of the FOCUS sample (its header has no quoted commas). */
const column = (name: string) => FOCUS_HEADER.indexOf(`"${name}"`);

/** One field of a CSV line replaced (`value` written as is, so it may be quoted CSV itself). */
function set(line: string, col: number, value: string): string {
  const fields = (parseCsv(line) as string[][])[0]!.map((f) => (f === 'NULL' ? 'NULL' : csvField(f)));
  fields[col] = value;
  return fields.join(',');
}

describe('FOCUS and CUR export import (real database)', () => {
  let t: TestDatabase;
  const dir = tempDir();
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.drop());

  const focus = async (org: string, path: string, extra: Partial<Parameters<typeof importExport>[1]> = {}) =>
    importExport({ db: t.db }, { organizationId: org, mapping: focusMapping, batch: await localBatch(path), rejectThreshold: 0.01, ...extra });

  it('FOCUS sample: per-day, per-service totals equal the file’s own sums to the cent, hourly rows rolled up to days', async () => {
    const org = await createOrg(t.db, 'focus-sums');
    const events: CostsIngested[] = [];
    const off = onCostsIngested((e) => void events.push(e));
    const s = await focus(org, FOCUS_SAMPLE);
    off();
    expect(s.rowsRead).toBe(1000);
    expect(s.rowsRejected).toBe(0);
    expect(s.rowsWritten).toBeLessThan(1000);
    const billed = fileSums(FOCUS_SAMPLE, { day: 'ChargePeriodStart', service: 'ServiceName', cost: 'BilledCost' });
    expect(centMismatches(billed, await dbSums(t.db, org, 'focus'))).toEqual([]);
    const effective = fileSums(FOCUS_SAMPLE, { day: 'ChargePeriodStart', service: 'ServiceName', cost: 'EffectiveCost' });
    expect(centMismatches(effective, await dbSums(t.db, org, 'focus', 'amortized_cost'))).toEqual([]);
    // The rollup that dashboards read agrees with cost_data.
    const { rows } = await t.db.query<{ a: string; b: string }>(
      `SELECT (SELECT sum(unblended_cost) FROM cost_data WHERE organization_id = $1)::text AS a,
              (SELECT sum(unblended_cost) FROM cost_daily_rollup WHERE organization_id = $1)::text AS b`,
      [org],
    );
    expect(rows[0]!.a).toBe(rows[0]!.b);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ organizationId: org, source: 'focus', from: s.from, to: s.to });
  });

  it('CUR sample: per-day, per-service totals equal the file’s own sums to the cent', async () => {
    const org = await createOrg(t.db, 'cur-sums');
    const s = await importExport({ db: t.db }, { organizationId: org, mapping: curMapping, batch: await localBatch(CUR_SAMPLE), rejectThreshold: 0 });
    expect(s).toMatchObject({ rowsRead: 1281, rowsRejected: 0, version: 'legacy CUR' });
    expect(s.periods).toEqual([{ billingAccount: '123412340534', start: '2023-11-01', end: '2023-12-01', rows: 1281, accounts: ['123412340534'] }]);
    const sums = fileSums(CUR_SAMPLE, { day: 'lineItem/UsageStartDate', service: 'product/ProductName', cost: 'lineItem/UnblendedCost', fallbackService: 'lineItem/ProductCode' });
    expect(centMismatches(sums, await dbSums(t.db, org, 'cur'))).toEqual([]);
    expect(s.totalsByAccount).toEqual([{ accountId: '123412340534', currency: 'USD', unblended: '1.682307', amortized: '1.682307' }]);
  });

  it('re-importing the same file, as gzip or as Parquet, changes no total', async () => {
    const org = await createOrg(t.db, 'focus-again');
    await focus(org, FOCUS_SAMPLE);
    const before = await snapshot(t.db, org);
    await focus(org, FOCUS_SAMPLE);
    expect(await snapshot(t.db, org)).toBe(before);
    await focus(org, writeGzip(FOCUS_SAMPLE, join(dir, 'focus.csv.gz')));
    expect(await snapshot(t.db, org)).toBe(before);
    const sums = await dbSums(t.db, org, 'focus');
    const pq = await focus(org, writeFocusParquet(FOCUS_SAMPLE, join(dir, 'focus.parquet')));
    expect(pq.rowsRead).toBe(1000);
    expect(centMismatches(sums, await dbSums(t.db, org, 'focus'))).toEqual([]);
  });

  it('a run that fails midway (truncated gzip, truncated Parquet, failure before commit) leaves the previous period intact', async () => {
    const org = await createOrg(t.db, 'focus-fail');
    await focus(org, FOCUS_SAMPLE);
    const before = await snapshot(t.db, org);
    const gz = writeGzip(FOCUS_SAMPLE, join(dir, 'cut.csv.gz'), 40_000);
    await expect(focus(org, gz)).rejects.toThrow(/gzip data is truncated or corrupt.*nothing was applied/);
    const pqFull = writeFocusParquet(FOCUS_SAMPLE, join(dir, 'full.parquet'));
    const { readFileSync, writeFileSync } = await import('node:fs');
    const pqCut = join(dir, 'cut.parquet');
    writeFileSync(pqCut, readFileSync(pqFull).subarray(0, 30_000));
    await expect(focus(org, pqCut)).rejects.toBeInstanceOf(ExportFileError);
    const halved = editCsv(FOCUS_SAMPLE, join(dir, 'half.csv'), (lines) => lines.splice(500));
    await expect(
      focus(org, halved, {
        beforeCommit: async () => {
          throw new Error('killed before commit');
        },
      }),
    ).rejects.toThrow('killed before commit');
    expect(await snapshot(t.db, org)).toBe(before);
    const { rows } = await t.db.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM ingest_runs WHERE organization_id = $1 GROUP BY 1 ORDER BY 1`,
      [org],
    );
    expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([
      ['failed', 3],
      ['succeeded', 1],
    ]);
    const stages = await t.db.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE 'ingest_stage_%'`);
    expect(stages.rows).toEqual([]);
  });

  it('missing required columns: an error naming them, nothing written', async () => {
    const org = await createOrg(t.db, 'focus-cols');
    const bad = editCsv(FOCUS_SAMPLE, join(dir, 'nocols.csv'), (l) => {
      l[0] = l[0]!.replace('"BilledCost"', '"Billed_Cost_X"').replace('"ServiceName"', '"Service"');
    });
    const err = await focus(org, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingColumnsError);
    expect((err as Error).message).toBe('FOCUS export lacks required column(s): BilledCost, ServiceName');
    expect(await snapshot(t.db, org)).toBe('[[],[]]');
  });

  it('unparseable numbers and dates: rows rejected with their line numbers; over the threshold nothing is applied', async () => {
    const org = await createOrg(t.db, 'focus-rejects');
    const billed = column('BilledCost');
    const start = column('ChargePeriodStart');
    const bad = editCsv(FOCUS_SAMPLE, join(dir, 'rejects.csv'), (l) => {
      l[9] = l[9]!.split(',').map((f, i) => (i === billed ? 'twelve' : f)).join(',');
      l[41] = l[41]!.split(',').map((f, i) => (i === start ? '"2024-13-45 00:00:00"' : f)).join(',');
    });
    const s = await focus(org, bad);
    expect(s.rowsRejected).toBe(2);
    expect(s.rejects.map((r) => [r.line, r.reason])).toEqual([
      [10, 'BilledCost is not a number'],
      [42, 'ChargePeriodStart is not a date'],
    ]);
    expect(s.rowsRead).toBe(1000);
    const before = await snapshot(t.db, org);
    const err = await focus(org, bad, { rejectThreshold: 0.001 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RejectThresholdError);
    expect((err as Error).message).toMatch(/2 of 1000 rows rejected .*nothing was applied.*line 10: BilledCost is not a number/);
    expect(await snapshot(t.db, org)).toBe(before);
  });

  it('names source lines when a quoted field spans lines, and loads files with blank lines', async () => {
    const org = await createOrg(t.db, 'focus-lines');
    const described = column('ChargeDescription');
    const billed = column('BilledCost');
    // Line 5 holds a description over three lines, so the record on line 12 is the 10th record.
    const multi = editCsv(FOCUS_SAMPLE, join(dir, 'multiline.csv'), (l) => {
      l[4] = set(l[4]!, described, '"first\nsecond\nthird"');
      l[9] = set(l[9]!, billed, 'twelve');
    });
    const s = await focus(org, multi);
    expect(s.rejects.map((r) => [r.line, r.reason])).toEqual([[12, 'BilledCost is not a number']]);
    expect(s.rowsRead).toBe(1000);
    // COPY refuses blank lines as they are: the file is staged again record by record.
    const blank = editCsv(FOCUS_SAMPLE, join(dir, 'blank.csv'), (l) => {
      l.splice(20, 0, '');
      l.push('', '');
    });
    const b = await focus(org, blank);
    expect([b.rowsRead, b.rowsRejected]).toEqual([1000, 0]);
    const sample = await focus(await createOrg(t.db, 'focus-lines-ref'), FOCUS_SAMPLE);
    expect(b.totalsByAccount).toEqual(sample.totalsByAccount);
  });

  it('a large file loads as two parts at once on PostgreSQL: same totals, rejects named by line, a cut inside a quoted field reloaded whole', async () => {
    const split = { splitMinBytes: 1 };
    const reference = await focus(await createOrg(t.db, 'focus-split-ref'), FOCUS_SAMPLE);
    const batch = await localBatch(FOCUS_SAMPLE);
    const file = batch.files[0]!;
    const ranges: number[][] = [];
    const openRange = file.openRange!;
    file.openRange = (start, end) => (ranges.push([start, end]), openRange(start, end));
    const whole = await importExport({ db: t.db }, { organizationId: await createOrg(t.db, 'focus-split'), mapping: focusMapping, batch, rejectThreshold: 0.01, ...split });
    expect([whole.rowsRead, whole.totalsByAccount]).toEqual([1000, reference.totalsByAccount]);
    if (t.db.kind === 'pg') {
      // The probe at the middle, then the two parts, meeting at a line end past the middle.
      expect(ranges).toHaveLength(3);
      expect(ranges[1]![0]).toBe(0);
      expect(ranges[1]![1]).toBe(ranges[2]![0]);
      expect(ranges[2]![0]).toBeGreaterThan(file.size! / 2);
    } else expect(ranges).toEqual([]); // embedded PGlite has one connection: one part
    const described = column('ChargeDescription');
    const billed = column('BilledCost');
    // A bad row in each half, and a three-line description before the second one.
    const bad = editCsv(FOCUS_SAMPLE, join(dir, 'split-rejects.csv'), (l) => {
      l[9] = set(l[9]!, billed, 'twelve');
      l[700] = set(l[700]!, described, '"first\nsecond\nthird"');
      l[899] = set(l[899]!, billed, 'nine');
    });
    const s = await focus(await createOrg(t.db, 'focus-split-rejects'), bad, split);
    expect(s.rejects.map((r) => r.line)).toEqual([10, 902]);
    // The middle of this file falls inside a quoted field of 200,000 characters.
    const cut = editCsv(FOCUS_SAMPLE, join(dir, 'split-quoted.csv'), (l) => {
      l[500] = set(l[500]!, described, `"${'spans the middle\n'.repeat(12_000)}"`);
    });
    const q = await focus(await createOrg(t.db, 'focus-split-quoted'), cut, split);
    expect([q.rowsRead, q.rowsRejected, q.totalsByAccount]).toEqual([1000, 0, reference.totalsByAccount]);
  });
});
