import { z } from 'zod';
import { toNumber } from '../domain/money.js';
import { currencyUnit, type FieldDTO, type FrameDTO, type QueryHandler } from '../query/index.js';
import { listRecommendations, savingsSummary, STATUSES, type Status } from './read.js';

const statuses = z.array(z.enum(STATUSES as [Status, ...Status[]])).max(3).default(['open']);
const names = z.array(z.string().min(1).max(200)).max(100).default([]);

export const recommendationsQuerySchema = z.object({
  refId: z.string(),
  type: z.literal('recommendations'),
  status: statuses,
  checks: names,
  accounts: names,
  services: names,
  limit: z.number().int().min(1).max(1000).default(100),
  hide: z.boolean().optional(),
});

/** Table of recommendations, largest savings first (Grafana table panels, the app page). */
export const recommendationsQueryHandler: QueryHandler<typeof recommendationsQuerySchema> = {
  type: 'recommendations',
  schema: recommendationsQuerySchema,
  // Dismissals must show at once; the read is one indexed query.
  cacheable: false,
  async execute(ctx, q) {
    const { items } = await listRecommendations(ctx.db, ctx.organizationId, {
      status: q.status,
      checkId: q.checks,
      accountId: q.accounts,
      service: q.services,
      limit: q.limit,
    });
    const col = (name: string, type: FieldDTO['type'], values: unknown[], config?: Record<string, unknown>): FieldDTO => ({ name, type, values, ...(config ? { config } : {}) });
    const frame: FrameDTO = {
      refId: q.refId,
      name: 'recommendations',
      meta: { preferredVisualisationType: 'table' },
      fields: [
        col('id', 'string', items.map((i) => i.id)),
        col('check', 'string', items.map((i) => i.checkId)),
        col('title', 'string', items.map((i) => i.title)),
        col('resource', 'string', items.map((i) => i.resource.resourceId)),
        col('account', 'string', items.map((i) => i.accountId ?? '')),
        col('region', 'string', items.map((i) => i.region ?? '')),
        col('service', 'string', items.map((i) => i.service ?? '')),
        col('monthly savings', 'number', items.map((i) => toNumber(i.estimatedMonthlySavings)), { unit: currencyUnit(items[0]?.currency ?? 'USD') }),
        col('confidence', 'string', items.map((i) => i.confidence)),
        col('status', 'string', items.map((i) => i.status)),
        col('first detected', 'time', items.map((i) => Date.parse(i.firstDetectedAt))),
        col('last detected', 'time', items.map((i) => Date.parse(i.lastDetectedAt))),
      ],
    };
    return [frame];
  },
};

export const savingsQuerySchema = z.object({
  refId: z.string(),
  type: z.literal('savings'),
  groupBy: z.enum(['none', 'account', 'service', 'check']).default('none'),
  status: statuses,
  hide: z.boolean().optional(),
});

/** Potential monthly savings: one number (stat panels) or by account, service or check (bar charts). */
export const savingsQueryHandler: QueryHandler<typeof savingsQuerySchema> = {
  type: 'savings',
  schema: savingsQuerySchema,
  cacheable: false,
  async execute(ctx, q) {
    const s = await savingsSummary(ctx.db, ctx.organizationId, { status: q.status });
    const unit = currencyUnit(s.currency);
    if (q.groupBy === 'none') {
      return [{ refId: q.refId, name: 'savings', fields: [{ name: 'potential monthly savings', type: 'number', values: [toNumber(s.total)], config: { unit } }] }];
    }
    const groups = q.groupBy === 'account' ? s.byAccount : q.groupBy === 'service' ? s.byService : s.byCheck;
    return [
      {
        refId: q.refId,
        name: `savings by ${q.groupBy}`,
        fields: [
          { name: q.groupBy, type: 'string', values: groups.map((g) => g.key) },
          { name: 'potential monthly savings', type: 'number', values: groups.map((g) => toNumber(g.savings)), config: { unit } },
          { name: 'recommendations', type: 'number', values: groups.map((g) => g.count) },
        ],
      },
    ];
  },
};
