import { addDays, toIsoDate } from '../../domain/time.js';
import type { CheckContext, DailyMetric, ResourceRecord } from '../model.js';

/**
 * Attribute access that tolerates the spellings a scanner may store (camelCase as we write
 * it, PascalCase as the AWS SDK returns it, snake_case), so checks do not break on a rename.
 */
function variants(key: string): string[] {
  const pascal = key.charAt(0).toUpperCase() + key.slice(1);
  const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return [key, pascal, snake];
}

export function attr(r: ResourceRecord, ...keys: string[]): unknown {
  for (const key of keys) {
    for (const k of variants(key)) {
      const v = r.attributes[k];
      if (v !== undefined && v !== null && v !== '') return v;
    }
  }
  return undefined;
}

export function str(r: ResourceRecord, ...keys: string[]): string | undefined {
  const v = attr(r, ...keys);
  return v === undefined ? undefined : String(v);
}

export function num(r: ResourceRecord, ...keys: string[]): number | undefined {
  const v = attr(r, ...keys);
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function bool(r: ResourceRecord, ...keys: string[]): boolean | undefined {
  const v = attr(r, ...keys);
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export function date(r: ResourceRecord, ...keys: string[]): Date | undefined {
  const v = attr(r, ...keys);
  if (v === undefined) return undefined;
  const d = new Date(v as string);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function ageDays(from: Date, now: Date): number {
  return (now.getTime() - from.getTime()) / 86_400_000;
}

/** Daily points of the last `days` complete days before `now`. */
export function lastDays(points: readonly DailyMetric[], days: number, now: Date): DailyMetric[] {
  const to = toIsoDate(now);
  const from = addDays(to, -days);
  return points.filter((p) => p.date >= from && p.date < to);
}

/** Sums two metrics day by day (NetworkIn + NetworkOut, VolumeReadOps + VolumeWriteOps). */
export function sumByDay(a: readonly DailyMetric[], b: readonly DailyMetric[], pick: 'avg' | 'max'): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of [...a, ...b]) {
    const v = p[pick];
    if (v === null || v === undefined) continue;
    out.set(p.date, (out.get(p.date) ?? 0) + v);
  }
  return out;
}

/** Nearest-rank percentile (p in 0..100) of finite values; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  const xs = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (!xs.length) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * xs.length));
  return xs[rank - 1];
}

/** Last days of a metric as a compact series for the sparkline in the evidence. */
export function series(ctx: CheckContext, name: string, days: number): { date: string; avg: number | null; max: number | null }[] {
  return lastDays(ctx.metric(name), days, ctx.now).map((p) => ({ date: p.date, avg: p.avg, max: p.max }));
}

const SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'];

/** m5.2xlarge → { family: 'm5', size: '2xlarge' }; db.r5.large → { prefix: 'db.', family: 'r5', size: 'large' }. */
export function splitType(t: string): { prefix: string; family: string; size: string } | undefined {
  const m = /^(db\.)?([a-z0-9-]+)\.([a-z0-9]+)$/.exec(t);
  return m ? { prefix: m[1] ?? '', family: m[2]!, size: m[3]! } : undefined;
}

export function oneSizeDown(t: string, priced: (candidate: string) => boolean): string | undefined {
  const s = splitType(t);
  if (!s) return undefined;
  const i = SIZES.indexOf(s.size);
  for (let j = i - 1; j >= 0; j--) {
    const candidate = `${s.prefix}${s.family}.${SIZES[j]}`;
    if (priced(candidate)) return candidate;
  }
  return undefined;
}

export function isRunning(r: ResourceRecord): boolean {
  return (r.state ?? '').toLowerCase() === 'running';
}

/** Money fields in pricing_basis are strings so the arithmetic stays exact when re-read. */
export function fixed(d: { toFixed(n: number): string }): string {
  return d.toFixed(6);
}

/**
 * CloudWatch sample period of the count/byte metrics: EC2 basic monitoring reports every
 * 5 minutes, EBS and NAT gateways every minute. The scanner stores, per day, the Average and
 * Maximum of those samples (scan/utilization.ts); this table is the one place that turns them
 * into daily totals and per-second rates (docs/recommendations.md, "metric contract").
 */
export const SAMPLE_SECONDS: Record<string, number> = {
  NetworkIn: 300,
  NetworkOut: 300,
  VolumeReadOps: 60,
  VolumeWriteOps: 60,
  BytesOutToDestination: 60,
  BytesInFromDestination: 60,
  BytesOutToSource: 60,
  BytesInFromSource: 60,
};

const samplesPerDay = (name: string) => 86_400 / (SAMPLE_SECONDS[name] ?? 300);

/** Daily totals (average sample x samples per day), summed over the metrics, by day. */
export function dailyTotals(ctx: CheckContext, names: readonly string[], days: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const name of names) {
    for (const p of lastDays(ctx.metric(name), days, ctx.now)) {
      if (p.avg === null || p.avg === undefined) continue;
      out.set(p.date, (out.get(p.date) ?? 0) + p.avg * samplesPerDay(name));
    }
  }
  return out;
}

/** Busiest sample of each day as a per-second rate (max sample / period), summed over the metrics. */
export function peakRates(ctx: CheckContext, names: readonly string[], days: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const name of names) {
    for (const p of lastDays(ctx.metric(name), days, ctx.now)) {
      if (p.max === null || p.max === undefined) continue;
      out.set(p.date, (out.get(p.date) ?? 0) + p.max / (SAMPLE_SECONDS[name] ?? 300));
    }
  }
  return out;
}

/** The instance a volume is attached to (attachments[0] as the SDK returns it, or flat fields). */
export function volumeAttachment(r: ResourceRecord): { instanceId: string; device?: string } | undefined {
  const list = attr(r, 'attachments');
  if (Array.isArray(list) && list.length) {
    const a = list[0] as Record<string, unknown>;
    const instanceId = (a.instanceId ?? a.InstanceId) as string | undefined;
    if (instanceId) return { instanceId, device: (a.device ?? a.Device) as string | undefined };
  }
  const ids = attr(r, 'attachedInstanceIds');
  if (Array.isArray(ids) && ids.length) return { instanceId: String(ids[0]), device: str(r, 'device', 'attachedDevice') };
  const instanceId = str(r, 'attachedInstanceId', 'instanceId');
  return instanceId ? { instanceId, device: str(r, 'device', 'attachedDevice') } : undefined;
}

/**
 * The root volume: the attachment device equals the instance's root device name when the
 * scanner records devices; otherwise the first of the instance's block device mappings
 * (EC2 lists the root device first).
 */
export function isRootVolume(volume: ResourceRecord, instance: ResourceRecord): boolean {
  const att = volumeAttachment(volume);
  const mapped = attr(instance, 'volumeIds');
  if (!att?.device && Array.isArray(mapped)) return mapped[0] === volume.resourceId;
  const root = str(instance, 'rootDeviceName') ?? '/dev/xvda';
  return Boolean(att?.device) && (att!.device === root || (root === '/dev/sda1' && att!.device === '/dev/xvda'));
}
