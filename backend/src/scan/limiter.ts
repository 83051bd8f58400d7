/**
 * A counting semaphore: at most `n` calls of fn run at once, the rest wait in FIFO order.
 * Written here (20 lines) rather than depending on p-limit because the scanner nests limits
 * (per account, then per API) and needs nothing else from a library.
 */
export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

export function createLimiter(n: number): Limiter {
  if (!Number.isInteger(n) || n < 1) throw new Error(`limiter size must be a positive integer, got ${n}`);
  let active = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    active--;
    queue.shift()?.();
  };
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      next();
    }
  };
}

/** One limiter per key, created on first use (per account, per account+API). */
export function keyedLimiter(n: number): (key: string) => Limiter {
  const limiters = new Map<string, Limiter>();
  return (key) => {
    let l = limiters.get(key);
    if (!l) limiters.set(key, (l = createLimiter(n)));
    return l;
  };
}
