import { z } from 'zod';
import { ValidationError } from '../domain/errors.js';
import { addDays, daysBetween, toIsoDate, type IsoDate } from '../domain/time.js';
import { parseOrThrow } from '../domain/validation.js';

/**
 * POST /api/v1/query: a time range and a batch of typed queries, answered per refId with
 * Grafana data frames. Each query type registers its own schema (see registry.ts); this file
 * holds the envelope every type shares.
 */
const timestamp = z.union([z.string().min(1).max(40), z.number().finite()]);

export const envelopeSchema = z.object({
  range: z.object({ from: timestamp, to: timestamp }, { error: 'range must be an object with from and to' }),
  queries: z
    .array(
      z.looseObject({
        refId: z.string().min(1).max(64),
        type: z.string().min(1).max(64),
        hide: z.boolean().optional(),
      }),
    )
    .min(1, 'queries must hold at least one query'),
});

export interface TimeRange {
  /** First day included. */
  from: IsoDate;
  /** First day not included. */
  to: IsoDate;
}

const RELATIVE = /^now(?:([+-])(\d{1,5})([smhdwMy]))?$/;

/** Grafana-style relative instants for hand-written requests: now, now-13M, now-30d, now+1w. */
function relative(v: string, now: Date): Date | undefined {
  const m = RELATIVE.exec(v.trim());
  if (!m) return undefined;
  const d = new Date(now);
  if (!m[1]) return d;
  const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  const unit = m[3]!;
  if (unit === 'M') d.setUTCMonth(d.getUTCMonth() + n);
  else if (unit === 'y') d.setUTCFullYear(d.getUTCFullYear() + n);
  else d.setTime(d.getTime() + n * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[unit as 's']);
  return d;
}

function toDate(v: string | number, field: string, now: Date): Date {
  const d =
    typeof v === 'number' ? new Date(v) : /^\d+$/.test(v) ? new Date(Number(v)) : (relative(v, now) ?? new Date(v));
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 2200) {
    throw new ValidationError(`${field}: not a valid timestamp (ISO 8601, epoch milliseconds or now-<n><unit>)`, field);
  }
  return d;
}

/** Grafana sends instants; costs are daily, so the range covers every UTC day it touches. */
export function parseRange(raw: { from: string | number; to: string | number }, maxDays: number, now = new Date()): TimeRange {
  const from = toDate(raw.from, 'range.from', now);
  const to = toDate(raw.to, 'range.to', now);
  if (from.getTime() > to.getTime()) throw new ValidationError('range.from must not be after range.to', 'range.from');
  const range = { from: toIsoDate(from), to: addDays(toIsoDate(to), 1) };
  if (daysBetween(range.from, range.to) > maxDays) {
    throw new ValidationError(`range spans more than the maximum of ${maxDays} days`, 'range');
  }
  return range;
}

export function parseEnvelope(body: unknown, maxBatch: number) {
  const env = parseOrThrow(envelopeSchema, body);
  if (env.queries.length > maxBatch) {
    throw new ValidationError(`queries holds more than the maximum of ${maxBatch} queries`, 'queries');
  }
  const seen = new Set<string>();
  env.queries.forEach((q, i) => {
    if (seen.has(q.refId)) throw new ValidationError(`duplicate refId "${q.refId}"`, `queries[${i}].refId`);
    seen.add(q.refId);
  });
  return env;
}
