import { z } from 'zod';
import { getAlert, listAlerts, setAlertStatus, createRule, ruleInputSchema } from '../../alerts/index.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { Queryable } from '../../store/queryable.js';
import type { ApiDeps } from '../context.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

export async function alertFixture(db: Queryable, organizationId: string): Promise<Record<string, string>> {
  const rule = await createRule(db, organizationId, ruleInputSchema.parse({ name: 'fixture alert rule', kind: 'forecast', condition: { threshold: 1 } }));
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO alerts (organization_id, rule_id, dedup_key, status, severity, title, fired_at) VALUES ($1, $2, 'fixture', 'firing', 'warning', 'fixture', now()) RETURNING id`,
    [organizationId, rule.id],
  );
  return { id: rows[0]!.id };
}

const listQuery = z.object({
  status: z.array(z.enum(['pending', 'firing', 'acknowledged', 'resolved'])).default([]),
  rule_id: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const idParam = z.object({ id: z.uuid() });
const noteBody = z.object({ note: z.string().max(1000).default('') });

/** The note is optional: an empty body means {}. Hono caches the body text, so readJson re-reads it. */
async function optionalJson(c: Parameters<typeof readJson>[0]): Promise<unknown> {
  return (await c.req.text()).trim() === '' ? {} : readJson(c);
}

export function alertRoutes(deps: ApiDeps): RouteDef[] {
  const id = (c: { req: { param(k: string): string | undefined } }) => parseOrThrow(idParam, { id: c.req.param('id') }).id;
  const transition = (to: 'acknowledged' | 'resolved'): RouteDef['handler'] => async (c) => {
    const p = principalOf(c);
    const alertId = id(c);
    const body = parseOrThrow(noteBody, await optionalJson(c));
    return c.json(await setAlertStatus(deps.db, p.organizationId, alertId, to, p.name, body.note, deps.now?.() ?? new Date()));
  };
  return [
    {
      method: 'GET', path: '/api/v1/alerts', permission: 'alerts:read', summary: 'Alerts, newest first; ?status= (repeatable), ?rule_id=, ?limit=',
      handler: async (c) => {
        const q = parseOrThrow(listQuery, { ...c.req.query(), status: c.req.queries('status') ?? [] });
        return c.json({ alerts: await listAlerts(deps.db, principalOf(c).organizationId, { status: q.status, ruleId: q.rule_id, limit: q.limit }) });
      },
    },
    {
      method: 'GET', path: '/api/v1/alerts/:id', permission: 'alerts:read', summary: 'One alert with its history and delivery attempts', fixture: alertFixture,
      handler: async (c) => c.json(await getAlert(deps.db, principalOf(c).organizationId, id(c))),
    },
    {
      method: 'POST', path: '/api/v1/alerts/:id/acknowledge', permission: 'alerts:ack', summary: 'Acknowledge a firing alert (stops repeats and escalation)', fixture: alertFixture, exampleBody: { note: 'looking into it' },
      handler: transition('acknowledged'),
    },
    {
      method: 'POST', path: '/api/v1/alerts/:id/resolve', permission: 'alerts:ack', summary: 'Resolve an alert by hand (channels that heard of it are told)', fixture: alertFixture, exampleBody: { note: 'fixed' },
      handler: transition('resolved'),
    },
  ];
}
