import { AppError } from '../../domain/errors.js';
import type { IsoDate } from '../../domain/time.js';
import type { Queryable } from '../../store/index.js';

/** The day's Cost Explorer request budget is spent: the run stops before sending more. */
export class CeBudgetExceededError extends AppError {
  constructor(budget: number, day: IsoDate) {
    super('rate_limited', `Cost Explorer request budget of ${budget} per day is spent for ${day} (UTC); nothing was applied by this run`, 'budget');
  }
}

/**
 * Reserves one request of today's budget, atomically across processes: the row is only
 * incremented while under the budget, so concurrent runs can never overshoot it.
 */
export async function reserveCeRequest(db: Queryable, organizationId: string, day: IsoDate, budget: number): Promise<boolean> {
  if (budget <= 0) return false;
  const { rows } = await db.query<{ requests: number }>(
    `INSERT INTO ce_request_counts (organization_id, day, requests) VALUES ($1, $2, 1)
     ON CONFLICT (organization_id, day) DO UPDATE SET requests = ce_request_counts.requests + 1
       WHERE ce_request_counts.requests < $3
     RETURNING requests`,
    [organizationId, day, budget],
  );
  return rows.length > 0;
}

export async function ceRequestsOn(db: Queryable, organizationId: string, day: IsoDate): Promise<number> {
  const { rows } = await db.query<{ requests: number }>('SELECT requests FROM ce_request_counts WHERE organization_id = $1 AND day = $2', [
    organizationId,
    day,
  ]);
  return rows[0]?.requests ?? 0;
}
