import { CostExplorerClient, GetCostAndUsageCommand, type GetCostAndUsageCommandInput, type ResultByTime } from '@aws-sdk/client-cost-explorer';
import pRetry, { AbortError } from 'p-retry';
import { isThrottling } from '../../aws/index.js';
import { todayUtc, type IsoDate } from '../../domain/time.js';
import type { Queryable } from '../../store/index.js';
import { CE_REQUEST_USD, type IngestMetrics } from '../metrics.js';
import { CeBudgetExceededError, reserveCeRequest } from './budget.js';
import type { CePlan } from './plan.js';

export const CE_METRICS = ['UnblendedCost', 'AmortizedCost', 'NetUnblendedCost', 'NetAmortizedCost', 'UsageQuantity'] as const;

export interface FetchOptions {
  db: Queryable;
  organizationId: string;
  client: CostExplorerClient;
  plan: CePlan;
  from: IsoDate;
  to: IsoDate;
  budget: number;
  maxRetries: number;
  /** First backoff in ms (doubles per retry, with full jitter). */
  minBackoffMs?: number;
  metrics?: IngestMetrics;
  now?: () => Date;
  onPage?(page: number, requests: number): void;
}

/** Every request sent, throttled or not: that is what AWS bills and what the budget limits. Filled as it goes, so a failed fetch still tells how many were sent. */
export interface FetchResult {
  results: ResultByTime[];
  requests: number;
  throttled: number;
  pages: number;
}

/**
 * GetCostAndUsage over NextPageToken pages. Each attempt first reserves one request of the
 * day's budget (retries included), so the budget holds however often AWS throttles. The SDK's
 * own retries are off (maxAttempts 1 on the client) so every attempt is counted here.
 */
export async function fetchCostAndUsage(o: FetchOptions, out: FetchResult = { results: [], requests: 0, throttled: 0, pages: 0 }): Promise<FetchResult> {
  let token: string | undefined;
  do {
    const input: GetCostAndUsageCommandInput = {
      TimePeriod: { Start: o.from, End: o.to },
      Granularity: 'DAILY',
      Metrics: [...CE_METRICS],
      GroupBy: o.plan.groupBy,
      ...(token ? { NextPageToken: token } : {}),
    };
    const res = await pRetry(
      async () => {
        const day = todayUtc(o.now?.() ?? new Date());
        if (!(await reserveCeRequest(o.db, o.organizationId, day, o.budget))) throw new AbortError(new CeBudgetExceededError(o.budget, day));
        out.requests++;
        o.metrics?.ceRequestCost.inc(CE_REQUEST_USD);
        try {
          const r = await o.client.send(new GetCostAndUsageCommand(input));
          o.metrics?.ceRequests.inc({ outcome: 'ok' });
          return r;
        } catch (err) {
          const throttled = isThrottling(err);
          if (throttled) out.throttled++;
          o.metrics?.ceRequests.inc({ outcome: throttled ? 'throttled' : 'error' });
          const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
          if (throttled || status >= 500) throw err;
          throw new AbortError(err as Error);
        }
      },
      { retries: o.maxRetries, factor: 2, minTimeout: o.minBackoffMs ?? 1000, maxTimeout: 60_000, randomize: true },
    );
    out.results.push(...(res.ResultsByTime ?? []));
    out.pages++;
    o.onPage?.(out.pages, out.requests);
    token = res.NextPageToken || undefined;
  } while (token);
  return out;
}
