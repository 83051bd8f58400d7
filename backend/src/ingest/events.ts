import type { IsoDate } from '../domain/time.js';

/** What landed: analytics jobs refresh forecasts/anomalies for exactly this range. */
export interface CostsIngested {
  organizationId: string;
  source: 'ce' | 'focus' | 'cur';
  runId: string;
  /** Half-open [from, to) of the days replaced. */
  from: IsoDate;
  to: IsoDate;
  accounts: string[];
}

export type CostsIngestedListener = (e: CostsIngested) => void | Promise<void>;

const listeners = new Set<CostsIngestedListener>();

/**
 * Subscribes to successful ingests (after commit and cache invalidation). Returns the
 * unsubscribe function. Listener failures are reported to onError and never fail the ingest.
 */
export function onCostsIngested(listener: CostsIngestedListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function emitCostsIngested(e: CostsIngested, onError?: (err: unknown) => void): Promise<void> {
  for (const l of [...listeners]) {
    try {
      await l(e);
    } catch (err) {
      onError?.(err);
    }
  }
}
