import { LRUCache } from 'lru-cache';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';

interface KeyState {
  /** Points the shared limiter had left at the last settlement. */
  remaining: number;
  /** Requests admitted locally since then, not yet told to the shared limiter. */
  pending: number;
  /** Points on their way to the shared limiter, not yet reflected in `remaining`. */
  settling: number;
  resetAt: number;
}

// Far from the limit a process admits from memory and settles with the shared limiter once per
// `batch` requests (1 % of the limit, never more than 50). While one batch is on its way a second
// may fill, so at most two batches per process go unseen by other processes, for one round
// trip. Limits under 200 are never batched.
const MAX_BATCH = 50;

/**
 * A shared (Redis) rate limiter with a process-local front: one Redis round trip per batch of
 * requests instead of one per request. Within a batch of the limit every request asks the shared
 * limiter, so the limit a single process enforces is exact and a flood is refused as before.
 */
export class BatchedLimiter {
  readonly batch: number;
  private readonly keys = new LRUCache<string, KeyState>({ max: 50_000 });

  constructor(readonly shared: RateLimiterAbstract) {
    this.batch = Math.min(MAX_BATCH, Math.floor(shared.points / 100));
  }

  /** Admits one request from process memory when far from the limit; false: call consume. */
  admitLocally(key: string): boolean {
    const s = this.admittable(key);
    if (!s) return false;
    this.take(key, s);
    return true;
  }

  /** One request under two limiters from memory, or under neither (then take the full path). */
  static admitBothLocally(a: BatchedLimiter, keyA: string, b: BatchedLimiter, keyB: string): boolean {
    const sa = a.admittable(keyA);
    const sb = sa && b.admittable(keyB);
    if (!sa || !sb) return false;
    a.take(keyA, sa);
    b.take(keyB, sb);
    return true;
  }

  private take(key: string, s: KeyState): void {
    s.pending++;
    if (s.pending === this.batch && s.settling === 0) this.settle(key, s);
  }

  /** Resolves when admitted; rejects with the shared limiter's RateLimiterRes when refused. */
  async consume(key: string): Promise<void> {
    if (this.admitLocally(key)) return;
    const now = Date.now();
    let s = this.keys.get(key);
    // Requests admitted in a window that has passed belong to it: forget them with it.
    if (s && now >= s.resetAt) s = undefined;
    const points = 1 + (s?.pending ?? 0);
    if (s) s.pending = 0;
    try {
      this.remember(key, await this.shared.consume(key, points), now);
    } catch (res) {
      if (isLimiterRes(res)) this.remember(key, res, now);
      throw res;
    }
  }

  private admittable(key: string): KeyState | undefined {
    const s = this.keys.get(key);
    if (!s || Date.now() >= s.resetAt || this.batch <= 1) return undefined;
    // While one batch is on its way to Redis a second may fill; past that, the exact path.
    if (s.pending >= (s.settling ? 2 : 1) * this.batch || s.remaining - s.settling - s.pending <= this.batch) return undefined;
    return s;
  }

  private settle(key: string, s: KeyState): void {
    const points = s.pending;
    s.pending = 0;
    s.settling = points;
    const started = Date.now();
    this.shared
      .consume(key, points)
      .then(
        (res) => this.remember(key, res, started),
        // Refused: the next request takes the exact path and answers 429. A store error was
        // already absorbed by the shared limiter's in-memory insurance.
        (res) => (isLimiterRes(res) ? this.remember(key, res, started) : undefined),
      )
      .finally(() => {
        s.settling = 0;
        // A full batch waited for this round trip: settle it now rather than send the requests
        // behind it down the exact path one Redis call each.
        if (this.keys.get(key) === s && s.pending >= this.batch) this.settle(key, s);
      });
  }

  private remember(key: string, res: RateLimiterRes, at: number): void {
    const s = this.keys.get(key);
    if (s && at < s.resetAt) {
      s.remaining = res.remainingPoints;
      s.resetAt = at + res.msBeforeNext;
    } else this.keys.set(key, { remaining: res.remainingPoints, pending: 0, settling: 0, resetAt: at + res.msBeforeNext });
  }
}

function isLimiterRes(v: unknown): v is RateLimiterRes {
  return typeof v === 'object' && v !== null && 'msBeforeNext' in v && 'remainingPoints' in v;
}
