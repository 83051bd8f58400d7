import { z } from 'zod';
import { clusterProfiles } from '../analytics/clusters/index.js';
import { COST_METRIC_NAMES, type CostMetric } from '../domain/dimensions.js';
import { addDays } from '../domain/time.js';
import { epochMs, timeField, type FrameDTO } from '../query/frames.js';
import type { TimeRange } from '../query/model.js';
import type { QueryContext, QueryHandler } from '../query/registry.js';
import { loadDailySeries } from '../store/series.queries.js';
import { ANOMALY_STATUSES, LEVELS, listAnomalies, SEVERITIES, type Anomaly } from './repo.js';

const metric = z.enum(COST_METRIC_NAMES as [CostMetric, ...CostMetric[]]).default('unblended');

export const anomaliesQuerySchema = z.object({
  refId: z.string(),
  type: z.literal('anomalies'),
  metric,
  /** `table`: one row per anomaly; `annotations`: time, timeEnd, title, text, tags (Grafana annotations from a table frame). */
  format: z.enum(['table', 'annotations']).default('table'),
  status: z.array(z.enum(ANOMALY_STATUSES)).max(4).optional(),
  severity: z.array(z.enum(SEVERITIES)).max(4).optional(),
  levels: z.array(z.enum(LEVELS)).max(4).optional(),
  limit: z.number().int().min(1).max(500).default(200),
  hide: z.boolean().optional(),
});
export type AnomaliesQuery = z.output<typeof anomaliesQuerySchema>;

const money = (s: string) => Math.round(Number(s) * 100) / 100;
const lastDay = (range: TimeRange) => addDays(range.to, -1);

function describe(a: Anomaly): { title: string; text: string } {
  const scope = a.level === 'total' ? 'Organization total' : [a.scope.account && `account ${a.scope.account}`, a.scope.service].filter(Boolean).join(' · ');
  const pct = a.impactPct === null ? '' : ` (${a.impactPct >= 0 ? '+' : ''}${Math.round(a.impactPct * 100)} %)`;
  const causes = (a.rootCauses as { dimension: string; value: string; share: number }[]).slice(0, 3).map((c) => `${c.dimension} ${c.value} ${Math.round(c.share * 100)} %`);
  return {
    title: `${a.severity} cost anomaly: ${scope}${pct}`,
    text: `Actual ${money(a.actual)} vs expected ${money(a.expected)} ${a.currency}, impact ${money(a.impact)}. ${causes.length ? `Top causes: ${causes.join('; ')}.` : ''} Status: ${a.status}.`,
  };
}

async function load(ctx: QueryContext, q: AnomaliesQuery, range: TimeRange): Promise<Anomaly[]> {
  const res = await listAnomalies(ctx.db, ctx.organizationId, {
    from: range.from,
    to: lastDay(range),
    status: q.status,
    severity: q.severity,
    level: q.levels,
    metric: q.metric,
    limit: q.limit,
    offset: 0,
  });
  return res.items;
}

export const anomaliesQueryHandler: QueryHandler<typeof anomaliesQuerySchema> = {
  type: 'anomalies',
  schema: anomaliesQuerySchema,
  // Status changes must show at once; the read is one indexed query.
  cacheable: false,
  async execute(ctx, q, range): Promise<FrameDTO[]> {
    const items = await load(ctx, q, range);
    const start = items.map((a) => epochMs(a.startDate));
    // Annotations cover whole days: the end is the end of the last anomalous day.
    const end = items.map((a) => epochMs(a.endDate) + 86_400_000 - 1);
    if (q.format === 'annotations') {
      const d = items.map(describe);
      return [
        {
          name: 'anomalies',
          refId: q.refId,
          meta: { dataTopic: 'annotations' },
          fields: [
            timeField('time', start),
            timeField('timeEnd', end),
            { name: 'title', type: 'string', values: d.map((x) => x.title) },
            { name: 'text', type: 'string', values: d.map((x) => x.text) },
            { name: 'tags', type: 'other', values: items.map((a) => ['costwatch', 'anomaly', a.severity, a.status, a.level]) },
            { name: 'id', type: 'string', values: items.map((a) => a.id) },
          ],
        },
      ];
    }
    const top = (a: Anomaly) => (a.rootCauses as { dimension: string; value: string }[])[0];
    return [
      {
        name: 'anomalies',
        refId: q.refId,
        fields: [
          timeField('start', start),
          timeField('end', end),
          { name: 'id', type: 'string', values: items.map((a) => a.id) },
          { name: 'series', type: 'string', values: items.map((a) => a.seriesKey) },
          { name: 'level', type: 'string', values: items.map((a) => a.level) },
          { name: 'account', type: 'string', values: items.map((a) => a.scope.account ?? '') },
          { name: 'service', type: 'string', values: items.map((a) => a.scope.service ?? '') },
          { name: 'expected', type: 'number', values: items.map((a) => money(a.expected)), config: { unit: `currency${items[0]?.currency ?? 'USD'}` } },
          { name: 'actual', type: 'number', values: items.map((a) => money(a.actual)), config: { unit: `currency${items[0]?.currency ?? 'USD'}` } },
          { name: 'impact', type: 'number', values: items.map((a) => money(a.impact)), config: { unit: `currency${items[0]?.currency ?? 'USD'}` } },
          { name: 'impact_pct', type: 'number', values: items.map((a) => a.impactPct), config: { unit: 'percentunit' } },
          { name: 'probability', type: 'number', values: items.map((a) => a.probability) },
          { name: 'severity', type: 'string', values: items.map((a) => a.severity) },
          { name: 'status', type: 'string', values: items.map((a) => a.status) },
          { name: 'top_cause', type: 'string', values: items.map((a) => (top(a) ? `${top(a)!.dimension}: ${top(a)!.value}` : '')) },
        ],
      },
    ];
  },
};

export const clustersQuerySchema = z.object({
  refId: z.string(),
  type: z.literal('clusters'),
  metric,
  /** What is clustered: services or accounts. */
  by: z.enum(['service', 'account']).default('service'),
  k: z.number().int().min(1).max(10).optional(),
  hide: z.boolean().optional(),
});

/** Usage patterns over the query range: one row per series with its cluster and label. */
export const clustersQueryHandler: QueryHandler<typeof clustersQuerySchema> = {
  type: 'clusters',
  schema: clustersQuerySchema,
  async execute(ctx, q, range): Promise<FrameDTO[]> {
    const series = await loadDailySeries(ctx.db, ctx.organizationId, { from: range.from, to: range.to, metric: q.metric, levels: [q.by], minTotal: 1 });
    const inputs = series.map((s) => ({ key: (q.by === 'service' ? s.scope.service : s.scope.account) ?? s.key, start: s.start, values: s.values }));
    const { clusters, profiles } = clusterProfiles(inputs, q.k);
    const rows = profiles.map((p) => ({ p, c: clusters.find((c) => c.members.includes(p.key))! }));
    const r = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;
    return [
      {
        name: 'clusters',
        refId: q.refId,
        fields: [
          { name: q.by, type: 'string', values: rows.map((x) => x.p.key) },
          { name: 'cluster', type: 'number', values: rows.map((x) => x.c.id) },
          { name: 'pattern', type: 'string', values: rows.map((x) => x.c.label) },
          { name: 'daily_mean', type: 'number', values: rows.map((x) => r(x.p.mean, 2)) },
          { name: 'growth_per_30d', type: 'number', values: rows.map((x) => r(x.p.growth)), config: { unit: 'percentunit' } },
          { name: 'weekday_weekend_ratio', type: 'number', values: rows.map((x) => r(x.p.weekly.slice(1, 6).reduce((a, b) => a + b, 0) / 5 / Math.max((x.p.weekly[0]! + x.p.weekly[6]!) / 2, 1e-9))) },
          { name: 'spiky_days', type: 'number', values: rows.map((x) => r(x.p.spikiness)), config: { unit: 'percentunit' } },
          { name: 'idle_days', type: 'number', values: rows.map((x) => r(x.p.batch)), config: { unit: 'percentunit' } },
        ],
      },
    ];
  },
};
