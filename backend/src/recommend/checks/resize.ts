import type { CheckContext, Finding } from '../model.js';
import { confidenceOf, type Priced } from './price-basis.js';
import { fixed, lastDays, oneSizeDown, percentile, series } from './util.js';

export interface LowCpuThresholds {
  p95CpuPct: number;
  windowDays: number;
  minDays: number;
}

/**
 * The "one size down in the same family" finding that EC2 and RDS share: p95 of daily CPU
 * maxima under the threshold over the window, and a priced smaller size to move to.
 */
export function lowCpuResize(
  ctx: CheckContext,
  t: LowCpuThresholds,
  size: { current: string; evidenceKey: string; priced: (candidate: string) => boolean; monthly: (size: string) => Priced | undefined },
): Finding | null {
  const cpu = lastDays(ctx.metric('CPUUtilization'), t.windowDays, ctx.now);
  if (cpu.length < t.minDays) return null;
  // p95 over the daily maxima: a conservative stand-in for the p95 of 5-minute samples.
  const p95 = percentile(cpu.map((p) => p.max ?? NaN), 95);
  if (p95 === undefined || p95 >= t.p95CpuPct) return null;
  const target = oneSizeDown(size.current, size.priced);
  const now = size.monthly(size.current);
  const next = target ? size.monthly(target) : undefined;
  if (!target || !now || !next || now.approximate !== next.approximate) return null;
  const savings = now.monthly.minus(next.monthly);
  if (savings.lte(0)) return null;
  return {
    savings,
    pricingBasis: { from: now.basis, to: next.basis, currentMonthly: fixed(now.monthly), targetMonthly: fixed(next.monthly), formula: '(current hourly - target hourly) x 730' },
    evidence: { p95DailyMaxCpu: p95, daysWithData: cpu.length, [size.evidenceKey]: target, cpu: series(ctx, 'CPUUtilization', t.windowDays), thresholds: t },
    confidence: confidenceOf('medium', now.approximate),
    action: `Resize ${size.current} to ${target}.`,
  };
}
