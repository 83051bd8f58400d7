/** Calendar helpers on UTC dates written as YYYY-MM-DD (AWS bills in UTC days). */
const DAY_MS = 86_400_000;

export type IsoDate = string;

export function toIsoDate(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function parseIsoDate(s: string): Date {
  return new Date(`${s.slice(0, 10)}T00:00:00.000Z`);
}

export function addDays(date: IsoDate, n: number): IsoDate {
  return toIsoDate(new Date(parseIsoDate(date).getTime() + n * DAY_MS));
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((parseIsoDate(to).getTime() - parseIsoDate(from).getTime()) / DAY_MS);
}

export function monthStart(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
}

export function addMonths(date: IsoDate, n: number): IsoDate {
  const d = parseIsoDate(date);
  return toIsoDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
}

/** Month starts covering [from, to): every month that holds at least one day of the range. */
export function monthsCovering(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let m = monthStart(from); m < to; m = addMonths(m, 1)) out.push(m);
  return out;
}

export function weekStart(date: IsoDate): IsoDate {
  // ISO weeks start on Monday.
  const dow = (parseIsoDate(date).getUTCDay() + 6) % 7;
  return addDays(date, -dow);
}

export function todayUtc(now: Date = new Date()): IsoDate {
  return toIsoDate(now);
}

export function eachDay(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) out.push(d);
  return out;
}
