import { parentPort } from 'node:worker_threads';
import { StreamingDetector } from '../analytics/anomaly/index.js';

/** One detector per series this worker owns; batches arrive in input order, so state stays causal. */
const detectors = new Map<string, StreamingDetector>();

parentPort!.on('message', (m: { seq: number; series: string[]; values: number[] }) => {
  try {
    const scores = m.values.map((v, i) => {
      let d = detectors.get(m.series[i]!);
      if (!d) detectors.set(m.series[i]!, (d = new StreamingDetector()));
      return d.update(v);
    });
    parentPort!.postMessage({ seq: m.seq, scores });
  } catch (err) {
    parentPort!.postMessage({ seq: m.seq, error: (err as Error).message });
  }
});
