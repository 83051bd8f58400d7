import type { CostwatchClient, FrameDTO, WireQuery } from '../../api';
import { NotAvailableYet, sumMoney } from '../../components/common';
import { points, rows } from './frames';

/** UTC calendar day as YYYY-MM-DD, `offset` days from `now`. */
export function day(now: Date, offset = 0): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset));
  return d.toISOString().slice(0, 10);
}

export function monthStart(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
}

async function frames(client: CostwatchClient, range: { from: string; to: string }, q: Omit<WireQuery, 'refId'>) {
  const res = await client.query(range, [{ refId: 'A', ...q } as WireQuery]);
  return res.results.A?.frames ?? [];
}

export interface MonthToDate {
  total: number;
  daily: Array<[number, number]>;
}

/** Month-to-date unblended spend and its daily line. */
export async function monthToDate(client: CostwatchClient, now: Date): Promise<MonthToDate> {
  const fs = await frames(client, { from: monthStart(now), to: day(now) }, {
    type: 'cost',
    metric: 'unblended',
    granularity: 'day',
    groupBy: [],
    format: 'timeseries',
  });
  const daily = fs.flatMap((f) => points(f));
  return { total: sumMoney(daily.map((p) => p[1])), daily };
}

export interface Mover {
  service: string;
  current: number;
  previous: number;
  change: number;
}

/** Services whose spend changed most: the last 7 full days against the 7 before. */
export async function topMovers(client: CostwatchClient, now: Date, limit = 5): Promise<Mover[]> {
  const q = { type: 'cost', metric: 'unblended', granularity: 'total', groupBy: ['service'], format: 'table' };
  const [cur, prev] = await Promise.all([
    frames(client, { from: day(now, -7), to: day(now, -1) }, q),
    frames(client, { from: day(now, -14), to: day(now, -8) }, q),
  ]);
  const totals = (fs: FrameDTO[]) => {
    const m = new Map<string, number>();
    for (const r of fs.flatMap(rows)) {
      const v = Object.entries(r).find(([k, x]) => typeof x === 'number' && k !== 'time')?.[1] as number | undefined;
      m.set(String(r.service), sumMoney([m.get(String(r.service)), v]));
    }
    return m;
  };
  const [c, p] = [totals(cur), totals(prev)];
  return [...new Set([...c.keys(), ...p.keys()])]
    .map((service) => {
      const current = c.get(service) ?? 0;
      const previous = p.get(service) ?? 0;
      return { service, current, previous, change: sumMoney([current, -previous]) };
    })
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
    .slice(0, limit);
}

/** Runs a query type only if the backend announces it; otherwise "not available yet". */
export async function optionalType(
  client: CostwatchClient,
  types: string[],
  type: string,
  range: { from: string; to: string },
  extra: Record<string, unknown> = {}
): Promise<FrameDTO[]> {
  if (!types.includes(type)) throw new NotAvailableYet(`query type "${type}" is not offered by this backend`);
  return frames(client, range, { type, ...extra });
}
