import { findEpisodes, scoreDaily } from '../../src/analytics/anomaly/daily.js';
import { addToGrid, rootCausesFromGrid, topCause, type ContributionGrid } from '../../src/analytics/anomaly/root-cause.js';
import { gaussian, prng } from '../../src/analytics/anomaly/synthetic.js';

/**
 * Synthetic organizations (4 accounts × 10 services × 2 regions, 240 days) with one spike
 * injected into one account × service; the detector runs on the organization total and the
 * root cause ranking must name the spiked account and service first.
 */
export interface RootCauseMetrics {
  organizations: number;
  detected: number;
  accountTop1: number;
  serviceTop1: number;
  bothTop1: number;
  meanDelayDays: number;
}

const DAY = 86_400_000;
const iso = (t0: number, i: number) => new Date(t0 + i * DAY).toISOString().slice(0, 10);

export function evaluateRootCause(organizations = 100, seed = 21): RootCauseMetrics {
  const rand = prng(seed);
  const days = 240;
  const t0 = Date.parse('2025-03-01T00:00:00Z');
  let detected = 0;
  let acc = 0;
  let svc = 0;
  let both = 0;
  const delays: number[] = [];
  for (let o = 0; o < organizations; o++) {
    const leaves: { account: string; service: string; region: string; values: number[] }[] = [];
    const spike = { account: `acct${Math.floor(rand() * 4)}`, service: `svc${Math.floor(rand() * 10)}`, start: 120 + Math.floor(rand() * 100), days: 1 + Math.floor(rand() * 4) };
    // Spike size relative to the organization: enough to matter on the total (≥ ~5 % of it).
    const factor = 2 + rand() * 4;
    for (let a = 0; a < 4; a++) {
      for (let s = 0; s < 10; s++) {
        const base = 20 + rand() * 300;
        const weekday = 1 + rand() * 0.4;
        const noise = 0.02 + rand() * 0.05;
        for (const [r, share] of [['us-east-1', 0.7], ['eu-west-1', 0.3]] as const) {
          const values = Array.from({ length: days }, (_, t) => {
            const dow = new Date(t0 + t * DAY).getUTCDay();
            const hit = `acct${a}` === spike.account && `svc${s}` === spike.service && t >= spike.start && t < spike.start + spike.days;
            return Math.max(0, base * share * (dow >= 1 && dow <= 5 ? weekday : 1) * (hit ? factor : 1) * (1 + noise * gaussian(rand)));
          });
          leaves.push({ account: `acct${a}`, service: `svc${s}`, region: r, values });
        }
      }
    }
    const total = Array.from({ length: days }, (_, t) => leaves.reduce((x, l) => x + l.values[t]!, 0));
    const eps = findEpisodes(scoreDaily(total, iso(t0, 0)), { minImpact: 0, minPct: 0.02 });
    const hit = eps.find((e) => e.start < spike.start + spike.days && e.end >= spike.start);
    if (!hit) continue;
    detected++;
    delays.push(Math.max(0, hit.start - spike.start));
    const grid: ContributionGrid = new Map();
    const lo = Math.max(0, hit.start - 28);
    for (const l of leaves) {
      for (let t = lo; t <= hit.end; t++) {
        addToGrid(grid, 'account', l.account, iso(t0, t), l.values[t]!);
        addToGrid(grid, 'service', l.service, iso(t0, t), l.values[t]!);
        addToGrid(grid, 'region', l.region, iso(t0, t), l.values[t]!);
      }
    }
    const epDays = Array.from({ length: hit.end - hit.start + 1 }, (_, i) => iso(t0, hit.start + i));
    const causes = rootCausesFromGrid(grid, epDays, (d) => [1, 2, 3, 4].map((w) => new Date(Date.parse(`${d}T00:00:00Z`) - 7 * w * DAY).toISOString().slice(0, 10)));
    const a = topCause(causes, 'account')?.value === spike.account;
    const s = topCause(causes, 'service')?.value === spike.service;
    acc += a ? 1 : 0;
    svc += s ? 1 : 0;
    both += a && s ? 1 : 0;
  }
  return {
    organizations,
    detected,
    accountTop1: detected ? acc / detected : 0,
    serviceTop1: detected ? svc / detected : 0,
    bothTop1: detected ? both / detected : 0,
    meanDelayDays: delays.length ? delays.reduce((x, y) => x + y, 0) / delays.length : 0,
  };
}
