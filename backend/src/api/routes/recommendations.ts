import { z } from 'zod';
import { ValidationError } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/validation.js';
import {
  CATALOG,
  dismissRecommendation,
  getRecommendation,
  listRecommendations,
  reopenRecommendation,
  savingsSummary,
  STATUSES,
  utilizationOf,
} from '../../recommend/index.js';
import type { Queryable } from '../../store/queryable.js';
import type { ApiDeps } from '../context.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

/** `status=open,dismissed` or repeated `status=open&status=dismissed`. */
const list = (max = 100) =>
  z
    .array(z.string().max(200))
    .transform((xs) => xs.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().min(1).max(200)).max(max));

const listQuery = z.object({
  status: list(3).pipe(z.array(z.enum(STATUSES as ['open', 'dismissed', 'resolved']))),
  check: list(),
  account: list(),
  service: list(),
  region: list(),
  confidence: list(3).pipe(z.array(z.enum(['low', 'medium', 'high']))),
  search: z.string().max(200).optional(),
  minSavings: z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, 'must be a non-negative decimal amount').optional(),
  sort: z.enum(['savings', 'first_detected', 'last_detected', 'check']).default('savings'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const dismissBody = z.object({ reason: z.string().trim().min(1, 'reason is required').max(1000) });
const uuid = z.string().uuid();

const MULTI = ['status', 'check', 'account', 'service', 'region', 'confidence'] as const;

function parseListQuery(c: { req: { query(): Record<string, string>; queries(k: string): string[] | undefined } }) {
  const raw: Record<string, unknown> = { ...c.req.query() };
  for (const k of MULTI) raw[k] = c.req.queries(k) ?? [];
  return parseOrThrow(listQuery, raw);
}

function idParam(raw: string | undefined): string {
  if (!uuid.safeParse(raw ?? '').success) throw new ValidationError('id must be a UUID', 'id');
  return raw!;
}

/** A recommendation in the given organization, for the cross-organization and RBAC suites. */
async function recommendationFixture(db: Queryable, organizationId: string): Promise<Record<string, string>> {
  const suffix = Math.random().toString(36).slice(2, 10);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO optimization_recommendations
       (organization_id, resource_key, check_id, title, description, account_id, region, service, estimated_monthly_savings, pricing_basis, confidence)
     VALUES ($1, $2, 'eip-unassociated', 'Unassociated Elastic IP', 'Release the address.', '123456789012', 'us-east-1', 'AmazonVPC', 3.65,
             '{"hourly":0.005,"hours":730}', 'high')
     RETURNING id`,
    [organizationId, `123456789012/us-east-1/elastic_ip/eipalloc-fixture-${suffix}`],
  );
  return { id: rows[0]!.id };
}

/** Savings recommendations: list, detail with utilization, triage (dismiss / reopen), totals. */
export function recommendationRoutes(deps: ApiDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/recommendations',
      permission: 'recommendations:read',
      summary: 'Recommendations with filters (status, check, account, service, region, confidence, search, minSavings), sorted by savings, paged',
      handler: async (c) => {
        const q = parseListQuery(c);
        const res = await listRecommendations(deps.db, principalOf(c).organizationId, {
          status: q.status.length ? q.status : ['open'],
          checkId: q.check,
          accountId: q.account,
          service: q.service,
          region: q.region,
          confidence: q.confidence,
          search: q.search,
          minSavings: q.minSavings,
          sort: q.sort,
          order: q.order,
          limit: q.limit,
          offset: q.offset,
        });
        return c.json({ items: res.items, total: res.total, limit: q.limit, offset: q.offset });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/recommendations/summary',
      permission: 'recommendations:read',
      summary: 'Potential monthly savings: exact total and totals by account, service and check (status, default open)',
      handler: async (c) => {
        const q = parseListQuery(c);
        const s = await savingsSummary(deps.db, principalOf(c).organizationId, {
          status: q.status.length ? q.status : ['open'],
          checkId: q.check,
          accountId: q.account,
          service: q.service,
          region: q.region,
        });
        return c.json(s);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/recommendations/checks',
      permission: 'recommendations:read',
      summary: 'The check catalog: id, title, why it matters, service, resource type, default thresholds',
      handler: (c) =>
        c.json({
          checks: CATALOG.map((k) => ({ id: k.id, title: k.title, why: k.why, service: k.service, resourceType: k.resourceType, group: k.group ?? null, thresholds: k.defaults })),
        }),
    },
    {
      method: 'GET',
      path: '/api/v1/recommendations/:id',
      permission: 'recommendations:read',
      summary: 'One recommendation with its pricing basis, evidence and 30 days of the resource utilization',
      fixture: recommendationFixture,
      handler: async (c) => {
        const orgId = principalOf(c).organizationId;
        const rec = await getRecommendation(deps.db, orgId, idParam(c.req.param('id')));
        const utilization = await utilizationOf(deps.db, orgId, rec.resource.id, 30, deps.now?.() ?? new Date());
        return c.json({ ...rec, utilization });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/recommendations/:id/dismiss',
      permission: 'recommendations:write',
      summary: 'Dismisses a recommendation with a reason; it stays dismissed across scans until reopened',
      fixture: recommendationFixture,
      exampleBody: { reason: 'kept on purpose: disaster-recovery standby' },
      handler: async (c) => {
        const id = idParam(c.req.param('id'));
        const body = parseOrThrow(dismissBody, await readJson(c));
        return c.json(await dismissRecommendation(deps.db, principalOf(c).organizationId, id, body.reason));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/recommendations/:id/reopen',
      permission: 'recommendations:write',
      summary: 'Undoes a dismissal (the body is ignored)',
      fixture: recommendationFixture,
      exampleBody: {},
      handler: async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await reopenRecommendation(deps.db, principalOf(c).organizationId, id));
      },
    },
  ];
}
