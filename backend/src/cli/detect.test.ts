import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectStream } from '../analytics/anomaly/index.js';
import { detectCsv } from './detect.js';

const dir = mkdtempSync(join(tmpdir(), 'cw-detect-'));

function series(n: number, spikeAt: number): number[] {
  return Array.from({ length: n }, (_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / 96) + 0.3 * Math.sin(i * 7.13) + (i >= spikeAt && i < spikeAt + 5 ? 80 : 0));
}

describe('costwatch detect', () => {
  it('streams interleaved series through two worker threads, in input order, with the same scores as one detector per series', async () => {
    const a = series(700, 600);
    const b = series(700, 650).map((v) => v * 3);
    const lines = ['series_id,timestamp,value'];
    for (let i = 0; i < 700; i++) {
      const t = new Date(Date.UTC(2026, 0, 1) + i * 300_000).toISOString();
      lines.push(`a,${t},${a[i]}`, `"b, quoted",${t},${b[i]}`);
    }
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.csv');
    writeFileSync(input, `${lines.join('\n')}\n`);
    const summary = await detectCsv(input, output, { threshold: 0.8, workers: 2 });
    expect(summary).toMatchObject({ series: 2, points: 1400, workers: 2 });
    const out = readFileSync(output, 'utf8').trim().split('\n');
    expect(out[0]).toBe('series_id,timestamp,value,score,is_anomaly');
    expect(out).toHaveLength(1401);
    const rowsA = out.slice(1).filter((l) => l.startsWith('a,'));
    const rowsB = out.slice(1).filter((l) => l.startsWith('"b, quoted",'));
    expect(rowsA).toHaveLength(700);
    const scoresA = rowsA.map((l) => Number(l.split(',')[3]));
    const expected = detectStream(a);
    scoresA.forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 5));
    expect(scoresA.every((s) => s >= 0 && s <= 1)).toBe(true);
    const flaggedA = rowsA.map((l, i) => (l.endsWith(',1') ? i : -1)).filter((i) => i >= 0);
    expect(flaggedA.some((i) => i >= 600 && i < 606)).toBe(true);
    expect(rowsB.some((l, i) => i >= 650 && i < 656 && l.endsWith(',1'))).toBe(true);
  });

  it('rejects a wrong header and a non-numeric value with the line number', async () => {
    const bad1 = join(dir, 'bad1.csv');
    writeFileSync(bad1, 'id,time,v\na,2026-01-01,1\n');
    await expect(detectCsv(bad1, join(dir, 'o1.csv'), { threshold: 0.8, workers: 1 })).rejects.toThrow(/header must be series_id,timestamp,value/);
    const bad2 = join(dir, 'bad2.csv');
    writeFileSync(bad2, 'series_id,timestamp,value\na,2026-01-01,1\na,2026-01-02,abc\n');
    await expect(detectCsv(bad2, join(dir, 'o2.csv'), { threshold: 0.8, workers: 1 })).rejects.toThrow(/line 3: value "abc" is not a number/);
  });
});
