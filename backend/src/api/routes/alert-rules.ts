import { z } from 'zod';
import { createRule, deleteRule, getRule, listRules, previewRule, ruleInputSchema, setRuleEnabled, updateRule, sendRuleTest } from '../../alerts/index.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { Queryable } from '../../store/queryable.js';
import type { ApiDeps } from '../context.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

const EXAMPLE_RULE = {
  name: 'Daily spend above $5,000',
  kind: 'cost_threshold',
  condition: { period: 'daily', threshold: 5000 },
  severity: 'warning',
  scope: { accounts: ['111111111111'] },
};

export async function ruleFixture(db: Queryable, organizationId: string): Promise<Record<string, string>> {
  const rule = await createRule(db, organizationId, ruleInputSchema.parse({ ...EXAMPLE_RULE, name: `fixture ${Math.random().toString(36).slice(2, 8)}` }));
  return { id: rule.id };
}

const idParam = z.object({ id: z.uuid() });
const enabledBody = z.object({ enabled: z.boolean() });
const previewQuery = z.object({ days: z.coerce.number().int().min(7).max(366).default(90) });

export function alertRuleRoutes(deps: ApiDeps): RouteDef[] {
  const now = () => deps.now?.() ?? new Date();
  const id = (c: { req: { param(k: string): string | undefined } }) => parseOrThrow(idParam, { id: c.req.param('id') }).id;
  return [
    {
      method: 'GET', path: '/api/v1/alert-rules', permission: 'alerts:read', summary: 'Alert rules of the organization',
      handler: async (c) => c.json({ rules: await listRules(deps.db, principalOf(c).organizationId) }),
    },
    {
      method: 'POST', path: '/api/v1/alert-rules', permission: 'alerts:write', summary: 'Create an alert rule', exampleBody: EXAMPLE_RULE,
      handler: async (c) => {
        const input = parseOrThrow(ruleInputSchema, await readJson(c));
        return c.json(await createRule(deps.db, principalOf(c).organizationId, input), 201);
      },
    },
    {
      method: 'POST', path: '/api/v1/alert-rules/preview', permission: 'alerts:read', exampleBody: EXAMPLE_RULE,
      summary: 'Days of the last 90 (?days=) on which a rule (not yet saved) would have fired, computed on stored costs',
      handler: async (c) => {
        const input = parseOrThrow(ruleInputSchema, await readJson(c));
        const q = parseOrThrow(previewQuery, c.req.query());
        return c.json(await previewRule(deps.db, principalOf(c).organizationId, input, { now: now(), days: q.days }));
      },
    },
    {
      method: 'GET', path: '/api/v1/alert-rules/:id', permission: 'alerts:read', summary: 'One alert rule', fixture: ruleFixture,
      handler: async (c) => c.json(await getRule(deps.db, principalOf(c).organizationId, id(c))),
    },
    {
      method: 'PUT', path: '/api/v1/alert-rules/:id', permission: 'alerts:write', summary: 'Replace an alert rule', fixture: ruleFixture, exampleBody: EXAMPLE_RULE,
      handler: async (c) => {
        const ruleId = id(c);
        const input = parseOrThrow(ruleInputSchema, await readJson(c));
        return c.json(await updateRule(deps.db, principalOf(c).organizationId, ruleId, input));
      },
    },
    {
      method: 'PATCH', path: '/api/v1/alert-rules/:id', permission: 'alerts:write', summary: 'Enable or disable an alert rule', fixture: ruleFixture, exampleBody: { enabled: false },
      handler: async (c) => {
        const ruleId = id(c);
        const body = parseOrThrow(enabledBody, await readJson(c));
        return c.json(await setRuleEnabled(deps.db, principalOf(c).organizationId, ruleId, body.enabled));
      },
    },
    {
      method: 'POST', path: '/api/v1/alert-rules/:id/enabled', permission: 'alerts:write', summary: 'Enable or disable an alert rule (POST form of PATCH, for clients without PATCH)', fixture: ruleFixture, exampleBody: { enabled: true },
      handler: async (c) => {
        const ruleId = id(c);
        const body = parseOrThrow(enabledBody, await readJson(c));
        return c.json(await setRuleEnabled(deps.db, principalOf(c).organizationId, ruleId, body.enabled));
      },
    },
    {
      method: 'DELETE', path: '/api/v1/alert-rules/:id', permission: 'alerts:write', summary: 'Delete an alert rule and its alerts', fixture: ruleFixture,
      handler: async (c) => {
        await deleteRule(deps.db, principalOf(c).organizationId, id(c));
        return c.body(null, 204);
      },
    },
    {
      method: 'GET', path: '/api/v1/alert-rules/:id/preview', permission: 'alerts:read', summary: 'Days of the last 90 on which a saved rule would have fired', fixture: ruleFixture,
      handler: async (c) => {
        const orgId = principalOf(c).organizationId;
        const rule = await getRule(deps.db, orgId, id(c));
        const q = parseOrThrow(previewQuery, c.req.query());
        return c.json(await previewRule(deps.db, orgId, rule, { now: now(), days: q.days }));
      },
    },
    {
      method: 'POST', path: '/api/v1/alert-rules/:id/test', permission: 'alerts:write', summary: "Send a test notification to each of the rule's channels now", fixture: ruleFixture, exampleBody: {},
      handler: async (c) => {
        const orgId = principalOf(c).organizationId;
        const rule = await getRule(deps.db, orgId, id(c));
        return c.json({ results: await sendRuleTest(deps.db, orgId, rule, { now: now(), dashboardUrl: deps.config.alerts?.dashboardUrl }) });
      },
    },
  ];
}
