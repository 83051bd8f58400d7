import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Forecaster, ModelForecast, SarimaOrder } from './types.js';

interface ArimaInstance {
  train(ts: number[]): ArimaInstance;
  predict(h: number): [number[], number[]];
  destroy(): void;
}
type ArimaCtor = new (opts: Record<string, unknown>) => ArimaInstance;

let ctor: ArimaCtor | undefined;

/**
 * Loads the `arima` package's WASM module with its print hooks silenced: the package writes
 * "non-stationary AR part" and similar to stdout even with verbose:false, which would corrupt
 * CLI output. Building the module ourselves (its own index.js does the same three requires)
 * avoids patching process.stdout around every fit.
 */
function arima(): ArimaCtor {
  if (ctor) return ctor;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('arima'));
  const Module = require(join(dir, 'wasm/native-sync.js')) as (o: Record<string, unknown>) => unknown;
  const bin = require(join(dir, 'wrapper/native.bin.js')) as unknown;
  const load = require(join(dir, 'load.js')) as (m: unknown) => ArimaCtor;
  const quiet = () => {};
  ctor = load(Module({ wasmBinary: bin, print: quiet, printErr: quiet }));
  return ctor;
}

export function orderName(o: SarimaOrder, s: number): string {
  return `sarima(${o.p},${o.d},${o.q})(${o.P},${o.D},${o.Q})${o.P + o.D + o.Q > 0 ? s : ''}`;
}

/**
 * SARIMA through `arima` (CSS estimation: ~1 ms per fit on 400 points, where exact ML takes
 * ~40 ms for the same forecasts to three digits). Orders are chosen by the caller over a grid,
 * never by the package's auto mode (see GUIDE). The package reports the h-step MSE; ψ-weights
 * are recovered from its increments, which fixes their magnitude and assumes positive signs
 * (true for the integrated models of the grid, whose ψ approach 1).
 */
export function sarimaForecaster(order: SarimaOrder, season: number): Forecaster {
  const seasonal = season > 1 && order.P + order.D + order.Q > 0;
  const o = seasonal ? order : { ...order, P: 0, D: 0, Q: 0 };
  return {
    name: 'sarima',
    forecast(y, h): ModelForecast {
      const s = seasonal ? season : 0;
      const minLength = o.d + s * o.D + Math.max(o.p + o.q, 2 * s, 10) + 2 * s + 4;
      if (y.length < minLength) throw new Error(`sarima needs at least ${minLength} observations`);
      const Arima = arima();
      const model = new Arima({ ...o, s, method: 2, optimizer: 6, verbose: false });
      let pred: number[];
      let mse: number[];
      try {
        [pred, mse] = model.train(y.slice()).predict(h);
      } finally {
        model.destroy();
      }
      if (!pred.every(Number.isFinite) || !mse.every((v) => Number.isFinite(v) && v >= 0) || !(mse[0]! > 0)) {
        throw new Error('sarima fit did not converge');
      }
      // Guard against runaway fits (explosive roots found by CSS on short windows).
      const scale = Math.max(...y.map(Math.abs), 1);
      if (pred.some((v) => Math.abs(v) > 20 * scale)) throw new Error('sarima forecast diverges');
      const sigma2 = mse[0]!;
      const psi = mse.map((v, j) => (j === 0 ? 1 : Math.sqrt(Math.max(0, v - mse[j - 1]!) / sigma2)));
      return { model: orderName(o, season), params: { ...o, s }, mean: pred, psi, sigma2 };
    },
  };
}

export const DAILY_SARIMA_GRID: SarimaOrder[] = [
  { p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1 },
  { p: 1, d: 0, q: 1, P: 0, D: 1, Q: 1 },
];

/** Wider grid for callers with time to spare (one order adds ~6 ms per fit on 400 days). */
export const DAILY_SARIMA_GRID_WIDE: SarimaOrder[] = [...DAILY_SARIMA_GRID, { p: 1, d: 1, q: 1, P: 0, D: 1, Q: 1 }];

export const NONSEASONAL_SARIMA_GRID: SarimaOrder[] = [
  { p: 0, d: 1, q: 1, P: 0, D: 0, Q: 0 },
  { p: 1, d: 1, q: 0, P: 0, D: 0, Q: 0 },
  { p: 1, d: 1, q: 1, P: 0, D: 0, Q: 0 },
];
