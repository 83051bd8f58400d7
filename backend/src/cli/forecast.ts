import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { SingleBar, Presets } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { ForecastPool, type PoolResult } from '../forecasting/pool.js';

interface Series {
  id: string;
  times: number[];
  values: number[];
  dateOnly: boolean;
}

const DAY = 86_400_000;

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
    return n;
  };
}

/** One CSV field: plain or double-quoted (with "" escapes). Enough for series_id,timestamp,value. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') (v += '"'), (i += 2);
        else if (line[i] === '"') break;
        else v += line[i++];
      }
      out.push(v);
      i = line.indexOf(',', i) === -1 ? line.length + 1 : line.indexOf(',', i) + 1;
    } else {
      const j = line.indexOf(',', i);
      out.push(line.slice(i, j === -1 ? line.length : j).trim());
      i = j === -1 ? line.length + 1 : j + 1;
    }
  }
  return out;
}

function csvField(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The series' step: the median gap between timestamps (robust to a missing day). */
function stepOf(times: number[]): number {
  const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
  return gaps.length ? gaps[gaps.length >> 1]! : DAY;
}

function defaultSeason(step: number): number {
  if (step === DAY) return 7;
  if (step === 3_600_000) return 24;
  return 1;
}

function outputRows(s: Series, r: PoolResult): string {
  const step = stepOf(s.times);
  const last = s.times[s.times.length - 1]!;
  const fmt = (t: number) => (s.dateOnly ? new Date(t).toISOString().slice(0, 10) : new Date(t).toISOString());
  const n6 = (v: number) => String(Math.round(v * 1e6) / 1e6);
  return r.mean
    .map((m, i) => [csvField(s.id), fmt(last + (i + 1) * step), n6(m), n6(r.lo80[i]!), n6(r.hi80[i]!), n6(r.lo95[i]!), n6(r.hi95[i]!)].join(','))
    .join('\n');
}

export async function runForecastCsv(opts: {
  input: string;
  output: string;
  horizon: number;
  season?: number;
  workers?: number;
  progress?: boolean;
}): Promise<{ series: number; points: number; failed: number; seconds: number; models: Record<string, number> }> {
  const started = Date.now();
  const size = statSync(opts.input).size;
  const bar = opts.progress === false ? undefined : new SingleBar({ format: 'forecast |{bar}| {percentage}% input · {series} series · {eta_formatted} left', stream: process.stderr }, Presets.shades_classic);
  bar?.start(size, 0, { series: 0 });
  const pool = new ForecastPool(opts.workers);
  const out = createWriteStream(opts.output);
  out.write('series_id,timestamp,mean,lo80,hi80,lo95,hi95\n');
  const rl = createInterface({ input: createReadStream(opts.input), crlfDelay: Infinity });
  const seen = new Set<string>();
  // Results are written in input order: a reorder buffer keyed by sequence number.
  const done = new Map<number, string>();
  let nextToWrite = 0;
  let seq = 0;
  let bytes = 0;
  let lineNo = 0;
  let points = 0;
  let failed = 0;
  const models: Record<string, number> = {};
  const inflight = new Set<Promise<void>>();
  const flush = async () => {
    while (done.has(nextToWrite)) {
      const text = done.get(nextToWrite)!;
      done.delete(nextToWrite++);
      if (text && !out.write(`${text}\n`)) await once(out, 'drain');
    }
  };
  const dispatch = (s: Series) => {
    const mySeq = seq++;
    const order = s.times.map((_, i) => i).sort((a, b) => s.times[a]! - s.times[b]!);
    const sorted: Series = { ...s, times: order.map((i) => s.times[i]!), values: order.map((i) => s.values[i]!) };
    const season = opts.season ?? defaultSeason(stepOf(sorted.times));
    points += sorted.values.length;
    const p = pool
      .forecast(sorted.values, opts.horizon, { season, nonNegative: false })
      .then((r) => {
        const family = r.model.replace(/\(.*/, '');
        models[family] = (models[family] ?? 0) + 1;
        done.set(mySeq, outputRows(sorted, r));
      })
      .catch((err: Error) => {
        failed++;
        process.stderr.write(`\nseries ${s.id}: ${err.message}\n`);
        done.set(mySeq, '');
      })
      .then(() => {
        bar?.update(bytes, { series: mySeq + 1 });
        return flush();
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };
  let current: Series | undefined;
  try {
    for await (const line of rl) {
      lineNo++;
      bytes += Buffer.byteLength(line) + 1;
      if (!line.trim()) continue;
      const [id, ts, value] = splitCsvLine(line);
      if (lineNo === 1 && id === 'series_id') continue;
      const t = Date.parse(ts ?? '');
      const v = Number(value);
      if (id === undefined || id === '' || Number.isNaN(t) || value === undefined || value === '' || !Number.isFinite(v)) {
        throw new Error(`line ${lineNo}: expected series_id,timestamp,value with an ISO timestamp and a number`);
      }
      if (!current || current.id !== id) {
        if (seen.has(id)) throw new Error(`line ${lineNo}: series ${id} appears again after other series; group the input by series_id`);
        if (current) dispatch(current);
        seen.add(id);
        current = { id, times: [], values: [], dateOnly: /^\d{4}-\d{2}-\d{2}$/.test(ts!) };
        // Backpressure: stop reading while the workers are well ahead of us.
        while (pool.inFlight > pool.size * 4 && inflight.size) await Promise.race(inflight);
      }
      current.times.push(t);
      current.values.push(v);
    }
    if (current) dispatch(current);
    await Promise.all([...inflight]);
    await flush();
  } finally {
    rl.close();
    await pool.close();
    out.end();
    await once(out, 'close');
    bar?.update(size);
    bar?.stop();
  }
  return { series: seq, points, failed, seconds: (Date.now() - started) / 1000, models };
}

/** `costwatch forecast`: forecasts users' own series from CSV, on every core. */
export function registerForecastCommands(program: Command): void {
  program
    .command('forecast')
    .description('forecast series from a CSV (series_id,timestamp,value) to a CSV of means and 80 %/95 % intervals')
    .requiredOption('--input <file>', 'input CSV: series_id,timestamp,value, grouped by series_id')
    .requiredOption('--output <file>', 'output CSV: series_id,timestamp,mean,lo80,hi80,lo95,hi95')
    .requiredOption('--horizon <n>', 'steps to forecast', positiveInt('--horizon'))
    .option('--season <s>', 'seasonal period (default: 7 for daily, 24 for hourly, else 1)', positiveInt('--season'))
    .option('--workers <n>', 'worker threads (default: one per core)', positiveInt('--workers'))
    .option('--no-progress', 'no progress bar')
    .action(async (o: { input: string; output: string; horizon: number; season?: number; workers?: number; progress: boolean }) => {
      const r = await runForecastCsv(o);
      process.stderr.write(
        `forecast: ${r.series} series, ${r.points} points in ${r.seconds.toFixed(1)} s` +
          ` (${r.failed} failed) → ${o.output}; models: ${Object.entries(r.models).map(([k, v]) => `${k} ${v}`).join(', ')}\n`,
      );
      if (r.failed) process.exitCode = 1;
    });
}
