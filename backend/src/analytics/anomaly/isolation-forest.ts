import { prng } from '../../domain/random.js';

/**
 * Isolation Forest (Liu, Ting & Zhou 2008): random axis-parallel splits isolate outliers in
 * fewer steps than ordinary points. Score 2^(−E[h(x)] / c(ψ)) in (0, 1]; ~0.5 is ordinary,
 * near 1 is isolated. Deterministic for a given seed.
 */
interface Node {
  feature: number;
  split: number;
  left?: Node;
  right?: Node;
  size: number;
}

export interface IsolationForestOptions {
  trees: number;
  sampleSize: number;
  seed: number;
}

const EULER = 0.5772156649;

/** Average path length of an unsuccessful BST search among n points. */
export function averagePath(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER) - (2 * (n - 1)) / n;
}

export class IsolationForest {
  private readonly trees: Node[] = [];
  private readonly psi: number;

  constructor(data: readonly (readonly number[])[], opts: Partial<IsolationForestOptions> = {}) {
    const o = { trees: 100, sampleSize: 256, seed: 1, ...opts };
    const rand = prng(o.seed);
    this.psi = Math.min(o.sampleSize, data.length);
    const limit = Math.ceil(Math.log2(Math.max(this.psi, 2)));
    for (let t = 0; t < o.trees; t++) {
      const sample: (readonly number[])[] = [];
      for (let i = 0; i < this.psi; i++) sample.push(data[Math.floor(rand() * data.length)]!);
      this.trees.push(build(sample, 0, limit, rand));
    }
  }

  score(x: readonly number[]): number {
    if (!this.trees.length || this.psi < 2) return 0.5;
    let total = 0;
    for (const tree of this.trees) total += pathLength(tree, x, 0);
    return 2 ** (-(total / this.trees.length) / averagePath(this.psi));
  }
}

function build(rows: (readonly number[])[], depth: number, limit: number, rand: () => number): Node {
  if (depth >= limit || rows.length <= 1) return { feature: -1, split: 0, size: rows.length };
  const dims = rows[0]!.length;
  // Try a few features: a constant one cannot split.
  for (let attempt = 0; attempt < dims * 2; attempt++) {
    const feature = Math.floor(rand() * dims);
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of rows) {
      lo = Math.min(lo, r[feature]!);
      hi = Math.max(hi, r[feature]!);
    }
    if (hi <= lo) continue;
    const split = lo + rand() * (hi - lo);
    const left = rows.filter((r) => r[feature]! < split);
    const right = rows.filter((r) => r[feature]! >= split);
    return { feature, split, size: rows.length, left: build(left, depth + 1, limit, rand), right: build(right, depth + 1, limit, rand) };
  }
  return { feature: -1, split: 0, size: rows.length };
}

function pathLength(node: Node, x: readonly number[], depth: number): number {
  if (node.feature < 0 || !node.left || !node.right) return depth + averagePath(node.size);
  return pathLength(x[node.feature]! < node.split ? node.left : node.right, x, depth + 1);
}
