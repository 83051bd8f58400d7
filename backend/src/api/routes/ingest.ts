import { z } from 'zod';
import { findAccount, secretCodec, type SecretCodec } from '../../accounts/index.js';
import { parseOrThrow } from '../../domain/validation.js';
import { ingestCostExplorer, ingestMetrics, listRuns } from '../../ingest/index.js';
import type { ApiDeps } from '../context.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const ceBody = z.strictObject({
  account: z.string().min(1).max(64),
  from: day.optional(),
  to: day.optional(),
});
const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** Ingest runs and a manual Cost Explorer pull (202: it runs on in this process; see the runs list). */
export function ingestRoutes(deps: ApiDeps, codec: SecretCodec = secretCodec): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/ingest/runs',
      permission: 'accounts:read',
      summary: 'Recent ingest runs (Cost Explorer and exports) with row counts, CE requests and errors',
      handler: async (c) => {
        const q = parseOrThrow(runsQuery, c.req.query());
        return c.json({ runs: await listRuns(deps.db, principalOf(c).organizationId, q.limit) });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/ingest/ce',
      permission: 'ingest:run',
      summary: 'Pull Cost Explorer for one registered account (12-digit id or registry id); optional from/to',
      exampleBody: { account: '123456789012', from: '2026-01-01', to: '2026-01-08' },
      handler: async (c) => {
        const p = principalOf(c);
        const body = parseOrThrow(ceBody, await readJson(c));
        const account = await findAccount(deps.db, p.organizationId, body.account);
        const cfg = deps.config.ingest;
        const log = c.get('log');
        const runId = await new Promise<string>((resolve, reject) => {
          ingestCostExplorer(
            { db: deps.db, codec, cache: deps.cache, logger: log, metrics: ingestMetrics(deps.metrics.registry) },
            {
              organizationId: p.organizationId,
              accountId: account.id,
              from: body.from,
              to: body.to,
              budget: cfg.ce.dailyRequestBudget,
              repullDays: cfg.ce.repullDays,
              maxRetries: cfg.ce.maxRetries,
              tagKey: cfg.ce.tagKey,
              endpoint: cfg.awsEndpoint,
              trigger: 'api',
              onRunCreated: resolve,
            },
          )
            .then((s) => resolve(s.runId))
            .catch((err: unknown) => {
              reject(err);
              log.error({ err: (err as Error).message }, 'cost explorer ingest failed');
            });
        });
        return c.json({ runId, status: 'running', href: '/api/v1/ingest/runs' }, 202);
      },
    },
  ];
}
