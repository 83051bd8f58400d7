/**
 * The Numenta Anomaly Benchmark's scoring rules, written from NAB's documentation and its
 * sweeper (standard profile: TP 1, FP 0.11, FN 1). Each row gets a weight from its position
 * relative to the labelled windows (scaled sigmoid: early in a window ≈ +1, just after a
 * window ≈ 0, far from any window = −fp). A threshold turns scores into detections: each
 * window counts its best (earliest) detection or −fn if missed; every detection outside a
 * window adds its (negative) weight. The first min(15 % of rows, 750) rows are probationary
 * and ignored.
 */
export interface NabProfile {
  tp: number;
  fp: number;
  fn: number;
}

export const NAB_STANDARD: NabProfile = { tp: 1, fp: 0.11, fn: 1 };

export function scaledSigmoid(position: number): number {
  if (position >= 3) return -1;
  return 2 / (1 + Math.exp(5 * position)) - 1;
}

export function probationaryLength(rows: number, percent = 0.15): number {
  return Math.min(Math.floor(percent * rows), percent * 5000);
}

/** Per-row weight and window membership: window index, -1 outside any window, -2 probationary. */
export interface NabRows {
  weight: Float64Array;
  window: Int32Array;
  /** Windows that hold at least one scorable row (only those can be missed). */
  windows: number;
}

/** `timestamps` and window bounds in epoch ms; a window opens on the row equal to its start. */
export function nabRows(timestamps: readonly number[], windows: readonly (readonly [number, number])[], profile = NAB_STANDARD): NabRows {
  const n = timestamps.length;
  const weight = new Float64Array(n);
  const window = new Int32Array(n);
  const index = new Map<number, number>();
  timestamps.forEach((t, i) => index.set(t, i));
  const maxTp = scaledSigmoid(-1);
  const probation = probationaryLength(n);
  const pending = [...windows];
  let cur = -1;
  let curRight = -1;
  let curWidth = 0;
  let prevRight = -1;
  let prevWidth = 0;
  let nextName = 0;
  const named = new Set<number>();
  for (let i = 0; i < n; i++) {
    const t = timestamps[i]!;
    if (pending.length && t === pending[0]![0]) {
      const w = pending.shift()!;
      cur = nextName++;
      curRight = index.get(w[1]) ?? n - 1;
      curWidth = curRight - i + 1;
    }
    if (cur >= 0) {
      const pos = -(curRight - i + 1) / curWidth;
      weight[i] = (scaledSigmoid(pos) * profile.tp) / maxTp;
    } else {
      const past = prevRight < 0 ? 3 : Math.abs(prevRight - i) / (prevWidth - 1);
      weight[i] = scaledSigmoid(past) * profile.fp;
    }
    window[i] = i < probation ? -2 : cur;
    if (i >= probation && cur >= 0) named.add(cur);
    if (cur >= 0 && i === curRight) {
      prevRight = i;
      prevWidth = curWidth;
      cur = -1;
    }
  }
  return { weight, window, windows: named.size };
}

export interface NabThresholdScore {
  threshold: number;
  score: number;
  tp: number;
  fp: number;
  fn: number;
}

/** Score of one file when every row with score >= threshold is a detection. */
export function nabScoreAt(rows: NabRows, scores: ArrayLike<number>, threshold: number, profile = NAB_STANDARD): NabThresholdScore {
  const best = new Map<number, number>();
  let fpSum = 0;
  let fp = 0;
  for (let i = 0; i < scores.length; i++) {
    const w = rows.window[i]!;
    if (w === -2 || scores[i]! < threshold) continue;
    if (w === -1) {
      fpSum += rows.weight[i]!;
      fp++;
    } else best.set(w, Math.max(best.get(w) ?? -Infinity, rows.weight[i]!));
  }
  let score = fpSum;
  const scorable = new Set<number>();
  for (let i = 0; i < scores.length; i++) if (rows.window[i]! >= 0) scorable.add(rows.window[i]!);
  for (const w of scorable) score += Math.max(best.get(w) ?? -profile.fn, -profile.fn);
  return { threshold, score, tp: best.size, fp, fn: scorable.size - best.size };
}

/**
 * The corpus score at every distinct threshold (NAB picks one threshold for all files).
 * Sweeps all rows of all files from the highest score down, as NAB's optimiser does.
 */
export function nabSweep(files: { rows: NabRows; scores: ArrayLike<number> }[], profile = NAB_STANDARD): NabThresholdScore[] {
  const all: { s: number; f: number; i: number }[] = [];
  const best: Map<number, number>[] = files.map(() => new Map());
  let score = 0;
  let windows = 0;
  files.forEach((file, f) => {
    const scorable = new Set<number>();
    for (let i = 0; i < file.scores.length; i++) {
      const w = file.rows.window[i]!;
      if (w === -2) continue;
      if (w >= 0) scorable.add(w);
      all.push({ s: file.scores[i]!, f, i });
    }
    windows += scorable.size;
    score -= scorable.size * profile.fn;
  });
  all.sort((a, b) => b.s - a.s);
  const out: NabThresholdScore[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < all.length; k++) {
    const { s, f, i } = all[k]!;
    const rows = files[f]!.rows;
    const w = rows.window[i]!;
    if (w === -1) {
      score += rows.weight[i]!;
      fp++;
    } else {
      const prev = best[f]!.get(w);
      if (prev === undefined) tp++;
      const old = prev ?? -profile.fn;
      const next = Math.max(old, rows.weight[i]!);
      best[f]!.set(w, next);
      score += next - old;
    }
    if (k === all.length - 1 || all[k + 1]!.s !== s) out.push({ threshold: s, score, tp, fp, fn: windows - tp });
  }
  return out;
}

/** NAB's normalisation: 0 for the null detector (every window missed), 100 for a perfect one. */
export function nabNormalise(score: number, windows: number, profile = NAB_STANDARD): number {
  const nul = -windows * profile.fn;
  const perfect = windows * profile.tp;
  return (100 * (score - nul)) / (perfect - nul);
}
