import { findEpisodes, scoreDaily, severityOf, type Episode } from '../analytics/anomaly/index.js';
import type { CostMetric } from '../domain/dimensions.js';
import { dec } from '../domain/money.js';
import { addDays, type IsoDate } from '../domain/time.js';
import type { Logger } from '../obs/index.js';
import { loadDailySeries, seriesKey, type DailySeries, type SeriesLevel } from '../store/series.queries.js';
import type { Database, Queryable } from '../store/queryable.js';
import { rootCauses } from './root-cause.sql.js';
import { loadThresholds, thresholdsFor } from './thresholds.js';

export interface RecomputeOptions {
  /** First day not scored (costs of today are incomplete): usually today. */
  today: IsoDate;
  metric?: CostMetric;
  /** Days of history loaded; the first four weeks only build baselines. */
  lookbackDays?: number;
  log?: Logger;
}

export interface RecomputeResult {
  series: number;
  episodes: number;
  inserted: number;
  updated: number;
}

interface Found {
  series: DailySeries;
  episode: Episode;
  start: IsoDate;
  end: IsoDate;
  peak: IsoDate;
  severity: string;
  causes: unknown[];
}

const money = (v: number) => dec(v).toFixed(6);

/**
 * Scores every day of every series (total, account, service, account × service) and stores
 * each anomaly once: an episode overlapping (or touching) a stored anomaly of the same series
 * updates it (dates widen, numbers refresh, status and feedback stay), otherwise it is inserted.
 */
export async function recomputeAnomalies(db: Database, organizationId: string, opts: RecomputeOptions): Promise<RecomputeResult> {
  const metric = opts.metric ?? 'unblended';
  const from = addDays(opts.today, -(opts.lookbackDays ?? 400));
  const all = withAggregates(await loadDailySeries(db, organizationId, { from, to: opts.today, metric, levels: ['account_service'], minTotal: 1 }));
  const thresholds = await loadThresholds(db, organizationId);
  const found: Found[] = [];
  for (const loaded of all) {
    // Days before a series' first cost are "not yet existing", not zero-cost days: they would
    // make its first month-start charge look like a bump of the whole level.
    const first = loaded.values.findIndex((v) => v !== 0);
    if (first < 0) continue;
    const series = { ...loaded, start: addDays(loaded.start, first), values: loaded.values.slice(first) };
    const th = thresholdsFor(thresholds, series.key);
    const minImpact = Number(th.minImpact);
    const points = scoreDaily(series.values, series.start, { zThreshold: th.zThreshold });
    for (const episode of findEpisodes(points, { minImpact, minPct: th.minPct }, { zThreshold: th.zThreshold })) {
      const days = Array.from({ length: episode.end - episode.start + 1 }, (_, i) => addDays(series.start, episode.start + i));
      let peak = episode.start;
      for (let i = episode.start; i <= episode.end; i++) if (Math.abs(points[i]!.z) > Math.abs(points[peak]!.z)) peak = i;
      const causes = await rootCauses(db, organizationId, series.scope, days, { metric, currency: series.currency });
      found.push({
        series,
        episode,
        start: days[0]!,
        end: days.at(-1)!,
        peak: addDays(series.start, peak),
        severity: severityOf(episode.impact, episode.probability, minImpact),
        causes: causes.map((c) => ({ ...c, actual: round(c.actual), expected: round(c.expected), deviation: round(c.deviation), share: Math.round(c.share * 1e4) / 1e4 })),
      });
    }
  }
  let inserted = 0;
  let updated = 0;
  await db.transaction(async (tx) => {
    for (const f of found) {
      if (await upsert(tx, organizationId, metric, f)) inserted++;
      else updated++;
    }
  });
  opts.log?.info({ org_id: organizationId, series: all.length, episodes: found.length, inserted, updated }, 'anomalies recomputed');
  return { series: all.length, episodes: found.length, inserted, updated };
}

const round = (v: number) => Math.round(v * 100) / 100;

/**
 * Total, account and service series summed from the account × service ones: one scan of the
 * rollup instead of four (detection works in floating point anyway; stored money is rounded).
 */
export function withAggregates(leaves: DailySeries[]): DailySeries[] {
  const out = new Map<string, DailySeries>();
  const addTo = (level: SeriesLevel, scope: DailySeries['scope'], s: DailySeries) => {
    const key = seriesKey(level, scope);
    const id = `${key}#${s.currency}`;
    let agg = out.get(id);
    if (!agg) out.set(id, (agg = { key, level, scope, currency: s.currency, start: s.start, values: new Array<number>(s.values.length).fill(0) }));
    s.values.forEach((v, i) => (agg!.values[i]! += v));
  };
  for (const s of leaves) {
    addTo('total', {}, s);
    addTo('account', { account: s.scope.account }, s);
    addTo('service', { service: s.scope.service }, s);
  }
  return [...out.values(), ...leaves];
}

/** Returns true when a new anomaly was inserted. */
async function upsert(tx: Queryable, organizationId: string, metric: string, f: Found): Promise<boolean> {
  const e = f.episode;
  const values = [money(e.expected), money(e.actual), money(e.impact), Number.isFinite(e.pct) ? e.pct : null, Math.abs(e.peakZ), f.severity, JSON.stringify(f.causes), e.probability, f.peak];
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM cost_anomalies
      WHERE organization_id = $1 AND series_key = $2 AND metric = $3 AND start_date <= $5::date + 1 AND end_date >= $4::date - 1
      ORDER BY start_date LIMIT 1 FOR UPDATE`,
    [organizationId, f.series.key, metric, f.start, f.end],
  );
  if (rows[0]) {
    await tx.query(
      `UPDATE cost_anomalies SET start_date = LEAST(start_date, $2::date), end_date = GREATEST(end_date, $3::date),
              expected = $4, actual = $5, impact = $6, impact_pct = $7, score = $8, severity = $9, root_causes = $10,
              probability = $11, peak_date = $12, updated_at = now()
        WHERE id = $1`,
      [rows[0].id, f.start, f.end, ...values],
    );
    return false;
  }
  await tx.query(
    `INSERT INTO cost_anomalies (organization_id, series_key, scope, metric, level, start_date, end_date, currency,
            expected, actual, impact, impact_pct, score, severity, root_causes, probability, peak_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (organization_id, series_key, metric, start_date) DO UPDATE
       SET end_date = GREATEST(cost_anomalies.end_date, EXCLUDED.end_date), expected = EXCLUDED.expected, actual = EXCLUDED.actual,
           impact = EXCLUDED.impact, impact_pct = EXCLUDED.impact_pct, score = EXCLUDED.score, severity = EXCLUDED.severity,
           root_causes = EXCLUDED.root_causes, probability = EXCLUDED.probability, peak_date = EXCLUDED.peak_date, updated_at = now()`,
    [organizationId, f.series.key, JSON.stringify(f.series.scope), metric, f.series.level, f.start, f.end, f.series.currency, ...values],
  );
  return true;
}
