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

/** The top cause of one dimension, if any. */
export function topCause(causes: readonly RootCause[], dimension: string): RootCause | undefined {
  return causes.filter((c) => c.dimension === dimension).sort((a, b) => b.share - a.share)[0];
}
