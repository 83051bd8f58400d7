import { z } from 'zod';
import { ValidationError } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/validation.js';
import { getScanRun, loadScanAccounts, RESOURCE_TYPES, scanOrganization } from '../../scan/index.js';
import type { Queryable } from '../../store/queryable.js';
import type { ApiDeps } from '../context.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

const startBody = z.strictObject({
  mode: z.enum(['full', 'incremental', 'critical']).default('full'),
  accounts: z.array(z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id')).max(200).optional(),
  regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name like eu-west-1')).max(50).optional(),
  types: z.array(z.enum(RESOURCE_TYPES)).max(RESOURCE_TYPES.length).optional(),
});

const uuid = z.string().uuid();

async function scanRunFixture(db: Queryable, organizationId: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO scan_runs (organization_id, mode, trigger, status, finished_at) VALUES ($1, 'full', 'test', 'succeeded', now()) RETURNING id`,
    [organizationId],
  );
  return { id: rows[0]!.id };
}

/**
 * Manual scans. POST answers 202 with the run id as soon as the run is recorded; the scan goes
 * on in this process and GET /api/v1/scans/:id reports it. One scan per organization at a time (409).
 */
export function scanRoutes(deps: ApiDeps): RouteDef[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/scans',
      permission: 'scan:run',
      summary: 'Start a scan (mode full | incremental | critical; optional accounts, regions, types); 202 with the run id',
      exampleBody: { mode: 'incremental', types: ['ec2_instance'] },
      handler: async (c) => {
        const p = principalOf(c);
        const body = parseOrThrow(startBody, await readJson(c));
        const accounts = await loadScanAccounts(deps.db, p.organizationId);
        if (!accounts.length) throw new ValidationError('this organization has no AWS accounts to scan (register one first)', 'accounts');
        const unknown = body.accounts?.find((a) => !accounts.some((x) => x.accountId === a));
        if (unknown) throw new ValidationError(`account ${unknown} is not registered in this organization`, 'accounts');
        const log = c.get('log');
        const runId = await new Promise<string>((resolve, reject) => {
          scanOrganization({ db: deps.db, config: deps.config.scan, log }, p.organizationId, { ...body, trigger: 'api', onRunCreated: resolve })
            .then((s) => resolve(s.runId))
            .catch((err) => {
              reject(err);
              log.error({ err }, 'manual scan failed');
            });
        });
        return c.json({ runId, status: 'running', href: `/api/v1/scans/${runId}` }, 202);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/scans/:id',
      permission: 'resources:read',
      summary: 'A scan run: status, found/new/changed/gone counts and the failed slices it names',
      fixture: scanRunFixture,
      handler: async (c) => {
        const id = c.req.param('id') ?? '';
        if (!uuid.safeParse(id).success) throw new ValidationError('id must be a UUID', 'id');
        return c.json(await getScanRun(deps.db, principalOf(c).organizationId, id));
      },
    },
  ];
}
