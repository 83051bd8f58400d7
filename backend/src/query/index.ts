import { ValidationError } from '../domain/errors.js';
import { parseOrThrow } from '../domain/validation.js';
import { LRUCache } from 'lru-cache';
import { Cache } from '../cache/index.js';
import type { FrameDTO } from './frames.js';
import { parseEnvelope, parseRange, type TimeRange } from './model.js';
import type { QueryContext, QueryRegistry } from './registry.js';

export { QueryRegistry, type QueryHandler, type QueryContext } from './registry.js';
export { costQueryHandler, costQuerySchema, type CostQuery } from './cost.js';
export { parseRange, type TimeRange } from './model.js';
export * from './frames.js';
export { listDimensionValues, listTagKeys } from './dimensions.js';

export interface QueryLimits {
  maxRangeDays: number;
  maxBatch: number;
}

export interface QueryResponse {
  results: Record<string, { frames: FrameDTO[] }>;
}

/**
 * Validates the whole batch before running any of it (a bad query fails the request with
 * its field named), then answers each query, cached per organization in the query layer.
 */
export async function executeQueries(
  ctx: QueryContext,
  registry: QueryRegistry,
  body: unknown,
  limits: QueryLimits,
): Promise<{ json: string; cacheable: boolean }> {
  const env = parseEnvelope(body, limits.maxBatch);
  const range = parseRange(env.range, limits.maxRangeDays, ctx.now);
  const planned = env.queries.map((q, i) => {
    const handler = registry.get(q.type);
    if (!handler) {
      throw new ValidationError(
        `unknown query type "${q.type}" (expected one of ${registry.types().join(', ')})`,
        `queries[${i}].type`,
      );
    }
    return { handler, query: parseOrThrow(handler.schema, q, ['queries', i]) as { refId: string; hide?: boolean } };
  });

  const parts = await Promise.all(
    planned.map(async ({ handler, query }) => {
      if (query.hide) return `${JSON.stringify(query.refId)}:{"frames":[]}`;
      const run = async () => JSON.stringify(await handler.execute(ctx, query, range));
      const frames =
        handler.cacheable === false
          ? await run()
          : await ctx.cache.wrap(ctx.organizationId, 'query', Cache.key([handler.type, query, range]), run);
      return `${JSON.stringify(query.refId)}:{"frames":${frames}}`;
    }),
  );
  // Assembled as text so that cached answers are never parsed and re-serialised.
  return { json: `{"results":{${parts.join(',')}}}`, cacheable: planned.every((p) => p.handler.cacheable !== false) };
}

/**
 * Whole-batch answer cache keyed by the exact request text. Relative times (now-13M) resolve
 * to UTC days, so the key includes today's date. Only validated, successful answers are
 * stored, so a hit needs no parsing or validation: the hot path is a hash and a lookup.
 */
export async function answerBatch(
  ctx: QueryContext,
  registry: QueryRegistry,
  text: string,
  parse: (text: string) => unknown,
  limits: QueryLimits,
): Promise<{ json: string; versionedKey?: string }> {
  const key = batchKey(text, ctx.now);
  const hit = await ctx.cache.lookup(ctx.organizationId, 'query', key);
  if (hit.value !== undefined) return { json: hit.value, versionedKey: hit.versionedKey };
  const { json, cacheable } = await executeQueries(ctx, registry, parse(text), limits);
  if (!cacheable) return { json };
  await ctx.cache.set(ctx.organizationId, 'query', key, json);
  return { json, versionedKey: await ctx.cache.versionedKey(ctx.organizationId, 'query', key) };
}

/**
 * answerBatch's cached answer when this process holds it in memory (see Cache.peek), without
 * I/O or a promise; undefined means "call answerBatch".
 */
export function cachedBatch(cache: Cache, organizationId: string, text: string, now: Date): { json: string; versionedKey: string } | undefined {
  const hit = cache.peek(organizationId, 'query', batchKey(text, now));
  return hit && { json: hit.value, versionedKey: hit.versionedKey };
}

// The same few request texts arrive over and over (each dashboard panel sends its own):
// deriving their key once per day saves a hash per cached answer. Long texts are not kept.
const MEMO_MAX_TEXT = 4096;
const keyMemo = new LRUCache<string, { day: string; key: string }>({ max: 2000 });

// The UTC day of `now`, formatted once per day rather than per request.
let today = { from: 0, to: 0, day: '' };
function utcDay(now: Date): string {
  const t = now.getTime();
  if (t < today.from || t >= today.to) {
    const from = Math.floor(t / 86_400_000) * 86_400_000;
    today = { from, to: from + 86_400_000, day: now.toISOString().slice(0, 10) };
  }
  return today.day;
}

function batchKey(text: string, now: Date): string {
  const day = utcDay(now);
  const memo = text.length <= MEMO_MAX_TEXT ? keyMemo.get(text) : undefined;
  if (memo?.day === day) return memo.key;
  const key = Cache.key(['batch', text, day]);
  if (text.length <= MEMO_MAX_TEXT) keyMemo.set(text, { day, key });
  return key;
}

export type { TimeRange as QueryTimeRange };
