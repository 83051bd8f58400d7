import type { Logger } from '../obs/index.js';

export interface Job {
  name: string;
  intervalMs: number;
  /** Run once right after start as well. */
  runAtStart?: boolean;
  run(signal: AbortSignal): Promise<unknown>;
}

/**
 * Interval scheduler for the worker role: one run of a job at a time (a slow run is never
 * overlapped by the next), every failure logged and survived. Jobs are plain functions, so
 * a distributed queue can replace this without touching them.
 */
export function startScheduler(jobs: Job[], log: Logger): { stop(): Promise<void>; runNow(name: string): Promise<unknown> } {
  const controller = new AbortController();
  const running = new Map<string, Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];

  const runJob = (job: Job): Promise<unknown> => {
    const current = running.get(job.name);
    if (current) return current;
    const started = Date.now();
    const p = job
      .run(controller.signal)
      .then((result) => {
        // Jobs that run every few seconds (outbox delivery) would drown the log at info.
        const level = job.intervalMs < 60_000 ? 'debug' : 'info';
        log[level]({ job: job.name, duration_ms: Date.now() - started, result }, 'job finished');
        return result;
      })
      .catch((err) => {
        log.error({ job: job.name, duration_ms: Date.now() - started, err }, 'job failed');
        return undefined;
      })
      .finally(() => running.delete(job.name));
    running.set(job.name, p);
    return p;
  };

  for (const job of jobs) {
    if (job.runAtStart) void runJob(job);
    const t = setInterval(() => void runJob(job), job.intervalMs);
    t.unref();
    timers.push(t);
  }
  return {
    async stop() {
      controller.abort();
      timers.forEach(clearInterval);
      await Promise.allSettled(running.values());
    },
    runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no job ${name}`);
      return runJob(job);
    },
  };
}
