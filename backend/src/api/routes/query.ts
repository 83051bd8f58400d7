import { z } from 'zod';
import { parseDimension } from '../../domain/dimensions.js';
import { ValidationError } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/validation.js';
import { answerBatch, listDimensionValues, listTagKeys, parseRange } from '../../query/index.js';
import type { ApiDeps } from '../context.js';
import { jsonBody } from '../encoded-body.js';
import { parseJsonText, principalOf, type RouteDef } from '../route.js';

const valuesQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  search: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  filter: z.array(z.string()).default([]),
});

/** Default for lookups without a range: the last 13 months, the span Cost Explorer keeps. */
function lookupRange(deps: ApiDeps, from?: string, to?: string) {
  const now = deps.now?.() ?? new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth() - 1, 1));
  return parseRange({ from: from ?? start.toISOString(), to: to ?? now.toISOString() }, deps.config.query.maxRangeDays);
}

/** `filter=service:AmazonEC2,AmazonS3`, `filter=tag:team:payments` or `filter=!region:us-east-1` (exclude). */
function parseFilters(raw: string[]) {
  return raw.map((f, i) => {
    const neg = f.startsWith('!');
    const body = neg ? f.slice(1) : f;
    const idx = body.indexOf(':', body.startsWith('tag:') ? 4 : 0);
    if (idx <= 0) throw new ValidationError('filter must look like dimension:value1,value2', `filter[${i}]`);
    return {
      dimension: parseDimension(body.slice(0, idx), `filter[${i}]`),
      operator: neg ? ('not_in' as const) : ('in' as const),
      values: body.slice(idx + 1).split(',').filter((v) => v !== ''),
    };
  });
}

/** Where Grafana's datasource sends its batches (the cached-answer lane serves repeats of them). */
export const QUERY_PATH = '/api/v1/query';

export function queryRoutes(deps: ApiDeps): RouteDef[] {
  return [
    {
      method: 'POST',
      path: QUERY_PATH,
      permission: 'costs:read',
      summary: 'Batch of typed queries answered per refId with Grafana data frames',
      audit: 'none',
      handler: async (c) => {
        const p = principalOf(c);
        const text = await c.req.text();
        const ctx = { db: deps.db, cache: deps.cache, organizationId: p.organizationId, now: deps.now?.() ?? new Date() };
        const { json, versionedKey } = await answerBatch(ctx, deps.queries, text, parseJsonText, deps.config.query);
        return jsonBody(c, json, versionedKey);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/dimensions/:dimension/values',
      permission: 'costs:read',
      summary: 'Values of a dimension (account, service, region, usage_type, tag:<key>) for variables and pickers',
      handler: async (c) => {
        const p = principalOf(c);
        const dimension = parseDimension(c.req.param('dimension') ?? '', 'dimension');
        const q = parseOrThrow(valuesQuery, { ...c.req.query(), filter: c.req.queries('filter') ?? [] });
        const range = lookupRange(deps, q.from, q.to);
        const values = await listDimensionValues(deps.db, p.organizationId, dimension, {
          range,
          filters: parseFilters(q.filter),
          search: q.search,
          limit: q.limit,
        });
        return c.json({ dimension: c.req.param('dimension') ?? '', values });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/tag-keys',
      permission: 'costs:read',
      summary: 'Tag keys present in cost data',
      handler: async (c) => {
        const p = principalOf(c);
        const q = parseOrThrow(valuesQuery, { ...c.req.query(), filter: [] });
        const keys = await listTagKeys(deps.db, p.organizationId, lookupRange(deps, q.from, q.to), q.limit);
        return c.json({ keys });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/query/types',
      permission: 'costs:read',
      summary: 'Query types this backend answers',
      handler: (c) => c.json({ types: deps.queries.types() }),
    },
  ];
}
