/**
 * Root cause of an aggregate anomaly: for each dimension (account, service, region, usage
 * type), each value's share of the total deviation (actual − expected over the anomalous
 * days). Values are ranked by their deviation in the direction of the anomaly, so for a
 * spike the value that grew most comes first even if others shrank a little.
 */
export interface ContributionInput {
  dimension: string;
  value: string;
  actual: number;
  expected: number;
}

export interface RootCause {
  dimension: string;
  value: string;
  actual: number;
  expected: number;
  deviation: number;
  /** deviation / total deviation of the anomaly (can exceed 1 when others moved the other way). */
  share: number;
}

export function rankRootCauses(rows: readonly ContributionInput[], totalDeviation: number, perDimension = 5): RootCause[] {
  const sign = totalDeviation >= 0 ? 1 : -1;
  const byDim = new Map<string, RootCause[]>();
  for (const r of rows) {
    const deviation = r.actual - r.expected;
    const list = byDim.get(r.dimension) ?? [];
    list.push({ ...r, deviation, share: totalDeviation !== 0 ? deviation / totalDeviation : 0 });
    byDim.set(r.dimension, list);
  }
  const out: RootCause[] = [];
  for (const list of byDim.values()) {
    list.sort((a, b) => sign * (b.deviation - a.deviation));
    out.push(...list.filter((c) => sign * c.deviation > 0).slice(0, perDimension));
  }
  // Strongest single explanation first, whatever its dimension.
  return out.sort((a, b) => b.share - a.share);
}

/** dimension → value → ISO day → amount. */
export type ContributionGrid = Map<string, Map<string, Map<string, number>>>;

export function addToGrid(grid: ContributionGrid, dimension: string, value: string, day: string, amount: number): void {
  const byValue = grid.get(dimension) ?? new Map<string, Map<string, number>>();
  grid.set(dimension, byValue);
  const byDay = byValue.get(value) ?? new Map<string, number>();
  byValue.set(value, byDay);
  byDay.set(day, (byDay.get(day) ?? 0) + amount);
}

/**
 * Root causes over the anomalous `days`: each value's expected amount per day is the median
 * of the same weekday 1–4 weeks earlier (`lagDays(day)`), as the detector's own baseline.
 * Shares are within each dimension, so they add up to 1 per dimension.
 */
export function rootCausesFromGrid(grid: ContributionGrid, days: readonly string[], lagDays: (day: string) => string[], perDimension = 5): RootCause[] {
  const out: RootCause[] = [];
  for (const [dimension, byValue] of grid) {
    const inputs: ContributionInput[] = [];
    let total = 0;
    for (const [value, byDay] of byValue) {
      let actual = 0;
      let expected = 0;
      for (const d of days) {
        actual += byDay.get(d) ?? 0;
        const lags = lagDays(d).map((l) => byDay.get(l) ?? 0).sort((a, b) => a - b);
        const m = lags.length >> 1;
        expected += lags.length ? (lags.length % 2 ? lags[m]! : (lags[m - 1]! + lags[m]!) / 2) : 0;
      }
      inputs.push({ dimension, value, actual, expected });
      total += actual - expected;
    }
    out.push(...rankRootCauses(inputs, total, perDimension));
  }
  return out.sort((a, b) => b.share - a.share);
}

/** The top cause of one dimension, if any. */
export function topCause(causes: readonly RootCause[], dimension: string): RootCause | undefined {
  return causes.filter((c) => c.dimension === dimension).sort((a, b) => b.share - a.share)[0];
}
