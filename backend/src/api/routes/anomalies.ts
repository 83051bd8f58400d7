import {
  anomalyIdSchema,
  getAnomaly,
  listAnomalies,
  listQuerySchema,
  loadThresholds,
  recomputeAnomalies,
  saveOrgThresholds,
  setAnomalyStatus,
  statusInputSchema,
  thresholdsInputSchema,
} from '../../anomalies/index.js';
import { todayUtc } from '../../domain/time.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { Queryable } from '../../store/queryable.js';
import type { ApiDeps } from '../context.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

/** A stored anomaly in the organization, for the cross-organization suites. */
async function anomalyFixture(db: Queryable, organizationId: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO cost_anomalies (organization_id, series_key, scope, level, start_date, end_date, expected, actual, impact, impact_pct, score, severity)
     VALUES ($1, $2, '{}', 'total', '2026-01-10', '2026-01-11', 100, 400, 300, 3, 9, 'high') RETURNING id`,
    [organizationId, `fixture:${Math.random().toString(36).slice(2, 10)}`],
  );
  return { id: rows[0]!.id };
}

const STATUS_EXAMPLE = { status: 'false_positive', feedback: 'planned load test' };

/** Anomalies: list and read, acknowledge / resolve / false positive, thresholds, recompute. */
export function anomalyRoutes(deps: ApiDeps): RouteDef[] {
  const now = () => deps.now?.() ?? new Date();
  const id = (raw: string | undefined) => parseOrThrow(anomalyIdSchema, raw, ['id']);
  const changeStatus: RouteDef['handler'] = async (c) => {
    const p = principalOf(c);
    const input = parseOrThrow(statusInputSchema, await readJson(c));
    return c.json(await setAnomalyStatus(deps.db, p.organizationId, id(c.req.param('id')), input, `${p.kind}:${p.id}`));
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/anomalies',
      permission: 'anomalies:read',
      summary: 'Anomalies, newest first: filters status, severity, level, series, account, service, from, to, metric; paging limit, offset',
      handler: async (c) => c.json(await listAnomalies(deps.db, principalOf(c).organizationId, parseOrThrow(listQuerySchema, c.req.query()))),
    },
    {
      method: 'GET',
      path: '/api/v1/anomalies/thresholds',
      permission: 'anomalies:read',
      summary: "The organization's minimum impact / percent / sensitivity, and per-series overrides raised by feedback",
      handler: async (c) => c.json(await loadThresholds(deps.db, principalOf(c).organizationId)),
    },
    {
      method: 'PUT',
      path: '/api/v1/anomalies/thresholds',
      permission: 'anomalies:write',
      summary: "Set the organization's minimum impact (currency units), minimum percent (fraction) and optional zThreshold",
      exampleBody: { minImpact: '100', minPct: 0.15, zThreshold: 5 },
      handler: async (c) => {
        const input = parseOrThrow(thresholdsInputSchema, await readJson(c));
        return c.json({ defaults: await saveOrgThresholds(deps.db, principalOf(c).organizationId, input) });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/anomalies/recompute',
      permission: 'anomalies:write',
      summary: 'Recompute the organization’s anomalies now (also done by the worker every ANOMALY_INTERVAL_SECONDS)',
      exampleBody: {},
      handler: async (c) => {
        const orgId = principalOf(c).organizationId;
        const result = await recomputeAnomalies(deps.db, orgId, { today: todayUtc(now()), lookbackDays: deps.config.anomalies.historyDays, log: c.get('log') });
        return c.json(result);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/anomalies/:id',
      permission: 'anomalies:read',
      summary: 'One anomaly with its root causes',
      fixture: anomalyFixture,
      handler: async (c) => c.json(await getAnomaly(deps.db, principalOf(c).organizationId, id(c.req.param('id')))),
    },
    {
      method: 'PATCH',
      path: '/api/v1/anomalies/:id',
      permission: 'anomalies:write',
      summary: 'Set status: open, acknowledged, resolved or false_positive (with feedback; raises that series’ threshold)',
      fixture: anomalyFixture,
      exampleBody: STATUS_EXAMPLE,
      handler: changeStatus,
    },
    {
      method: 'POST',
      path: '/api/v1/anomalies/:id/status',
      permission: 'anomalies:write',
      summary: 'Same as PATCH /api/v1/anomalies/{id}, for clients that cannot send PATCH',
      fixture: anomalyFixture,
      exampleBody: STATUS_EXAMPLE,
      handler: changeStatus,
    },
  ];
}
