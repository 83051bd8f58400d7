import { isThrottling } from '../aws/index.js';

/**
 * Circuit breaker per account/region: after `threshold` consecutive failed tasks it opens and
 * the remaining tasks of that account/region fail at once (their slices go stale) instead of
 * each waiting through its own retries; after `cooldownMs` one trial task is let through.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trial = false;

  constructor(
    readonly threshold: number,
    readonly cooldownMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === undefined) return 'closed';
    return this.clock() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** May a task start now? In half-open, only one trial at a time. */
  allow(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'half-open' && !this.trial) {
      this.trial = true;
      return true;
    }
    return false;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trial = false;
  }

  failure(): void {
    this.failures++;
    this.trial = false;
    if (this.failures >= this.threshold) this.openedAt = this.clock();
  }
}

export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
}

export class TaskTimeoutError extends Error {
  override readonly name = 'TaskTimeoutError';
}

/** Throttling and server errors are worth another try; access denied or bad input are not. */
export function isTransient(err: unknown): boolean {
  if (isThrottling(err)) return true;
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const name = (err as { name?: string })?.name ?? '';
  return (status !== undefined && status >= 500) || name === 'TimeoutError' || name === 'ECONNRESET' || name === 'InternalError';
}

export interface RetryOptions {
  retries: number;
  baseMs: number;
  maxMs: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Delay before retry `attempt` (0-based): exponential backoff with full jitter (AWS architecture blog). */
export function backoffDelay(attempt: number, o: Pick<RetryOptions, 'baseMs' | 'maxMs' | 'random'>): number {
  const cap = Math.min(o.maxMs, o.baseMs * 2 ** attempt);
  return Math.floor((o.random ?? Math.random)() * cap);
}

/**
 * Retries transient failures of a whole task. The SDK already retries each call (adaptive
 * mode); this outer loop covers a throttled page in the middle of a long pagination.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= o.retries || !isTransient(err)) throw err;
      await (o.sleep ?? realSleep)(backoffDelay(attempt, o));
    }
  }
}

/** Runs fn with an abort signal that fires after `ms`; rejects with TaskTimeoutError then. */
export async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ac.abort();
      reject(new TaskTimeoutError(`task timed out after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([fn(ac.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
