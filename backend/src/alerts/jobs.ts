import type { Cache } from '../cache/index.js';
import type { Job } from '../jobs/index.js';
import type { Database } from '../store/queryable.js';
import { evaluateAlerts } from './evaluator.js';
import { Outbox } from './outbox.js';

/** Worker jobs: evaluate every rule on an interval, and drain the outbox more often. */
export function alertEvaluationJob(db: Database, opts: { intervalMs: number; resolveAfter: number; dashboardUrl?: string; cache?: Cache; onError?: (err: unknown) => void }): Job {
  return {
    name: 'alert-evaluation',
    intervalMs: opts.intervalMs,
    runAtStart: true,
    run: () => evaluateAlerts(db, { resolveAfter: opts.resolveAfter, dashboardUrl: opts.dashboardUrl, cache: opts.cache, onError: opts.onError }),
  };
}

export function alertDeliveryJob(db: Database, opts: { intervalMs: number; maxAttempts: number }): Job {
  const outbox = new Outbox(db, { maxAttempts: opts.maxAttempts });
  return {
    name: 'alert-delivery',
    intervalMs: opts.intervalMs,
    runAtStart: true,
    run: () => outbox.drain(),
  };
}

/**
 * For ingest: evaluate the organization's rules right after new costs land. Never throws, so a
 * failing evaluation cannot fail the ingest that triggered it.
 */
export function evaluateAfterIngest(db: Database, opts: { resolveAfter: number; dashboardUrl?: string; cache?: Cache; onError?: (err: unknown) => void }) {
  return async (organizationId: string): Promise<void> => {
    await evaluateAlerts(db, { organizationId, resolveAfter: opts.resolveAfter, dashboardUrl: opts.dashboardUrl, cache: opts.cache, onError: opts.onError }).catch((err) => opts.onError?.(err));
  };
}
