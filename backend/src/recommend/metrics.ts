import { Gauge, type Registry } from 'prom-client';
import { dec } from '../domain/money.js';
import type { Queryable } from '../store/queryable.js';

/**
 * costwatch_recommendation_savings_monthly{account, check}: open potential savings, read from
 * the database at scrape time so every API replica reports the same figure. Labels stay
 * bounded: check ids come from the fixed catalog, accounts beyond the top N fold into "other".
 */
export function registerSavingsMetrics(registry: Registry, db: Queryable, opts: { maxAccounts?: number; onError?: (err: unknown) => void } = {}): Gauge<'account' | 'check'> {
  const maxAccounts = opts.maxAccounts ?? 50;
  return new Gauge({
    name: 'costwatch_recommendation_savings_monthly',
    help: 'Potential monthly savings of open recommendations (USD) by AWS account and check',
    labelNames: ['account', 'check'],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const { rows } = await db.query<{ account_id: string | null; check_id: string; savings: string }>(
          `SELECT account_id, check_id, sum(estimated_monthly_savings)::text AS savings
             FROM optimization_recommendations WHERE status = 'open' GROUP BY account_id, check_id`,
        );
        const byAccount = new Map<string, ReturnType<typeof dec>>();
        for (const r of rows) byAccount.set(r.account_id ?? '', (byAccount.get(r.account_id ?? '') ?? dec(0)).plus(r.savings));
        const top = new Set([...byAccount].sort((a, b) => b[1].comparedTo(a[1])).slice(0, maxAccounts).map(([a]) => a));
        const cells = new Map<string, ReturnType<typeof dec>>();
        for (const r of rows) {
          const account = top.has(r.account_id ?? '') ? r.account_id || 'unknown' : 'other';
          const k = `${account}\u0000${r.check_id}`;
          cells.set(k, (cells.get(k) ?? dec(0)).plus(r.savings));
        }
        for (const [k, v] of cells) {
          const [account, check] = k.split('\u0000') as [string, string];
          this.set({ account, check }, v.toNumber());
        }
      } catch (err) {
        // A scrape while the database is down reports nothing rather than failing /metrics.
        opts.onError?.(err);
      }
    },
  });
}
