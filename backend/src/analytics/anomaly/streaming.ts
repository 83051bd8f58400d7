/**
 * Streaming detector for arbitrary numeric series (the `costwatch detect` CLI and the NAB
 * evaluation): each point's score uses only the points before and at it.
 *
 * Two stages, as in Numenta's anomaly likelihood: a raw surprise per point (distance of the
 * latest stretch of values to its nearest neighbour among earlier stretches, as KNN-CAD does,
 * plus how far the value lands beyond the range seen so far),
 * then how unusual the short average of that surprise is against its long-run distribution,
 * mapped through a logistic (no saturation, so the NAB threshold sweep can rank every point).
 * After an alarm the following points are damped, so one event raises one alarm (NAB charges
 * every extra detection outside a window). Defaults were chosen on the NAB subset in
 * ../shared/data/nab with scripts/eval-anomaly.ts (see docs/anomalies.md).
 */
export interface StreamingOptions {
  /** Points seen before any score above 0.5 can be emitted. */
  warmup: number;
  /** Long window of raw scores the short average is compared with. */
  longWindow: number;
  /** Short window averaged for the likelihood. */
  shortWindow: number;
  /** After an alarm, later scores are damped for this many points (one alarm per event). */
  refractory: number;
  /** Embedding length: a point is described by the last `embed` values. */
  embed: number;
  /** How many past embeddings the nearest-neighbour search looks at. */
  history: number;
  /** Nearest neighbours averaged. */
  k: number;
  /** Score at and above which a point is an alarm (starts the refractory period). */
  alarm: number;
  /** z of the short-window surprise mapped to score 0.5, and the logistic's scale. */
  z0: number;
  zScale: number;
  /** Weight of how far a value lands beyond the range seen so far (a new high or low). */
  extreme: number;
}

export const STREAMING_DEFAULTS: StreamingOptions = { warmup: 150, longWindow: 400, shortWindow: 3, refractory: 60, embed: 10, history: 3000, k: 1, alarm: 0.8, z0: 3, zScale: 1, extreme: 40 };

class Ring {
  private readonly buf: Float64Array;
  private start = 0;
  length = 0;
  constructor(readonly capacity: number) {
    this.buf = new Float64Array(capacity);
  }
  push(v: number): void {
    if (this.length < this.capacity) this.buf[(this.start + this.length++) % this.capacity] = v;
    else {
      this.buf[this.start] = v;
      this.start = (this.start + 1) % this.capacity;
    }
  }
  at(i: number): number {
    return this.buf[(this.start + i) % this.capacity]!;
  }
  values(): number[] {
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.at(i);
    return out;
  }
}

export class StreamingDetector {
  private readonly opts: StreamingOptions;
  private readonly raws: Ring;
  private seen = 0;
  private sinceAlarm = Infinity;
  private readonly past: Ring;
  private lo = Infinity;
  private hi = -Infinity;

  constructor(opts: Partial<StreamingOptions> = {}) {
    this.opts = { ...STREAMING_DEFAULTS, ...opts };
    this.past = new Ring(this.opts.history + this.opts.embed * 2);
    this.raws = new Ring(this.opts.longWindow);
  }

  /** Scores one point in [0, 1]; call in time order. */
  update(value: number): number {
    const raw = this.knnScore(value);
    this.lo = Math.min(this.lo, value);
    this.hi = Math.max(this.hi, value);
    this.seen++;
    this.raws.push(raw);
    const score = this.likelihood();
    this.sinceAlarm++;
    if (this.seen < this.opts.warmup) return Math.min(score, 0.5);
    if (this.sinceAlarm <= this.opts.refractory) return score * 0.5;
    if (score >= this.opts.alarm) this.sinceAlarm = 0;
    return score;
  }

  /**
   * Distance from the last `embed` values (ending with this one) to their nearest neighbours
   * among earlier stretches, in units of the range seen so far: a shape the series has shown
   * before (a daily cycle, a usual burst) is not surprising; a new one is.
   */
  private knnScore(value: number): number {
    this.past.push(value);
    const { embed, k } = this.opts;
    const n = this.past.length;
    if (n < embed * 3) return 0;
    const lo = Math.min(this.lo, value);
    const range = Math.max(Math.max(this.hi, value) - lo, 1e-9);
    const q = new Float64Array(embed);
    for (let j = 0; j < embed; j++) q[j] = this.past.at(n - embed + j);
    const best = new Array<number>(k).fill(Infinity);
    // Candidates end at least `embed` points before the query so they do not overlap it.
    for (let end = embed; end <= n - embed; end++) {
      let d = 0;
      for (let j = 0; j < embed && d < best[k - 1]!; j++) {
        const diff = q[j]! - this.past.at(end - embed + j);
        d += diff * diff;
      }
      if (d < best[k - 1]!) {
        best[k - 1] = d;
        best.sort((a, b) => a - b);
      }
    }
    let sum = 0;
    let m = 0;
    for (const b of best) if (b < Infinity) (sum += Math.sqrt(b / embed)), m++;
    // A value beyond anything seen before is surprising even when its shape is familiar.
    const beyond = Number.isFinite(this.hi) ? Math.max(0, value - this.hi, this.lo - value) / range : 0;
    return (m ? sum / m / range : 0) + this.opts.extreme * beyond;
  }

  private likelihood(): number {
    const n = this.raws.length;
    if (n < 20) return 0;
    const all = this.raws.values();
    const k = Math.min(this.opts.shortWindow, n);
    let short = 0;
    for (let i = n - k; i < n; i++) short += all[i]!;
    short /= k;
    let mean = 0;
    for (const v of all) mean += v;
    mean /= n;
    let v2 = 0;
    for (const v of all) v2 += (v - mean) ** 2;
    const sd = Math.max(Math.sqrt(v2 / n), 1e-6);
    const z = (short - mean) / sd;
    return 1 / (1 + Math.exp(-(z - this.opts.z0) / this.opts.zScale));
  }
}

/** Scores a whole series point by point (each score sees only the past). */
export function detectStream(values: readonly number[], opts: Partial<StreamingOptions> = {}): number[] {
  const d = new StreamingDetector(opts);
  return values.map((v) => d.update(v));
}
