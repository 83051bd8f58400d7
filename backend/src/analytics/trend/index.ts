import { addDays, addMonths, daysBetween, monthStart, type IsoDate } from '../../domain/time.js';

/** Trailing moving average; null until the window is full (no half-window averages on charts). */
export function movingAverage(values: readonly number[], window: number): (number | null)[] {
  let acc = 0;
  return values.map((v, i) => {
    acc += v;
    if (i >= window) acc -= values[i - window]!;
    return i >= window - 1 ? acc / window : null;
  });
}

/** Student-t quantile for the normal quantile z, by the Cornish–Fisher expansion around the normal (good to ~1e-3 for ν ≥ 5). */
export function tQuantile(dof: number, z: number): number {
  if (!Number.isFinite(dof) || dof > 1e6) return z;
  const z3 = z ** 3;
  const z5 = z ** 5;
  return z + (z3 + z) / (4 * dof) + (5 * z5 + 16 * z3 + 3 * z) / (96 * dof ** 2) + (3 * z ** 7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * dof ** 3);
}

export interface Regression {
  /** Change per day, in the series' unit. */
  slope: number;
  intercept: number;
  /** Standard error of the slope. */
  stderr: number;
  /** 95 % confidence interval of the slope. */
  ci95: [number, number];
  tStat: number;
  r2: number;
  n: number;
  /** Whether the 95 % interval excludes zero. */
  significant: boolean;
}

/** Ordinary least squares of value on day index. */
export function linearRegression(values: readonly number[]): Regression {
  const n = values.length;
  if (n < 3) return { slope: 0, intercept: values[0] ?? 0, stderr: NaN, ci95: [NaN, NaN], tStat: NaN, r2: NaN, n, significant: false };
  const tm = (n - 1) / 2;
  const ym = values.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t - tm) * (values[t]! - ym);
    sxx += (t - tm) ** 2;
    syy += (values[t]! - ym) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = ym - slope * tm;
  const sse = Math.max(0, syy - slope * sxy);
  const stderr = Math.sqrt(sse / (n - 2) / sxx);
  const q = tQuantile(n - 2, 1.959963984540054);
  const tStat = stderr > 0 ? slope / stderr : slope === 0 ? 0 : Infinity;
  const ci95: [number, number] = [slope - q * stderr, slope + q * stderr];
  return { slope, intercept, stderr, ci95, tStat, r2: syy > 0 ? 1 - sse / syy : 1, n, significant: ci95[0] > 0 || ci95[1] < 0 };
}

export interface PeriodChange {
  current: { from: IsoDate; to: IsoDate; total: number };
  previous: { from: IsoDate; to: IsoDate; total: number };
  /** (current − previous) / previous, null when previous is zero. */
  change: number | null;
}

function total(start: IsoDate, values: readonly number[], from: IsoDate, to: IsoDate): number | undefined {
  const a = daysBetween(start, from);
  const b = daysBetween(start, to);
  if (a < 0 || b > values.length) return undefined;
  let s = 0;
  for (let i = a; i < b; i++) s += values[i]!;
  return s;
}

function change(start: IsoDate, values: readonly number[], cur: [IsoDate, IsoDate], prev: [IsoDate, IsoDate]): PeriodChange | null {
  const c = total(start, values, ...cur);
  const p = total(start, values, ...prev);
  if (c === undefined || p === undefined) return null;
  return {
    current: { from: cur[0], to: cur[1], total: c },
    previous: { from: prev[0], to: prev[1], total: p },
    change: p !== 0 ? (c - p) / p : null,
  };
}

export interface TrendAnalysis {
  ma7: (number | null)[];
  ma30: (number | null)[];
  regression: Regression;
  /** Fitted regression line over the window. */
  line: number[];
  /** Last complete calendar month against the one before. */
  monthOverMonth: PeriodChange | null;
  /** Month to date against the same days of the previous month (null on the 1st). */
  monthToDate: PeriodChange | null;
  /** Last complete calendar month against the same month a year earlier. */
  yearOverYear: PeriodChange | null;
}

/** `values` are daily, starting at `start`; `end` (exclusive) is start + values.length. */
export function analyzeTrend(start: IsoDate, values: readonly number[], opts: { regressionDays?: number } = {}): TrendAnalysis {
  const end = addDays(start, values.length);
  const window = Math.min(values.length, opts.regressionDays ?? values.length);
  const regression = linearRegression(values.slice(values.length - window));
  const offset = values.length - window;
  const line = values.map((_, i) => regression.intercept + regression.slope * (i - offset));
  const thisMonth = monthStart(end);
  const lastFull = addMonths(thisMonth, -1);
  const mtdDays = daysBetween(thisMonth, end);
  const prevMonth = addMonths(thisMonth, -1);
  return {
    ma7: movingAverage(values, 7),
    ma30: movingAverage(values, 30),
    regression,
    line,
    monthOverMonth: change(start, values, [lastFull, thisMonth], [addMonths(lastFull, -1), lastFull]),
    monthToDate:
      mtdDays > 0
        ? change(start, values, [thisMonth, end], [prevMonth, addDays(prevMonth, Math.min(mtdDays, daysBetween(prevMonth, thisMonth)))])
        : null,
    yearOverYear: change(start, values, [lastFull, thisMonth], [addMonths(lastFull, -12), addMonths(thisMonth, -12)]),
  };
}
