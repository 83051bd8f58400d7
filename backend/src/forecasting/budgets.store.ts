import { z } from 'zod';
import { BUDGET_PERIODS } from '../analytics/index.js';
import { COST_METRIC_NAMES, type CostMetric } from '../domain/dimensions.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { pgErrorCode, PG_ERRORS, type Queryable } from '../store/queryable.js';
import { costScopeSchema, type CostScope } from './scope.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const amount = z.union([z.number().finite(), z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, 'amount must be a decimal with at most 6 places')])
  .transform((v) => String(v))
  .refine((v) => Number(v) >= 0 && Number(v) < 1e12 && /^\d+(\.\d{1,6})?$/.test(v), 'amount must be a non-negative amount with at most 6 decimal places');

export const budgetInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  period: z.enum(BUDGET_PERIODS),
  amount,
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be a three-letter ISO 4217 code').default('USD'),
  metric: z.enum(COST_METRIC_NAMES as [CostMetric, ...CostMetric[]]).default('unblended'),
  scope: costScopeSchema,
  startsOn: z.iso.date().nullable().optional(),
  description: z.string().max(2000).default(''),
});
export type BudgetInput = z.output<typeof budgetInputSchema>;

export interface Budget {
  id: string;
  name: string;
  period: (typeof BUDGET_PERIODS)[number];
  /** Exact decimal as text (numeric(18,6)). */
  amount: string;
  currency: string;
  metric: CostMetric;
  scope: CostScope;
  startsOn: string | null;
  description: string;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, name, period, amount::text AS amount, currency, metric, scope, starts_on::text AS starts_on, description,
  created_at, updated_at`;

interface Row {
  id: string;
  name: string;
  period: Budget['period'];
  amount: string;
  currency: string;
  metric: CostMetric;
  scope: CostScope | string;
  starts_on: string | null;
  description: string;
  created_at: Date | string;
  updated_at: Date | string;
}

function toBudget(r: Row): Budget {
  return {
    id: r.id,
    name: r.name,
    period: r.period,
    amount: r.amount.replace(/\.?0+$/, '') || '0',
    currency: r.currency.trim(),
    metric: r.metric,
    scope: typeof r.scope === 'string' ? (JSON.parse(r.scope) as CostScope) : r.scope,
    startsOn: r.starts_on,
    description: r.description,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function notFound(): NotFoundError {
  return new NotFoundError('budget not found', 'id');
}

function nameTaken(err: unknown): never {
  if (pgErrorCode(err) === PG_ERRORS.uniqueViolation) throw new ConflictError('a budget with this name already exists', 'name');
  throw err;
}

export async function listBudgets(db: Queryable, organizationId: string): Promise<Budget[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM budgets WHERE organization_id = $1 ORDER BY name`, [organizationId]);
  return rows.map(toBudget);
}

export async function getBudget(db: Queryable, organizationId: string, id: string): Promise<Budget> {
  if (!UUID.test(id)) throw notFound();
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM budgets WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  if (!rows[0]) throw notFound();
  return toBudget(rows[0]);
}

export async function createBudget(db: Queryable, organizationId: string, b: BudgetInput): Promise<Budget> {
  const { rows } = await db
    .query<Row>(
      `INSERT INTO budgets (organization_id, name, period, amount, currency, metric, scope, starts_on, description)
       VALUES ($1, $2, $3, $4::numeric, $5, $6, $7::jsonb, $8, $9) RETURNING ${COLUMNS}`,
      [organizationId, b.name, b.period, b.amount, b.currency, b.metric, JSON.stringify(b.scope), b.startsOn ?? null, b.description],
    )
    .catch(nameTaken);
  return toBudget(rows[0]!);
}

export async function updateBudget(db: Queryable, organizationId: string, id: string, b: BudgetInput): Promise<Budget> {
  if (!UUID.test(id)) throw notFound();
  const { rows } = await db
    .query<Row>(
      `UPDATE budgets SET name = $3, period = $4, amount = $5::numeric, currency = $6, metric = $7, scope = $8::jsonb,
              starts_on = $9, description = $10, updated_at = now()
        WHERE organization_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [organizationId, id, b.name, b.period, b.amount, b.currency, b.metric, JSON.stringify(b.scope), b.startsOn ?? null, b.description],
    )
    .catch(nameTaken);
  if (!rows[0]) throw notFound();
  return toBudget(rows[0]);
}

export async function deleteBudget(db: Queryable, organizationId: string, id: string): Promise<void> {
  if (!UUID.test(id)) throw notFound();
  const { rowCount } = await db.query('DELETE FROM budgets WHERE organization_id = $1 AND id = $2', [organizationId, id]);
  if (!rowCount) throw notFound();
}
