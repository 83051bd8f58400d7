import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One NAB data file: timestamps (epoch ms), values and labelled windows. */
export interface NabSeries {
  name: string;
  timestamps: number[];
  values: number[];
  windows: [number, number][];
}

const toMs = (s: string) => Date.parse(`${s.trim().slice(0, 19).replace(' ', 'T')}Z`);

export function readNabCsv(path: string): { timestamps: number[]; columns: string[][]; header: string[] } {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]!.split(',');
  const timestamps: number[] = [];
  const columns: string[][] = header.map(() => []);
  for (const line of lines.slice(1)) {
    const parts = line.split(',');
    timestamps.push(toMs(parts[0]!));
    parts.forEach((p, i) => columns[i]?.push(p));
  }
  return { timestamps, columns, header };
}

/** Every data file under `dir/data`, with windows from labels/combined_windows.json. */
export function loadNab(dir: string): NabSeries[] {
  const windows = JSON.parse(readFileSync(join(dir, 'labels/combined_windows.json'), 'utf8')) as Record<string, [string, string][]>;
  const out: NabSeries[] = [];
  for (const group of readdirSync(join(dir, 'data')).sort()) {
    for (const file of readdirSync(join(dir, 'data', group)).filter((f) => f.endsWith('.csv')).sort()) {
      const name = `${group}/${file}`;
      const csv = readNabCsv(join(dir, 'data', group, file));
      out.push({
        name,
        timestamps: csv.timestamps,
        values: csv.columns[1]!.map(Number),
        windows: (windows[name] ?? []).map(([a, b]) => [toMs(a), toMs(b)] as [number, number]),
      });
    }
  }
  return out;
}
