import { refreshAhead } from '../domain/refresh-ahead.js';
import type { CacheStore } from './store.js';

/**
 * Per-organization generation counters in the shared store (bumped to invalidate everything
 * keyed by the old value), memoised in this process for `maxAgeMs`: another process's bump is
 * seen within that time, this process's own at once. Past half its life a memo reloads in the
 * background, so steady traffic never finds it expired. The cache and the credential memo
 * each keep one (under different prefixes).
 */
export class Generations {
  private readonly memos = new Map<string, { gen: number; at: number }>();
  private readonly refreshing = new Set<string>();

  constructor(
    private readonly store: CacheStore,
    private readonly prefix: string,
    private readonly maxAgeMs = 1000,
  ) {}

  /** The generation while this process's memo of it is fresh, without I/O; undefined: call current(). */
  fresh(orgId: string): number | undefined {
    const m = this.memos.get(orgId);
    const age = m ? Date.now() - m.at : Infinity;
    if (!m || age >= this.maxAgeMs) return undefined;
    if (age > this.maxAgeMs / 2) {
      refreshAhead(this.refreshing, orgId, async () => {
        const gen = await this.read(orgId);
        // Unless a bump here replaced the memo meanwhile (it knows better).
        if (this.memos.get(orgId) === m) this.remember(orgId, gen);
      });
    }
    return m.gen;
  }

  /** The generation, read from the store when the memo is stale; store errors reach the caller. */
  async current(orgId: string): Promise<number> {
    return this.fresh(orgId) ?? this.remember(orgId, await this.read(orgId));
  }

  /** The last generation this process knew, trusted afresh (for when the store cannot be asked). */
  keepLast(orgId: string): number {
    return this.remember(orgId, this.memos.get(orgId)?.gen ?? 0);
  }

  /** Invalidates: bumps the shared counter. When that fails, this process forgets its memo and the error reaches the caller. */
  async bump(orgId: string): Promise<number> {
    try {
      return this.remember(orgId, await this.store.incr(`${this.prefix}${orgId}`));
    } catch (err) {
      this.memos.delete(orgId);
      throw err;
    }
  }

  private remember(orgId: string, gen: number): number {
    this.memos.set(orgId, { gen, at: Date.now() });
    return gen;
  }

  private async read(orgId: string): Promise<number> {
    return Number((await this.store.get(`${this.prefix}${orgId}`)) ?? 0);
  }
}
