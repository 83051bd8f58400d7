import { z } from 'zod';
import { listAudit } from '../../auth/index.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { ApiDeps } from '../context.js';
import { principalOf, type RouteDef } from '../route.js';

const auditQuery = z.object({
  action: z.string().max(200).optional(),
  actor: z.string().max(100).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  before: z.string().regex(/^\d{1,18}$/, 'must be an audit entry id').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** The organization's audit log, newest first, with keyset paging (`before` = last id seen). */
export function auditRoutes(deps: ApiDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/audit',
      permission: 'audit:read',
      summary: 'Audit log: who changed or exported what, when, from where; filters action, actor, from, to',
      handler: async (c) => {
        const q = parseOrThrow(auditQuery, c.req.query());
        const entries = await listAudit(deps.db, principalOf(c).organizationId, { ...q, actorId: q.actor });
        return c.json({ entries, next: entries.length === q.limit ? entries[entries.length - 1]!.id : null });
      },
    },
  ];
}
