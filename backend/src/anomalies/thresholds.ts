import { z } from 'zod';
import { dec, Decimal } from '../domain/money.js';
import type { Queryable } from '../store/queryable.js';

/** Minimum dollar impact and percent an anomaly needs to be reported, and the detector's sensitivity. */
export interface AnomalyThresholds {
  /** Exact decimal string in the organization's currency. */
  minImpact: string;
  /** Fraction: 0.1 = 10 %. */
  minPct: number;
  /** Robust sigmas beyond which a day is anomalous. */
  zThreshold: number;
}

export interface SeriesThreshold extends AnomalyThresholds {
  seriesKey: string;
  reason: string | null;
  updatedAt: string;
}

export const DEFAULT_THRESHOLDS: AnomalyThresholds = { minImpact: '50.000000', minPct: 0.1, zThreshold: 5 };
export const ORG_DEFAULT_KEY = '*';

const amount = z.union([z.number().finite(), z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, 'must be a decimal amount like "50" or "12.5"')]).refine((v) => Number(v) >= 0, 'must not be negative');

export const thresholdsInputSchema = z.strictObject({
  minImpact: amount,
  minPct: z.number().finite().min(0).max(100),
  zThreshold: z.number().finite().min(2).max(20).optional(),
});
export type ThresholdsInput = z.output<typeof thresholdsInputSchema>;

interface Row {
  series_key: string;
  min_impact: string;
  min_pct: number;
  z_threshold: number | null;
  reason: string | null;
  updated_at: Date | string;
}

function toThreshold(r: Row, fallback: AnomalyThresholds): SeriesThreshold {
  return {
    seriesKey: r.series_key,
    minImpact: dec(r.min_impact).toFixed(6),
    minPct: Number(r.min_pct),
    zThreshold: r.z_threshold === null ? fallback.zThreshold : Number(r.z_threshold),
    reason: r.reason,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** The organization's default and every per-series override. */
export async function loadThresholds(db: Queryable, organizationId: string): Promise<{ defaults: AnomalyThresholds; series: SeriesThreshold[] }> {
  const { rows } = await db.query<Row>(
    'SELECT series_key, min_impact::text, min_pct, z_threshold, reason, updated_at FROM anomaly_thresholds WHERE organization_id = $1 ORDER BY series_key',
    [organizationId],
  );
  const own = rows.find((r) => r.series_key === ORG_DEFAULT_KEY);
  const defaults = own ? toThreshold(own, DEFAULT_THRESHOLDS) : DEFAULT_THRESHOLDS;
  const base = { minImpact: defaults.minImpact, minPct: defaults.minPct, zThreshold: defaults.zThreshold };
  return { defaults: base, series: rows.filter((r) => r.series_key !== ORG_DEFAULT_KEY).map((r) => toThreshold(r, base)) };
}

/** Sets the organization's defaults (idempotent upsert). */
export async function saveOrgThresholds(db: Queryable, organizationId: string, input: ThresholdsInput): Promise<AnomalyThresholds> {
  await db.query(
    `INSERT INTO anomaly_thresholds (organization_id, series_key, min_impact, min_pct, z_threshold, reason)
     VALUES ($1, $2, $3, $4, $5, 'set by user')
     ON CONFLICT (organization_id, series_key) DO UPDATE
       SET min_impact = EXCLUDED.min_impact, min_pct = EXCLUDED.min_pct, z_threshold = EXCLUDED.z_threshold,
           reason = EXCLUDED.reason, updated_at = now()`,
    [organizationId, ORG_DEFAULT_KEY, new Decimal(input.minImpact).toFixed(6), input.minPct, input.zThreshold ?? null],
  );
  return (await loadThresholds(db, organizationId)).defaults;
}

/**
 * False-positive feedback: the series' minimum impact becomes 1.25 × the dismissed
 * anomaly's impact (never lower than before), so an episode of the same size is not
 * reported again while a clearly larger one still is.
 */
export async function raiseSeriesThreshold(db: Queryable, organizationId: string, seriesKey: string, impact: string, feedback: string | null): Promise<void> {
  const { defaults, series } = await loadThresholds(db, organizationId);
  const current = series.find((s) => s.seriesKey === seriesKey) ?? defaults;
  const raised = Decimal.max(dec(current.minImpact), dec(impact).abs().times(1.25)).toFixed(6);
  await db.query(
    `INSERT INTO anomaly_thresholds (organization_id, series_key, min_impact, min_pct, z_threshold, reason)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (organization_id, series_key) DO UPDATE
       SET min_impact = GREATEST(anomaly_thresholds.min_impact, EXCLUDED.min_impact), reason = EXCLUDED.reason, updated_at = now()`,
    [organizationId, seriesKey, raised, current.minPct, current.zThreshold, `false positive: ${feedback ?? 'no comment'}`.slice(0, 500)],
  );
}

/** Thresholds that apply to one series. */
export function thresholdsFor(all: { defaults: AnomalyThresholds; series: SeriesThreshold[] }, seriesKey: string): AnomalyThresholds {
  return all.series.find((s) => s.seriesKey === seriesKey) ?? all.defaults;
}
