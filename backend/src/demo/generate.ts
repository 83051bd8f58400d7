import { gaussian, prng } from '../domain/random.js';
import type { CostRow } from '../store/costs.queries.js';
import { addDays, addMonths, daysBetween, eachDay, monthStart, parseIsoDate, type IsoDate } from '../domain/time.js';
import { DEMO_ACCOUNTS, DEMO_REGIONS, DEMO_SERVICES, DEMO_SPIKES, MONTH_START, NET_DISCOUNT } from './catalog.js';

const REGION_WEIGHT = [1, 0.45, 0.3, 0.15];
const money = (x: number) => x.toFixed(6);

/** 13 months ending yesterday: the current month so far and the twelve before it. */
export function demoWindow(today: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: addMonths(monthStart(today), -12), to: today };
}

function row(day: IsoDate, account: string, service: string, region: string, usageType: string, unblended: number, amortized: number, qty: number, unit: string, tags: Record<string, string>, discount: number): CostRow {
  return {
    usageDate: day,
    accountId: account,
    service,
    region,
    usageType,
    unblended: money(unblended),
    amortized: money(amortized),
    netUnblended: money(unblended * (1 - discount)),
    netAmortized: money(amortized * (1 - discount)),
    usageQuantity: qty.toFixed(6),
    usageUnit: unit,
    currency: 'USD',
    tags,
    source: 'demo',
  };
}

/**
 * Daily costs with weekly seasonality, growth, month-start charges (support, tax, reserved
 * fee: lump-sum unblended, spread when amortized) and the injected spikes in DEMO_SPIKES.
 */
export function generateDemoCosts(today: IsoDate, seed = 42): CostRow[] {
  const { from, to } = demoWindow(today);
  const days = eachDay(from, to);
  const n = days.length;
  const rand = prng(seed);
  const gauss = () => gaussian(rand);
  const spikes = DEMO_SPIKES.map((s) => ({ ...s, start: addDays(to, -s.daysAgo) }));
  const rows: CostRow[] = [];
  const monthTotals = new Map<string, number>(); // `${month}|${account}` → unblended

  days.forEach((day, t) => {
    const dow = parseIsoDate(day).getUTCDay();
    const weekday = dow >= 1 && dow <= 5;
    const month = monthStart(day);
    for (const a of DEMO_ACCOUNTS) {
      let dayTotal = 0;
      for (const s of DEMO_SERVICES) {
        const spike = spikes.find((x) => x.account === a.id && x.service === s.name && day >= x.start && daysBetween(x.start, day) < x.days);
        const level = s.base * a.scale * (1 + (s.growth * t) / n) * (weekday ? s.weekday : 1) * (spike ? spike.factor : 1);
        const regions = DEMO_REGIONS.slice(0, a.env === 'staging' ? Math.min(2, s.regions) : s.regions);
        regions.forEach((region, ri) => {
          for (const u of s.usageTypes) {
            const amount = Math.max(0, level * REGION_WEIGHT[ri]! * u.share * (1 + s.noise * gauss()));
            const tags: Record<string, string> = s.team === 'security' ? {} : { team: s.team, env: a.env };
            rows.push(row(day, a.id, s.name, region, u.name, amount, amount, amount / u.unitCost, u.unit, tags, NET_DISCOUNT));
            dayTotal += amount;
          }
        });
      }
      // Reserved instance fee: billed on the 1st, amortized across the month's days.
      if (a.id === DEMO_ACCOUNTS[0].id) {
        const r = MONTH_START.reserved;
        const daysInMonth = daysBetween(month, addMonths(month, 1));
        const lump = day === month ? r.monthly : 0;
        rows.push(row(day, a.id, r.name, DEMO_REGIONS[0], r.usageType, lump, r.monthly / daysInMonth, 24, 'Hrs', { team: 'platform', env: 'prod' }, NET_DISCOUNT));
        dayTotal += lump;
      }
      const key = `${month}|${a.id}`;
      monthTotals.set(key, (monthTotals.get(key) ?? 0) + dayTotal);
      if (day === month && t > 0) {
        const prev = monthTotals.get(`${addMonths(month, -1)}|${a.id}`) ?? 0;
        rows.push(row(day, a.id, MONTH_START.tax.name, 'global', 'Tax', prev * MONTH_START.tax.rate, prev * MONTH_START.tax.rate, 0, '', {}, 0));
        if (a.id === DEMO_ACCOUNTS[0].id) {
          const org = DEMO_ACCOUNTS.reduce((acc, x) => acc + (monthTotals.get(`${addMonths(month, -1)}|${x.id}`) ?? 0), 0);
          const fee = org * MONTH_START.support.rate;
          rows.push(row(day, a.id, MONTH_START.support.name, 'global', 'Dollar', fee, fee, 0, '', {}, NET_DISCOUNT));
        }
      }
    }
  });
  return rows;
}
