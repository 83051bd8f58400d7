import { addDays, type IsoDate } from '../../domain/time.js';
import type { Queryable } from '../../store/queryable.js';

/**
 * A small, exact cost history for alert tests (faster than the full demo): 120 days before
 * `today` of three account x service series, $100/$20/$50 a day, and +$400 on the EC2
 * production series on each spike day.
 */
export async function seedAlertCosts(db: Queryable, org: string, today: IsoDate, spikes: IsoDate[] = []): Promise<void> {
  const rows: string[] = [];
  for (let i = 1; i <= 120; i++) {
    const d = addDays(today, -i);
    for (const [acct, svc, base] of [['111111111111', 'AmazonEC2', 100], ['111111111111', 'AmazonS3', 20], ['222222222222', 'AmazonEC2', 50]] as const) {
      const v = base + (spikes.includes(d) && svc === 'AmazonEC2' && acct === '111111111111' ? 400 : 0);
      rows.push(`('${org}', '${d}', '${acct}', '${svc}', 'us-east-1', 'USD', ${v}, ${v}, ${v}, ${v})`);
    }
  }
  await db.query(
    `INSERT INTO cost_daily_rollup (organization_id, usage_date, account_id, service, region, currency, unblended_cost, amortized_cost, net_unblended_cost, net_amortized_cost)
     VALUES ${rows.join(',')}`,
  );
}
