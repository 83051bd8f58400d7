import { z } from 'zod';
import { NotFoundError } from '../domain/errors.js';
import type { Queryable } from '../store/queryable.js';
import { raiseSeriesThreshold } from './thresholds.js';

export const ANOMALY_STATUSES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const LEVELS = ['total', 'account', 'service', 'account_service'] as const;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/** `status=open,acknowledged`: a comma-separated list whose error names the parameter. */
const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((s, ctx) => {
    const parts = s.split(',').map((x) => x.trim()).filter(Boolean);
    if (!parts.length || parts.some((p) => !values.includes(p))) {
      ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of ${values.join(', ')}` });
      return z.NEVER;
    }
    return parts as T[number][];
  });

export const listQuerySchema = z.strictObject({
  status: csv(ANOMALY_STATUSES).optional(),
  severity: csv(SEVERITIES).optional(),
  level: csv(LEVELS).optional(),
  series: z.string().min(1).max(300).optional(),
  account: z.string().min(1).max(64).optional(),
  service: z.string().min(1).max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  metric: z.enum(['unblended', 'amortized', 'net_unblended', 'net_amortized']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListQuery = z.output<typeof listQuerySchema>;

export const statusInputSchema = z.strictObject({
  status: z.enum(ANOMALY_STATUSES),
  feedback: z.string().trim().min(1).max(2000).optional(),
});
export type StatusInput = z.output<typeof statusInputSchema>;

export const anomalyIdSchema = z.uuid({ error: 'must be an anomaly id (uuid)' });

export interface Anomaly {
  id: string;
  seriesKey: string;
  level: string;
  scope: { account?: string; service?: string };
  metric: string;
  startDate: string;
  endDate: string;
  peakDate: string | null;
  expected: string;
  actual: string;
  impact: string;
  impactPct: number | null;
  currency: string;
  score: number;
  probability: number;
  severity: string;
  rootCauses: unknown[];
  status: string;
  feedback: string | null;
  statusChangedAt: string | null;
  statusChangedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, series_key, level, scope, metric, start_date::text, end_date::text, peak_date::text, expected::text,
  actual::text, impact::text, impact_pct, currency, score, probability, severity, root_causes, status, feedback,
  status_changed_at, status_changed_by, created_at, updated_at`;

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

function toAnomaly(r: Row): Anomaly {
  return {
    id: String(r.id),
    seriesKey: String(r.series_key),
    level: String(r.level),
    scope: (typeof r.scope === 'string' ? JSON.parse(r.scope) : r.scope) as Anomaly['scope'],
    metric: String(r.metric),
    startDate: String(r.start_date),
    endDate: String(r.end_date),
    peakDate: r.peak_date === null ? null : String(r.peak_date),
    expected: String(r.expected),
    actual: String(r.actual),
    impact: String(r.impact),
    impactPct: r.impact_pct === null ? null : Number(r.impact_pct),
    currency: String(r.currency).trim(),
    score: Number(r.score),
    probability: Number(r.probability),
    severity: String(r.severity),
    rootCauses: (typeof r.root_causes === 'string' ? JSON.parse(r.root_causes) : r.root_causes) as unknown[],
    status: String(r.status),
    feedback: (r.feedback as string | null) ?? null,
    statusChangedAt: iso(r.status_changed_at),
    statusChangedBy: (r.status_changed_by as string | null) ?? null,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/** Anomalies overlapping [from, to], newest first, with the total count for paging. */
export async function listAnomalies(db: Queryable, organizationId: string, q: ListQuery): Promise<{ items: Anomaly[]; total: number; limit: number; offset: number }> {
  const where = ['organization_id = $1'];
  const params: unknown[] = [organizationId];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.status) add('status = ANY(?::text[])', q.status);
  if (q.severity) add('severity = ANY(?::text[])', q.severity);
  if (q.level) add('level = ANY(?::text[])', q.level);
  if (q.series) add('series_key = ?', q.series);
  if (q.account) add("scope->>'account' = ?", q.account);
  if (q.service) add("scope->>'service' = ?", q.service);
  if (q.from) add('end_date >= ?::date', q.from);
  if (q.to) add('start_date <= ?::date', q.to);
  if (q.metric) add('metric = ?', q.metric);
  const cond = where.join(' AND ');
  const count = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM cost_anomalies WHERE ${cond}`, params);
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM cost_anomalies WHERE ${cond} ORDER BY end_date DESC, abs(impact) DESC, id LIMIT ${q.limit} OFFSET ${q.offset}`,
    params,
  );
  return { items: rows.map(toAnomaly), total: Number(count.rows[0]?.n ?? 0), limit: q.limit, offset: q.offset };
}

export async function getAnomaly(db: Queryable, organizationId: string, id: string): Promise<Anomaly> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM cost_anomalies WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  if (!rows[0]) throw new NotFoundError(`no anomaly ${id}`, 'id');
  return toAnomaly(rows[0]);
}

/**
 * Acknowledge, resolve, reopen or mark as false positive. A false positive raises that
 * series' minimum impact (see thresholds.ts) in the same transaction.
 */
export async function setAnomalyStatus(
  db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  organizationId: string,
  id: string,
  input: StatusInput,
  by: string,
): Promise<Anomaly> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<Row>(
      `UPDATE cost_anomalies SET status = $3, feedback = COALESCE($4, feedback), status_changed_at = now(), status_changed_by = $5, updated_at = now()
        WHERE organization_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [organizationId, id, input.status, input.feedback ?? null, by],
    );
    if (!rows[0]) throw new NotFoundError(`no anomaly ${id}`, 'id');
    const a = toAnomaly(rows[0]);
    if (input.status === 'false_positive') await raiseSeriesThreshold(tx, organizationId, a.seriesKey, a.impact, input.feedback ?? null);
    return a;
  });
}
