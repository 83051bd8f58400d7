import { parentPort } from 'node:worker_threads';
import { forecastSeries } from '../analytics/index.js';
import type { PoolTask } from './pool.js';

// One forecast per message; errors go back as messages so one bad series never kills the pool.
parentPort!.on('message', (t: PoolTask) => {
  try {
    const r = forecastSeries(t.values, t.horizon, t.options);
    parentPort!.postMessage({ seq: t.seq, result: { model: r.model, mean: r.mean, lo80: r.lo80, hi80: r.hi80, lo95: r.lo95, hi95: r.hi95, psi: r.psi, sigma2: r.sigma2, validationMase: r.validationMase } });
  } catch (err) {
    parentPort!.postMessage({ seq: t.seq, error: (err as Error).message });
  }
});
