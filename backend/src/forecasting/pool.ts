import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ForecastOptions } from '../analytics/index.js';

/** tsx's API as an absolute URL, so that an eval'd worker finds it whatever the working directory. */
function tsxApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return 'tsx/esm/api';
  }
}

export interface PoolTask {
  seq: number;
  values: number[];
  horizon: number;
  options: ForecastOptions;
}

export interface PoolResult {
  model: string;
  mean: number[];
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
  psi: number[];
  sigma2: number;
  validationMase: number;
}

/**
 * Forecasts on worker threads, one per core by default: model fitting is CPU-bound and
 * synchronous (the WASM SARIMA included), so threads are the only way to use both cores.
 * Under tsx the worker is the .ts source (registered through tsx's API);
 * in a build it is the compiled .js beside this file.
 */
export class ForecastPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { task: PoolTask; resolve: (r: PoolResult) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (r: PoolResult) => void; reject: (e: Error) => void }>();
  private seq = 0;

  constructor(size = Math.max(1, Math.min(availableParallelism(), 8))) {
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const url = new URL(`./pool.worker${ext}`, import.meta.url);
    for (let i = 0; i < size; i++) {
      // tsx hooks the main thread only: a .ts worker registers tsx's ESM hooks itself first.
      const w =
        ext === '.ts'
          ? new Worker(`(async () => { (await import(${JSON.stringify(tsxApi())})).register(); await import(${JSON.stringify(url.href)}); })()`, { eval: true })
          : new Worker(url);
      w.on('message', (m: { seq: number; result?: PoolResult; error?: string }) => {
        const p = this.pending.get(m.seq);
        this.pending.delete(m.seq);
        if (p) m.error !== undefined ? p.reject(new Error(m.error)) : p.resolve(m.result!);
        this.next(w);
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Tasks queued or running: callers reading a stream pause while this is high (backpressure). */
  get inFlight(): number {
    return this.pending.size + this.queue.length;
  }

  forecast(values: number[], horizon: number, options: ForecastOptions): Promise<PoolResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { seq: this.seq++, values, horizon, options }, resolve, reject });
      const w = this.idle.pop();
      if (w) this.next(w);
    });
  }

  private next(w: Worker): void {
    const item = this.queue.shift();
    if (!item) {
      if (!this.idle.includes(w)) this.idle.push(w);
      return;
    }
    this.pending.set(item.task.seq, item);
    w.postMessage(item.task);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
