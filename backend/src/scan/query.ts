import { z } from 'zod';
import { dec, toNumber } from '../domain/money.js';
import { currencyUnit, epochMs, type FieldDTO, type FrameDTO, type QueryHandler } from '../query/index.js';
import { listResources } from './read.js';
import { RESOURCE_TYPES } from './types.js';

const strList = z.array(z.string().min(1).max(256)).max(200).optional();
const filters = {
  resourceTypes: z.array(z.enum(RESOURCE_TYPES)).max(20).optional(),
  accounts: z.array(z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id')).max(200).optional(),
  regions: strList,
  states: strList,
  tags: z.array(z.object({ key: z.string().min(1).max(128), value: z.string().max(256).optional() })).max(20).optional(),
  includeDeleted: z.boolean().default(false),
};

export const resourcesQuerySchema = z.object({
  refId: z.string(),
  type: z.literal('resources'),
  ...filters,
  search: z.string().max(200).optional(),
  sort: z.enum(['cost', 'name', 'last_seen']).default('cost'),
  limit: z.number().int().min(1).max(5000).default(500),
});

/** Inventory table: one row per resource with cost, 30-day CPU and cost allocation. */
export const resourcesQueryHandler: QueryHandler<typeof resourcesQuerySchema> = {
  type: 'resources',
  schema: resourcesQuerySchema,
  cacheable: false,
  async execute(ctx, q) {
    const { items } = await listResources(ctx.db, ctx.organizationId, {
      types: q.resourceTypes, accounts: q.accounts, regions: q.regions, states: q.states, tags: q.tags,
      search: q.search, includeDeleted: q.includeDeleted, sort: q.sort, limit: q.limit, offset: 0,
    });
    const col = (name: string, type: FieldDTO['type'], values: unknown[], config?: Record<string, unknown>): FieldDTO => ({ name, type, values, ...(config ? { config } : {}) });
    const cur = items[0]?.currency ?? 'USD';
    return [
      {
        refId: q.refId,
        name: 'resources',
        meta: { preferredVisualisationType: 'table' },
        fields: [
          col('id', 'string', items.map((r) => r.id)),
          col('account', 'string', items.map((r) => r.accountId)),
          col('region', 'string', items.map((r) => r.region)),
          col('type', 'string', items.map((r) => r.type)),
          col('resource_id', 'string', items.map((r) => r.resourceId)),
          col('name', 'string', items.map((r) => r.name ?? '')),
          col('state', 'string', items.map((r) => r.state ?? '')),
          col('monthly_cost', 'number', items.map((r) => (r.monthlyCost === null ? null : toNumber(r.monthlyCost, 2))), { unit: currencyUnit(cur) }),
          col('cpu_avg_30d', 'number', items.map((r) => r.cpuAvg30d), { unit: 'percent' }),
          col('cpu_max_30d', 'number', items.map((r) => r.cpuMax30d), { unit: 'percent' }),
          col('team', 'string', items.map((r) => r.costAllocation.team ?? '')),
          col('env', 'string', items.map((r) => r.costAllocation.env ?? '')),
          col('app', 'string', items.map((r) => r.costAllocation.app ?? '')),
          col('first_seen', 'time', items.map((r) => Date.parse(r.firstSeenAt))),
          col('last_seen', 'time', items.map((r) => Date.parse(r.lastSeenAt))),
          col('deleted_at', 'time', items.map((r) => (r.deletedAt ? Date.parse(r.deletedAt) : null))),
          col('stale', 'boolean', items.map((r) => r.stale)),
        ],
      },
    ];
  },
};

const GROUPS = { type: 'resource_type', region: 'region', state: 'state', account: 'account_id' } as const;

export const inventoryQuerySchema = z.object({
  refId: z.string(),
  type: z.literal('inventory'),
  groupBy: z.array(z.enum(['type', 'region', 'state', 'account'])).max(2).default(['type']),
  ...filters,
  /** table: counts and estimated monthly cost per group now; timeseries: per day over the range. */
  format: z.enum(['table', 'timeseries']).default('table'),
  metric: z.enum(['count', 'cost']).default('count'),
});

/** Counts and estimated monthly cost by type, region, state or account, now or per day over the range. */
export const inventoryQueryHandler: QueryHandler<typeof inventoryQuerySchema> = {
  type: 'inventory',
  schema: inventoryQuerySchema,
  cacheable: false,
  async execute(ctx, q, range) {
    const where = ['r.organization_id = $1'];
    const params: unknown[] = [ctx.organizationId];
    const add = (sql: (p: string) => string, v: unknown) => {
      params.push(v);
      where.push(sql(`$${params.length}`));
    };
    if (q.resourceTypes?.length) add((p) => `r.resource_type = ANY(${p}::text[])`, q.resourceTypes);
    if (q.accounts?.length) add((p) => `r.account_id = ANY(${p}::text[])`, q.accounts);
    if (q.regions?.length) add((p) => `r.region = ANY(${p}::text[])`, q.regions);
    if (q.states?.length) add((p) => `r.state = ANY(${p}::text[])`, q.states);
    for (const t of q.tags ?? []) {
      if (t.value === undefined) add((p) => `r.tags ? ${p}`, t.key);
      else add((p) => `r.tags @> ${p}::jsonb`, JSON.stringify({ [t.key]: t.value }));
    }
    const cols = q.groupBy.map((g) => `coalesce(r.${GROUPS[g]}, '') AS g_${g}`);
    const groupCols = q.groupBy.map((g) => `g_${g}`);
    if (q.format === 'table') {
      if (!q.includeDeleted) where.push('r.deleted_at IS NULL');
      const { rows } = await ctx.db.query<Record<string, string>>(
        `SELECT ${[...cols, 'count(*)::text AS n', 'coalesce(sum(r.monthly_cost), 0)::text AS cost'].join(', ')}
         FROM aws_resources r WHERE ${where.join(' AND ')} GROUP BY ${groupCols.join(', ')} ORDER BY sum(r.monthly_cost) DESC NULLS LAST, ${groupCols.join(', ')}`,
        params,
      );
      return [
        {
          refId: q.refId,
          name: 'inventory',
          fields: [
            ...q.groupBy.map((g) => ({ name: g, type: 'string' as const, values: rows.map((r) => r[`g_${g}`]) })),
            { name: 'count', type: 'number', values: rows.map((r) => Number(r.n)) },
            { name: 'monthly_cost', type: 'number', values: rows.map((r) => toNumber(dec(r.cost), 2)), config: { unit: currencyUnit('USD') } },
          ],
        },
      ];
    }
    // Alive on day d: first seen on or before d and not deleted by then.
    params.push(range.from, range.to);
    const { rows } = await ctx.db.query<Record<string, string>>(
      `SELECT d.day::date::text AS day, ${cols.join(', ')}, count(*)::text AS n, coalesce(sum(r.monthly_cost), 0)::text AS cost
       FROM generate_series($${params.length - 1}::date, $${params.length}::date - 1, interval '1 day') AS d(day)
       JOIN aws_resources r ON r.first_seen_at::date <= d.day AND (r.deleted_at IS NULL OR r.deleted_at::date > d.day)
       WHERE ${where.join(' AND ')}
       GROUP BY 1, ${groupCols.join(', ')} ORDER BY 1`,
      params,
    );
    const series = new Map<string, { labels: Record<string, string>; t: number[]; v: number[] }>();
    for (const r of rows) {
      const labels = Object.fromEntries(q.groupBy.map((g) => [g, r[`g_${g}`]!]));
      const key = JSON.stringify(labels);
      const s = series.get(key) ?? { labels, t: [], v: [] };
      s.t.push(epochMs(r.day!));
      s.v.push(q.metric === 'count' ? Number(r.n) : toNumber(dec(r.cost), 2));
      series.set(key, s);
    }
    return [...series.values()].map(
      (s): FrameDTO => ({
        refId: q.refId,
        name: Object.values(s.labels).join(' / '),
        fields: [
          { name: 'time', type: 'time', values: s.t },
          { name: q.metric === 'count' ? 'resources' : 'monthly_cost', type: 'number', values: s.v, labels: s.labels, ...(q.metric === 'cost' ? { config: { unit: currencyUnit('USD') } } : {}) },
        ],
      }),
    );
  },
};
