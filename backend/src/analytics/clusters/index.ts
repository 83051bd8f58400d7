/**
 * Usage patterns: each series (a service, an account) becomes a small profile vector, the
 * profiles are grouped with k-means (k-means++ seeding, deterministic), and each cluster gets
 * a readable label from its centroid: growing, spiky, batch, weekday-heavy or steady.
 *
 * Profile (all scale-free, so a $10/day and a $10,000/day service with the same shape match):
 * - weekly shape: mean by weekday / overall mean (7 values), i.e. normalised weekly profile;
 * - monthly shape: mean by third of the month / overall mean (3 values);
 * - growth: least-squares slope over the window, as a fraction of the mean per 30 days;
 * - spikiness: share of days above median + 4 robust sigmas;
 * - batch: share of days near zero among days with cost (on/off workloads).
 */
export interface ProfileInput {
  key: string;
  /** Daily values, first day `start` (YYYY-MM-DD). */
  start: string;
  values: readonly number[];
}

export interface UsageProfile {
  key: string;
  weekly: number[];
  monthly: number[];
  growth: number;
  spikiness: number;
  batch: number;
  mean: number;
}

export type PatternLabel = 'steady' | 'weekday-heavy' | 'growing' | 'spiky' | 'batch';

export interface Cluster {
  id: number;
  label: PatternLabel;
  members: string[];
  centroid: number[];
}

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  if (!s.length) return 0;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function profileOf(input: ProfileInput): UsageProfile {
  const v = input.values;
  const mean = v.reduce((a, b) => a + b, 0) / Math.max(v.length, 1);
  const t0 = Date.parse(`${input.start}T00:00:00Z`);
  const week = new Array<number>(7).fill(0);
  const weekN = new Array<number>(7).fill(0);
  const month = [0, 0, 0];
  const monthN = [0, 0, 0];
  v.forEach((x, i) => {
    const d = new Date(t0 + i * 86_400_000);
    week[d.getUTCDay()]! += x;
    weekN[d.getUTCDay()]!++;
    const third = Math.min(2, Math.floor((d.getUTCDate() - 1) / 10));
    month[third]! += x;
    monthN[third]!++;
  });
  const norm = (s: number[], n: number[]) => s.map((x, i) => (mean > 0 && n[i]! > 0 ? x / n[i]! / mean : 1));
  // Slope by least squares, as a fraction of the mean per 30 days.
  const n = v.length;
  const xm = (n - 1) / 2;
  let sxy = 0;
  let sxx = 0;
  v.forEach((y, i) => {
    sxy += (i - xm) * (y - mean);
    sxx += (i - xm) ** 2;
  });
  const growth = mean > 0 && sxx > 0 ? ((sxy / sxx) * 30) / mean : 0;
  const med = median(v);
  const mad = 1.4826 * median(v.map((x) => Math.abs(x - med)));
  const spikiness = n ? v.filter((x) => x > med + 4 * Math.max(mad, med * 0.05)).length / n : 0;
  const active = v.filter((x) => x > 0);
  const batch = active.length ? v.filter((x) => x < mean * 0.1).length / n : 0;
  return { key: input.key, weekly: norm(week, weekN), monthly: norm(month, monthN), growth, spikiness, batch, mean };
}

/** The vector k-means works on; weights make each trait count comparably. */
export function featureVector(p: UsageProfile): number[] {
  return [...p.weekly.map((x) => x * 2), ...p.monthly.map((x) => x * 2), p.growth * 20, p.spikiness * 20, p.batch * 5];
}

function dist2(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

/** k-means with deterministic k-means++ seeding (farthest-point, no randomness). */
export function kmeans(points: readonly (readonly number[])[], k: number, iterations = 50): { assignment: number[]; centroids: number[][] } {
  if (!points.length) return { assignment: [], centroids: [] };
  k = Math.max(1, Math.min(k, points.length));
  const centroids: number[][] = [[...points[0]!]];
  while (centroids.length < k) {
    let best = 0;
    let bestD = -1;
    points.forEach((p, i) => {
      const d = Math.min(...centroids.map((c) => dist2(p, c)));
      if (d > bestD) (bestD = d), (best = i);
    });
    centroids.push([...points[best]!]);
  }
  let assignment = new Array<number>(points.length).fill(0);
  for (let it = 0; it < iterations; it++) {
    const next = points.map((p) => {
      let bi = 0;
      centroids.forEach((c, i) => {
        if (dist2(p, c) < dist2(p, centroids[bi]!)) bi = i;
      });
      return bi;
    });
    const changed = next.some((a, i) => a !== assignment[i]);
    assignment = next;
    centroids.forEach((c, ci) => {
      const members = points.filter((_, i) => assignment[i] === ci);
      if (members.length) for (let d = 0; d < c.length; d++) c[d] = members.reduce((a, m) => a + m[d]!, 0) / members.length;
    });
    if (!changed && it > 0) break;
  }
  return { assignment, centroids };
}

/** A readable label from the mean profile of a cluster's members (checked in this order). */
export function labelOf(members: readonly UsageProfile[]): PatternLabel {
  const avg = (f: (p: UsageProfile) => number) => members.reduce((a, p) => a + f(p), 0) / Math.max(members.length, 1);
  if (avg((p) => p.batch) >= 0.3) return 'batch';
  if (avg((p) => p.spikiness) >= 0.02) return 'spiky';
  if (avg((p) => p.growth) >= 0.03) return 'growing';
  const weekday = avg((p) => (p.weekly.slice(1, 6).reduce((a, b) => a + b, 0) / 5) / Math.max((p.weekly[0]! + p.weekly[6]!) / 2, 1e-9));
  if (weekday >= 1.1) return 'weekday-heavy';
  return 'steady';
}

/** Clusters series by usage shape; k defaults to min(5, √n rounded up). */
export function clusterProfiles(inputs: readonly ProfileInput[], k?: number): { clusters: Cluster[]; profiles: UsageProfile[] } {
  const profiles = inputs.filter((i) => i.values.some((v) => v > 0)).map(profileOf);
  const kk = k ?? Math.min(5, Math.ceil(Math.sqrt(profiles.length)));
  const { assignment, centroids } = kmeans(profiles.map(featureVector), kk);
  const clusters: Cluster[] = centroids.map((centroid, id) => {
    const members = profiles.filter((_, i) => assignment[i] === id);
    return { id, label: labelOf(members), members: members.map((m) => m.key), centroid };
  });
  return { clusters: clusters.filter((c) => c.members.length), profiles };
}
