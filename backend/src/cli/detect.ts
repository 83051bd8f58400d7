import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parse } from 'csv-parse';
import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { STREAMING_DEFAULTS } from '../analytics/anomaly/index.js';

const CHUNK = 8192;

/** Worker threads that each own a share of the series (by hash), so each series' state stays in one place. */
class DetectPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (s: number[]) => void; reject: (e: Error) => void }>();
  private seq = 0;

  constructor(size: number) {
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const url = new URL(`./detect.worker${ext}`, import.meta.url);
    for (let i = 0; i < size; i++) {
      // tsx hooks the main thread only: a .ts worker registers tsx's ESM hooks itself first.
      const w =
        ext === '.ts'
          ? new Worker(`(async () => { (await import('tsx/esm/api')).register(); await import(${JSON.stringify(url.href)}); })()`, { eval: true })
          : new Worker(url);
      w.on('message', (m: { seq: number; scores?: number[]; error?: string }) => {
        const p = this.pending.get(m.seq);
        this.pending.delete(m.seq);
        if (p) m.error !== undefined ? p.reject(new Error(m.error)) : p.resolve(m.scores!);
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  owner(series: string): number {
    let h = 2166136261;
    for (let i = 0; i < series.length; i++) h = Math.imul(h ^ series.charCodeAt(i), 16777619);
    return (h >>> 0) % this.workers.length;
  }

  score(worker: number, series: string[], values: number[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      const seq = this.seq++;
      this.pending.set(seq, { resolve, reject });
      this.workers[worker]!.postMessage({ seq, series, values });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export interface DetectSummary {
  series: number;
  points: number;
  anomalies: number;
  workers: number;
  seconds: number;
}

/**
 * Streams `series_id,timestamp,value` rows through the streaming detector and writes
 * `series_id,timestamp,value,score,is_anomaly` in input order. Rows of one series must be in
 * time order; series may interleave. Memory stays bounded by one chunk.
 */
export async function detectCsv(input: string, output: string, opts: { threshold: number; workers: number; progress?: boolean }): Promise<DetectSummary> {
  const started = Date.now();
  const pool = new DetectPool(opts.workers);
  const size = statSync(input).size;
  const bar = opts.progress ? new SingleBar({ format: 'detect |{bar}| {percentage}% | {points} points | {anomalies} anomalies | {eta_formatted} left' }, Presets.shades_classic) : undefined;
  bar?.start(size, 0, { points: 0, anomalies: 0 });
  const parser = createReadStream(input).pipe(parse({ relax_column_count: false, skip_empty_lines: true, trim: true }));
  const out = createWriteStream(output);
  const seen = new Set<string>();
  let points = 0;
  let anomalies = 0;
  let line = 0;
  let chunk: string[][] = [];

  const flush = async () => {
    const byWorker = Array.from({ length: pool.size }, () => ({ idx: [] as number[], series: [] as string[], values: [] as number[] }));
    chunk.forEach((r, i) => {
      const b = byWorker[pool.owner(r[0]!)]!;
      b.idx.push(i);
      b.series.push(r[0]!);
      b.values.push(Number(r[2]));
    });
    const scores = new Array<number>(chunk.length);
    await Promise.all(byWorker.map(async (b, w) => (b.idx.length ? (await pool.score(w, b.series, b.values)).forEach((s, k) => (scores[b.idx[k]!] = s)) : undefined)));
    let text = '';
    chunk.forEach((r, i) => {
      const s = scores[i]!;
      const flag = s >= opts.threshold ? 1 : 0;
      anomalies += flag;
      text += `${csvField(r[0]!)},${csvField(r[1]!)},${r[2]},${s.toFixed(6)},${flag}\n`;
    });
    if (!out.write(text)) await once(out, 'drain');
    points += chunk.length;
    chunk = [];
    bar?.update((parser as unknown as { info: { bytes: number } }).info.bytes, { points, anomalies });
  };

  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      if (line === 1) {
        if (record.map((h) => h.toLowerCase()).join(',') !== 'series_id,timestamp,value') {
          throw new InvalidArgumentError(`${input}: the header must be series_id,timestamp,value (got ${record.join(',')})`);
        }
        out.write('series_id,timestamp,value,score,is_anomaly\n');
        continue;
      }
      if (record.length !== 3 || record[2] === '' || !Number.isFinite(Number(record[2]))) {
        throw new InvalidArgumentError(`${input} line ${line}: value "${record[2] ?? ''}" is not a number`);
      }
      seen.add(record[0]!);
      chunk.push(record);
      if (chunk.length >= CHUNK) await flush();
    }
    if (chunk.length) await flush();
    out.end();
    await once(out, 'finish');
  } finally {
    bar?.stop();
    await pool.close();
  }
  return { series: seen.size, points, anomalies, workers: pool.size, seconds: (Date.now() - started) / 1000 };
}

/** `costwatch detect`: streaming anomaly scores for users' own series (and the NAB evaluation). */
export function registerDetectCommand(program: Command): void {
  program
    .command('detect')
    .description('score each point of series_id,timestamp,value rows for anomalies (each score uses only earlier points)')
    .requiredOption('--input <file>', 'CSV with header series_id,timestamp,value; each series in time order')
    .requiredOption('--output <file>', 'CSV written with series_id,timestamp,value,score,is_anomaly')
    .option('--threshold <score>', 'score at and above which is_anomaly is 1', (v) => {
      const n = Number(v);
      if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('threshold must be in (0, 1]');
      return n;
    }, STREAMING_DEFAULTS.alarm)
    .option('--workers <n>', 'worker threads (default: one per core)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('workers must be an integer from 1 to 64');
      return n;
    })
    .action(async (opts: { input: string; output: string; threshold: number; workers?: number }) => {
      const s = await detectCsv(opts.input, opts.output, { threshold: opts.threshold, workers: opts.workers ?? Math.max(1, Math.min(availableParallelism(), 8)), progress: process.stderr.isTTY });
      console.log(`${s.points} points in ${s.series} series scored on ${s.workers} worker threads in ${s.seconds.toFixed(1)} s; ${s.anomalies} flagged as anomalies → ${opts.output}`);
    });
}
