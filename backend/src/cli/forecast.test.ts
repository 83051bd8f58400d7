import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runForecastCsv, splitCsvLine } from './forecast.js';

const dir = mkdtempSync(join(tmpdir(), 'cw-forecast-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function daily(id: string, days: number, f: (t: number) => number): string[] {
  return Array.from({ length: days }, (_, t) => `${id},${new Date(Date.UTC(2026, 0, 1 + t)).toISOString().slice(0, 10)},${f(t)}`);
}

describe('costwatch forecast (CSV in, CSV out, worker threads)', () => {
  it('splits quoted CSV fields', () => {
    expect(splitCsvLine('"a,""b""",2026-01-01,3.5')).toEqual(['a,"b"', '2026-01-01', '3.5']);
    expect(splitCsvLine('x,,1')).toEqual(['x', '', '1']);
  });

  it('forecasts every series in input order with nested intervals and continuing dates', async () => {
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.csv');
    const rows = [
      'series_id,timestamp,value',
      ...daily('"web,prod"', 120, (t) => 100 + (t % 7 < 5 ? 20 : 0) + (t % 3)),
      ...daily('flat', 60, () => 5),
      ...daily('short', 5, (t) => t),
    ];
    writeFileSync(input, `${rows.join('\n')}\n`);
    const r = await runForecastCsv({ input, output, horizon: 10, workers: 2, progress: false });
    expect(r).toMatchObject({ series: 3, points: 185, failed: 0 });
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('series_id,timestamp,mean,lo80,hi80,lo95,hi95');
    expect(lines).toHaveLength(1 + 30);
    expect(lines[1]!.startsWith('"web,prod",2026-05-01,')).toBe(true);
    expect(lines[11]!.startsWith('flat,2026-03-02,')).toBe(true);
    expect(lines[21]!.startsWith('short,2026-01-06,')).toBe(true);
    for (const l of lines.slice(1)) {
      const [mean, lo80, hi80, lo95, hi95] = splitCsvLine(l).slice(2).map(Number);
      expect(lo95!).toBeLessThanOrEqual(lo80!);
      expect(lo80!).toBeLessThanOrEqual(mean!);
      expect(mean!).toBeLessThanOrEqual(hi80!);
      expect(hi80!).toBeLessThanOrEqual(hi95!);
    }
    const flat = lines.slice(11, 21).map((l) => Number(splitCsvLine(l)[2]));
    flat.forEach((v) => expect(v).toBeCloseTo(5, 3));
  });

  it('rejects a malformed row naming its line, and series that are not grouped', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'series_id,timestamp,value\na,2026-01-01,1\na,2026-01-02,abc\n');
    await expect(runForecastCsv({ input: bad, output: join(dir, 'o1.csv'), horizon: 3, workers: 1, progress: false })).rejects.toThrow(/line 3/);
    const ungrouped = join(dir, 'ungrouped.csv');
    writeFileSync(ungrouped, ['a,2026-01-01,1', 'b,2026-01-01,1', 'a,2026-01-02,1'].join('\n'));
    await expect(runForecastCsv({ input: ungrouped, output: join(dir, 'o2.csv'), horizon: 3, workers: 1, progress: false })).rejects.toThrow(/group the input/);
  });
});
