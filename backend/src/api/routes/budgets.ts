import { parseOrThrow } from '../../domain/validation.js';
import {
  budgetInputSchema,
  budgetStatus,
  createBudget,
  deleteBudget,
  getBudget,
  listBudgets,
  updateBudget,
  type BudgetStatus,
  type ForecastSettings,
} from '../../forecasting/index.js';
import type { Queryable } from '../../store/queryable.js';
import type { ApiDeps } from '../context.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

const EXAMPLE = { name: 'Production monthly', period: 'monthly', amount: '25000', currency: 'USD', scope: { account: '111111111111' } };

async function budgetFixture(db: Queryable, organizationId: string): Promise<Record<string, string>> {
  const b = await createBudget(db, organizationId, parseOrThrow(budgetInputSchema, { ...EXAMPLE, name: `fixture ${Math.random().toString(36).slice(2, 10)}` }));
  return { id: b.id };
}

/** Numbers as JSON numbers; the budget's exact amount stays the decimal string it was stored as. */
function statusJson(s: BudgetStatus) {
  const r = (v: number) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : null);
  return {
    budget: s.budget,
    period: s.period,
    currency: s.currency,
    actual: r(s.actual),
    forecast: { mean: r(s.forecast.mean), lo80: r(s.forecast.lo80), hi80: r(s.forecast.hi80), lo95: r(s.forecast.lo95), hi95: r(s.forecast.hi95) },
    variance: r(s.variance),
    utilisation: Number.isFinite(s.utilisation) ? s.utilisation : null,
    forecastUtilisation: Number.isFinite(s.forecastUtilisation) ? s.forecastUtilisation : null,
    overrunProbability: s.overrunProbability,
    model: s.model,
  };
}

/** Budgets CRUD and their status (actual to date, forecast at period end, overrun probability). */
export function budgetRoutes(deps: ApiDeps, settings?: ForecastSettings): RouteDef[] {
  const now = () => deps.now?.() ?? new Date();
  const status = (orgId: string, id: string | 'all') => budgetStatus(deps.db, orgId, id, now(), { cache: deps.cache, settings });
  return [
    {
      method: 'GET',
      path: '/api/v1/budgets',
      permission: 'budgets:read',
      summary: 'Budgets of the organization',
      handler: async (c) => c.json({ budgets: await listBudgets(deps.db, principalOf(c).organizationId) }),
    },
    {
      method: 'POST',
      path: '/api/v1/budgets',
      permission: 'budgets:write',
      summary: 'Create a monthly, quarterly or annual budget for the organization, an account, a service or a tag',
      exampleBody: EXAMPLE,
      handler: async (c) => {
        const input = parseOrThrow(budgetInputSchema, await readJson(c));
        return c.json(await createBudget(deps.db, principalOf(c).organizationId, input), 201);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/budgets/status',
      permission: 'budgets:read',
      summary: 'Status of every budget: actual to date, forecast at period end with intervals, variance, overrun probability',
      handler: async (c) => c.json({ budgets: (await status(principalOf(c).organizationId, 'all')).map(statusJson) }),
    },
    {
      method: 'GET',
      path: '/api/v1/budgets/:id',
      permission: 'budgets:read',
      summary: 'One budget',
      fixture: budgetFixture,
      handler: async (c) => c.json(await getBudget(deps.db, principalOf(c).organizationId, c.req.param('id') ?? '')),
    },
    {
      method: 'GET',
      path: '/api/v1/budgets/:id/status',
      permission: 'budgets:read',
      summary: 'Status of one budget',
      fixture: budgetFixture,
      handler: async (c) => c.json(statusJson((await status(principalOf(c).organizationId, c.req.param('id') ?? ''))[0]!)),
    },
    {
      method: 'PUT',
      path: '/api/v1/budgets/:id',
      permission: 'budgets:write',
      summary: 'Replace a budget',
      fixture: budgetFixture,
      exampleBody: { ...EXAMPLE, name: 'Production monthly (revised)', amount: 27500 },
      handler: async (c) => {
        const input = parseOrThrow(budgetInputSchema, await readJson(c));
        return c.json(await updateBudget(deps.db, principalOf(c).organizationId, c.req.param('id') ?? '', input));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/budgets/:id',
      permission: 'budgets:write',
      summary: 'Delete a budget',
      fixture: budgetFixture,
      handler: async (c) => {
        await deleteBudget(deps.db, principalOf(c).organizationId, c.req.param('id') ?? '');
        return c.body(null, 204);
      },
    },
  ];
}
