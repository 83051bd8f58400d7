import type { ResultByTime } from '@aws-sdk/client-cost-explorer';
import { Decimal } from '../../domain/money.js';
import type { CostRow } from '../../store/index.js';
import { regionOfUsageType, type CePlan } from './plan.js';

const ZERO = new Decimal(0);

/** CE daily groups → cost_data rows. Groups landing on the same identity are summed exactly. */
export function toCostRows(results: ResultByTime[], plan: CePlan, ownAccountId: string): CostRow[] {
  const rows = new Map<string, CostRow & { sums: Decimal[] }>();
  for (const r of results) {
    const day = r.TimePeriod?.Start;
    if (!day) continue;
    for (const g of r.Groups ?? []) {
      const [k1 = '', k2 = ''] = g.Keys ?? [];
      let account = ownAccountId;
      let service = k1;
      let usageType = '';
      let region = '';
      let tags: Record<string, string> = {};
      if (plan.kind === 'account-service') {
        account = k1;
        service = k2;
      } else if (plan.kind === 'service-usage') {
        usageType = k2;
        region = regionOfUsageType(k2);
      } else {
        // CE writes tag groups as "key$value"; "key$" is the untagged remainder.
        const value = k2.slice(k2.indexOf('$') + 1);
        if (value) tags = { [plan.tagKey!]: value };
      }
      const m = g.Metrics ?? {};
      const currency = (m.UnblendedCost?.Unit ?? 'USD').slice(0, 3).toUpperCase();
      const key = JSON.stringify([day, account, service, region, usageType, currency, tags]);
      const vals = [m.UnblendedCost, m.AmortizedCost, m.NetUnblendedCost, m.NetAmortizedCost, m.UsageQuantity].map((v) =>
        v?.Amount ? new Decimal(v.Amount) : ZERO,
      );
      const prev = rows.get(key);
      if (prev) {
        prev.sums = prev.sums.map((s, i) => s.plus(vals[i]!));
        continue;
      }
      rows.set(key, {
        usageDate: day,
        accountId: account,
        service,
        region,
        usageType,
        unblended: '',
        amortized: '',
        netUnblended: '',
        netAmortized: '',
        usageQuantity: '',
        usageUnit: m.UsageQuantity?.Unit && m.UsageQuantity.Unit !== 'N/A' ? m.UsageQuantity.Unit : '',
        currency,
        tags,
        source: 'ce',
        sums: vals,
      });
    }
  }
  return [...rows.values()].map(({ sums, ...row }) => ({
    ...row,
    unblended: sums[0]!.toFixed(6),
    amortized: sums[1]!.toFixed(6),
    netUnblended: sums[2]!.toFixed(6),
    netAmortized: sums[3]!.toFixed(6),
    usageQuantity: sums[4]!.toFixed(6),
  }));
}
