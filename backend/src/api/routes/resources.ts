import { z } from 'zod';
import { ValidationError } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/validation.js';
import { getResource, listResources, RESOURCE_TYPES } from '../../scan/index.js';
import type { Queryable } from '../../store/queryable.js';
import type { ApiDeps } from '../context.js';
import { principalOf, type RouteDef } from '../route.js';

/** `type=ec2_instance,ebs_volume` or repeated `type=…&type=…`. */
const list = (max = 100) =>
  z
    .array(z.string().max(256))
    .transform((xs) => xs.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().min(1).max(256)).max(max));

const listQuery = z.object({
  type: list(20).pipe(z.array(z.enum(RESOURCE_TYPES))),
  account: list().pipe(z.array(z.string().regex(/^\d{12}$/, 'must be 12-digit AWS account ids'))),
  region: list().pipe(z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be AWS region names like eu-west-1'))),
  state: list(),
  /** `tag=team:payments` (exact) or `tag=team` (present). */
  tag: list(20),
  search: z.string().max(200).optional(),
  includeDeleted: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  sort: z.enum(['cost', 'name', 'last_seen']).default('cost'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

const MULTI = ['type', 'account', 'region', 'state', 'tag'] as const;
const uuid = z.string().uuid();

function idParam(raw: string | undefined): string {
  if (!uuid.safeParse(raw ?? '').success) throw new ValidationError('id must be a UUID', 'id');
  return raw!;
}

/** A resource in the given organization, for the cross-organization and RBAC suites. */
export async function resourceFixture(db: Queryable, organizationId: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO aws_resources (organization_id, account_id, region, resource_type, resource_id, name, state, monthly_cost, tags)
     VALUES ($1, '123456789012', 'us-east-1', 'ebs_volume', $2, 'fixture volume', 'available', 8, '{"team":"fixture"}') RETURNING id`,
    [organizationId, `vol-fixture-${Math.random().toString(36).slice(2, 10)}`],
  );
  return { id: rows[0]!.id };
}

/** Scanned inventory: paged list with filters, and one resource with its history and utilization. */
export function resourceRoutes(deps: ApiDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/resources',
      permission: 'resources:read',
      summary: 'Inventory with filters (type, account, region, state, tag, search, includeDeleted), sorted by cost, name or last seen, paged',
      handler: async (c) => {
        const raw: Record<string, unknown> = { ...c.req.query() };
        for (const k of MULTI) raw[k] = c.req.queries(k) ?? [];
        const q = parseOrThrow(listQuery, raw);
        const tags = q.tag.map((t) => {
          const i = t.indexOf(':');
          return i < 0 ? { key: t } : { key: t.slice(0, i), value: t.slice(i + 1) };
        });
        const res = await listResources(deps.db, principalOf(c).organizationId, {
          types: q.type, accounts: q.account, regions: q.region, states: q.state, tags,
          search: q.search, includeDeleted: q.includeDeleted, sort: q.sort, limit: q.limit, offset: q.offset,
        });
        return c.json({ total: res.total, limit: q.limit, offset: q.offset, items: res.items });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/resources/:id',
      permission: 'resources:read',
      summary: 'One resource with its state history and the last 30 days of utilization',
      fixture: resourceFixture,
      handler: async (c) => c.json(await getResource(deps.db, principalOf(c).organizationId, idParam(c.req.param('id')))),
    },
  ];
}
