import { addDays, parseIsoDate, type IsoDate } from '../../domain/time.js';

/**
 * Classical additive decomposition of a daily series into trend, weekly effect (by weekday),
 * monthly effect (by day of month) and remainder — see docs/forecasting.md for why classical
 * and not STL. Two refinements over the textbook version keep it honest on cost data:
 * seasonal indices are medians, so a one-day spike does not become a "Tuesday effect"; and a
 * few passes recompute the trend after removing the monthly effect, so a first-of-month
 * charge does not leak into the 7-day moving average around it.
 */
export interface Decomposition {
  trend: (number | null)[];
  weekly: number[];
  monthly: number[];
  remainder: (number | null)[];
  /** Effect by ISO weekday, Monday first. */
  weekdayEffects: number[];
  /** Effect by day of month 1..31 (index 0 is day 1). */
  dayOfMonthEffects: number[];
  /** 1 − Var(R)/Var(S+R), in [0,1] (Wang, Smith & Hyndman 2006). */
  strength: { weekly: number; monthly: number };
}

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function centredMa7(values: readonly number[]): (number | null)[] {
  return values.map((_, t) => {
    if (t < 3 || t + 3 >= values.length) return null;
    let s = 0;
    for (let k = -3; k <= 3; k++) s += values[t + k]!;
    return s / 7;
  });
}

function indices(detrended: (number | null)[], bucket: (t: number) => number, buckets: number, minCount: number): number[] {
  const groups: number[][] = Array.from({ length: buckets }, () => []);
  detrended.forEach((v, t) => {
    if (v !== null) groups[bucket(t)]!.push(v);
  });
  const raw = groups.map((g) => (g.length >= minCount ? median(g) : 0));
  // Centre over the days that carry the effect, weighted by how often each bucket occurs.
  const total = groups.reduce((a, g) => a + g.length, 0) || 1;
  const mean = raw.reduce((a, v, i) => a + v * groups[i]!.length, 0) / total;
  return raw.map((v, i) => (groups[i]!.length >= minCount ? v - mean : 0));
}

function variance(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, v) => a + (v - m) ** 2, 0) / (xs.length - 1);
}

export function decompose(start: IsoDate, values: readonly number[]): Decomposition {
  const first = parseIsoDate(start);
  const dow = (t: number) => (first.getUTCDay() + 6 + t) % 7;
  const dom = (t: number) => parseIsoDate(addDays(start, t)).getUTCDate() - 1;
  const domOf = values.map((_, t) => dom(t));
  const months = values.length / 30.4;
  let monthlyIdx = new Array<number>(31).fill(0);
  let weeklyIdx = new Array<number>(7).fill(0);
  let trend: (number | null)[] = [];
  for (let pass = 0; pass < 4; pass++) {
    const adjusted = values.map((v, t) => v - monthlyIdx[domOf[t]!]!);
    trend = centredMa7(adjusted);
    weeklyIdx = indices(trend.map((tr, t) => (tr === null ? null : adjusted[t]! - tr)), dow, 7, 2);
    // A day-of-month effect needs at least three months of that day to be told from noise.
    monthlyIdx =
      months >= 3
        ? indices(trend.map((tr, t) => (tr === null ? null : values[t]! - tr - weeklyIdx[dow(t)]!)), (t) => domOf[t]!, 31, 3)
        : new Array<number>(31).fill(0);
  }
  const weekly = values.map((_, t) => weeklyIdx[dow(t)]!);
  const monthly = values.map((_, t) => monthlyIdx[domOf[t]!]!);
  const remainder = values.map((v, t) => (trend[t] === null ? null : v - trend[t]! - weekly[t]! - monthly[t]!));
  const r = remainder.filter((v): v is number => v !== null);
  const withS = (s: number[]) => remainder.flatMap((v, t) => (v === null ? [] : [v + s[t]!]));
  const strength = (s: number[]) => {
    const vs = variance(withS(s));
    return vs > 0 ? Math.max(0, 1 - variance(r) / vs) : 0;
  };
  return {
    trend,
    weekly,
    monthly,
    remainder,
    weekdayEffects: weeklyIdx,
    dayOfMonthEffects: monthlyIdx,
    strength: { weekly: strength(weekly), monthly: strength(monthly) },
  };
}
