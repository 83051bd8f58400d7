/**
 * npm run eval:forecast — forecast accuracy and interval honesty, printed as Markdown.
 *  1. M4 Weekly (../shared/data/m4 or M4_DIR): sMAPE, MASE, OWA exactly as the M4 organisers
 *     define them, next to the published Naive2/SES/Theta/Comb rows, plus our own Naive2 and
 *     Theta replicas as a check of the metric code.
 *  2. Synthetic daily costs with known truth (analytics/forecast/synthetic.ts): MASE against
 *     seasonal naive, coverage of the 80 %/95 % daily intervals and of the 28-day total's
 *     interval (and, for contrast, of the naive "sum of daily bounds").
 *  3. Run time of 1,000 series × 400 days on worker threads, with a reference measured in the
 *     same run (the same series through seasonal naive only) because the machine is shared.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coverage, mase, owa, seasonalNaiveForecaster, smape, sumInterval, syntheticCostSeries, thetaForecaster } from '../src/analytics/index.js';
import { ForecastPool } from '../src/forecasting/pool.js';

const M4_DIR = process.env.M4_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/m4');
const SYN_COUNT = Number(process.env.EVAL_SYNTHETIC_SERIES ?? 1000);
const SYN_TRAIN = 400;
const SYN_H = 28;
const workers = Math.max(1, Math.min(availableParallelism(), Number(process.env.EVAL_WORKERS ?? 2)));
const f3 = (v: number) => v.toFixed(3);
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

function readM4(file: string): number[][] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').slice(1).map((v) => v.replace(/"/g, '')).filter((v) => v !== '').map(Number));
}

function published(): Map<string, { smape: number; mase: number; owa: number }> {
  const lines = readFileSync(`${M4_DIR}/reference/m4_point_forecasts_by_frequency_extracted.csv`, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const col = header.indexOf('Weekly');
  const out = new Map<string, { smape: number; mase: number; owa: number }>();
  for (const l of lines.slice(1)) {
    const cells = l.match(/("[^"]*"|[^,]+)/g) ?? [];
    const [method, , metric] = cells;
    if (!['Naive2', 'SES', 'Theta', 'Com'].includes(method!)) continue;
    const row = out.get(method!) ?? { smape: NaN, mase: NaN, owa: NaN };
    (row as Record<string, number>)[metric!.toLowerCase()] = Number(cells[col]);
    out.set(method!, row);
  }
  return out;
}

async function m4(pool: ForecastPool) {
  const train = readM4(`${M4_DIR}/Weekly-train.csv`);
  const test = readM4(`${M4_DIR}/Weekly-test.csv`);
  const h = 13;
  const started = Date.now();
  // M4 treats weekly data as non-seasonal (frequency 1): Naive2 = naive, Theta without adjustment.
  const ours = await Promise.all(train.map((y) => pool.forecast(y, h, { season: 1, origins: 2, validationHorizon: h })));
  const seconds = (Date.now() - started) / 1000;
  const score = (fc: (i: number) => number[]) => {
    let s = 0;
    let m = 0;
    train.forEach((y, i) => {
      s += smape(test[i]!, fc(i));
      m += mase(y, test[i]!, fc(i), 1);
    });
    return { smape: s / train.length, mase: m / train.length };
  };
  const naive2 = score((i) => seasonalNaiveForecaster(1).forecast(train[i]!, h).mean);
  const theta = score((i) => thetaForecaster(1).forecast(train[i]!, h).mean);
  const mine = score((i) => ours[i]!.mean);
  const pub = published();
  console.log(`\n### M4 Weekly (${train.length} series, horizon ${h})\n`);
  console.log('| method | sMAPE | MASE | OWA |\n|---|---|---|---|');
  for (const [name, key] of [['Naive2 (published)', 'Naive2'], ['SES (published)', 'SES'], ['Theta (published)', 'Theta'], ['Comb (published)', 'Com']] as const) {
    const r = pub.get(key)!;
    console.log(`| ${name} | ${f3(r.smape)} | ${f3(r.mase)} | ${f3(r.owa)} |`);
  }
  console.log(`| Naive2 (ours, metric check) | ${f3(naive2.smape)} | ${f3(naive2.mase)} | ${f3(owa(naive2, naive2))} |`);
  console.log(`| Theta (ours) | ${f3(theta.smape)} | ${f3(theta.mase)} | ${f3(owa(theta, naive2))} |`);
  console.log(`| **CostWatch race** | **${f3(mine.smape)}** | **${f3(mine.mase)}** | **${f3(owa(mine, naive2))}** |`);
  const models: Record<string, number> = {};
  for (const r of ours) models[r.model.replace(/\(.*/, '')] = (models[r.model.replace(/\(.*/, '')] ?? 0) + 1;
  console.log(`\nTarget: OWA below Theta's 0.971. Chosen models: ${JSON.stringify(models)}; ${seconds.toFixed(1)} s on ${pool.size} worker threads.`);
  if (process.env.EVAL_R === '1') {
    console.log('\n| side by side | sMAPE | MASE | OWA |\n|---|---|---|---|');
    rSideBySide(train, test, naive2);
  }
}

// R forecast's ets() and auto.arima() on the same M4 series (EVAL_R=1; apt-get install r-base-core r-cran-forecast).
const R_SCRIPT = `
suppressMessages({ library(forecast); library(parallel) })
args <- commandArgs(trailingOnly = TRUE)
train <- read.csv(args[1], stringsAsFactors = FALSE)
t0 <- Sys.time()
rows <- mclapply(seq_len(nrow(train)), function(i) {
  y <- as.numeric(train[i, -1]); y <- y[!is.na(y)]
  rbind(c('ets', i, forecast(ets(y), h = 13)$mean), c('auto.arima', i, forecast(auto.arima(y), h = 13)$mean))
}, mc.cores = as.integer(args[3]))
write.table(do.call(rbind, rows), args[2], sep = ',', row.names = FALSE, col.names = FALSE, quote = FALSE)
cat(as.numeric(difftime(Sys.time(), t0, units = 'secs')))
`;

function rSideBySide(train: number[][], test: number[][], naive2: { smape: number; mase: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'cw-eval-r-'));
  try {
    writeFileSync(join(dir, 'm4.R'), R_SCRIPT);
    const seconds = Number(execFileSync('Rscript', [join(dir, 'm4.R'), `${M4_DIR}/Weekly-train.csv`, join(dir, 'out.csv'), String(workers)], { encoding: 'utf8' }));
    const byMethod = new Map<string, Map<number, number[]>>();
    for (const line of readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n')) {
      const [method, idx, ...values] = line.split(',');
      if (!byMethod.has(method!)) byMethod.set(method!, new Map());
      byMethod.get(method!)!.set(Number(idx) - 1, values.map(Number));
    }
    for (const [method, fc] of byMethod) {
      let s = 0;
      let m = 0;
      train.forEach((y, i) => {
        s += smape(test[i]!, fc.get(i)!);
        m += mase(y, test[i]!, fc.get(i)!, 1);
      });
      const r = { smape: s / train.length, mase: m / train.length };
      console.log(`| R forecast ${method} | ${f3(r.smape)} | ${f3(r.mase)} | ${f3(owa(r, naive2))} |`);
    }
    console.log(`\nR forecast (ets and auto.arima together): ${seconds.toFixed(1)} s on ${workers} processes.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function synthetic(pool: ForecastPool) {
  const set = syntheticCostSeries(SYN_COUNT, SYN_TRAIN + SYN_H, 2026);
  const trains = set.map((s) => s.values.slice(0, SYN_TRAIN));
  const refStarted = Date.now();
  const snaive = await Promise.all(trains.map((y) => pool.forecast(y, SYN_H, { season: 7, candidates: ['snaive'], origins: 0 })));
  const refSeconds = (Date.now() - refStarted) / 1000;
  const started = Date.now();
  const cpu0 = process.cpuUsage();
  const ours = await Promise.all(trains.map((y) => pool.forecast(y, SYN_H, { season: 7, nonNegative: true })));
  const seconds = (Date.now() - started) / 1000;
  // CPU time of the whole process (worker threads included): what the run costs on idle cores.
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  let m = 0;
  let ms = 0;
  let c80 = 0;
  let c95 = 0;
  let t80 = 0;
  let t95 = 0;
  let b95 = 0;
  set.forEach((s, i) => {
    const actual = s.values.slice(SYN_TRAIN);
    const r = ours[i]!;
    m += mase(trains[i]!, actual, r.mean, 7);
    ms += mase(trains[i]!, actual, snaive[i]!.mean, 7);
    c80 += coverage(actual, r.lo80, r.hi80);
    c95 += coverage(actual, r.lo95, r.hi95);
    const total = actual.reduce((a, b) => a + b, 0);
    const iv = sumInterval(r, 1, SYN_H, 0, true);
    if (total >= iv.lo80 && total <= iv.hi80) t80++;
    if (total >= iv.lo95 && total <= iv.hi95) t95++;
    const lo = r.lo95.reduce((a, b) => a + b, 0);
    const hi = r.hi95.reduce((a, b) => a + b, 0);
    if (total >= lo && total <= hi) b95++;
  });
  const n = set.length;
  console.log(`\n### Synthetic daily costs (${n} series, ${SYN_TRAIN} days of history, horizon ${SYN_H})\n`);
  console.log('| measure | value | target |\n|---|---|---|');
  console.log(`| MASE, CostWatch race | ${f3(m / n)} | below seasonal naive |`);
  console.log(`| MASE, seasonal naive | ${f3(ms / n)} | |`);
  console.log(`| coverage of daily 80 % intervals | ${pct(c80 / n)} | 75–85 % |`);
  console.log(`| coverage of daily 95 % intervals | ${pct(c95 / n)} | 90–100 % |`);
  console.log(`| coverage of the 28-day total's 80 % interval | ${pct(t80 / n)} | 75–85 % |`);
  console.log(`| coverage of the 28-day total's 95 % interval | ${pct(t95 / n)} | 90–100 % |`);
  console.log(`| (contrast) 95 % "sum of daily bounds" covering the total | ${pct(b95 / n)} | far too wide |`);
  console.log(`\n### Run time\n`);
  console.log('| run | seconds | per series |\n|---|---|---|');
  console.log(`| CostWatch race, ${n} series × ${SYN_TRAIN} days, ${pool.size} worker threads | ${seconds.toFixed(2)} | ${((1000 * seconds) / n).toFixed(1)} ms |`);
  console.log(`| reference: seasonal naive only, same series and pool | ${refSeconds.toFixed(2)} | ${((1000 * refSeconds) / n).toFixed(2)} ms |`);
  console.log(`| CPU time of the race (all threads) | ${cpuSeconds.toFixed(2)} | ${((1000 * cpuSeconds) / n).toFixed(1)} ms |`);
  console.log(`\nRatio race / reference: ${(seconds / Math.max(refSeconds, 1e-3)).toFixed(1)}×. Wall time on ${pool.size} idle cores ≈ CPU time / ${pool.size} = ${(cpuSeconds / pool.size).toFixed(1)} s; target: at most 10 s for 1,000 series. Load average now: ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
}

const started = Date.now();
const pool = new ForecastPool(workers);
try {
  console.log(`# Forecast evaluation (${new Date().toISOString()}, ${workers} worker threads)`);
  await m4(pool);
  await synthetic(pool);
  console.log(`\nTotal run time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await pool.close();
}
