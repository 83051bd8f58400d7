import type { createServer } from 'node:http';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { answerLane, laneServer } from './answer-lane.js';
import { autoAudit } from './middleware/audit.js';
import { authorize } from './middleware/auth.js';
import { gatewayOf } from './middleware/gateway.js';
import { apiSecureHeaders, apiVersioning, corsPolicy } from './middleware/headers.js';
import { limitBody, rejectNul } from './middleware/input.js';
import { ipRateLimit } from './middleware/rate-limit.js';
import { requestContext } from './middleware/request-context.js';
import type { RouteDef } from './route.js';
import { accountRoutes } from './routes/accounts.js';
import { ingestRoutes } from './routes/ingest.js';
import { alertRuleRoutes } from './routes/alert-rules.js';
import { anomalyRoutes } from './routes/anomalies.js';
import { alertRoutes } from './routes/alerts.js';
import { channelRoutes } from './routes/channels.js';
import { healthRoutes } from './routes/health.js';
import { queryRoutes } from './routes/query.js';
import { resourceRoutes } from './routes/resources.js';
import { scanRoutes } from './routes/scans.js';
import { forecastingRoutes } from './routes/forecasts.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { apiKeyRoutes } from './routes/apikeys.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { userRoutes } from './routes/users.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Every route CostWatch serves. Domains add their route lists here. */
export function routeTable(deps: ApiDeps): RouteDef[] {
  return [...healthRoutes(deps), ...queryRoutes(deps), ...anomalyRoutes(deps), ...resourceRoutes(deps), ...scanRoutes(deps), ...alertRuleRoutes(deps), ...channelRoutes(deps), ...alertRoutes(deps), ...forecastingRoutes(deps), ...recommendationRoutes(deps), ...authRoutes(deps), ...userRoutes(deps), ...apiKeyRoutes(deps), ...auditRoutes(deps), ...accountRoutes(deps), ...ingestRoutes(deps)];
}

export interface ApiApp {
  app: Hono<AppEnv>;
  routes: RouteDef[];
  /** For @hono/node-server's serve(): node:http with the cached-answer lane in front of Hono. */
  createServer: typeof createServer;
}

/** `routes` defaults to routeTable(deps); tests pass their own to prove the checks below. */
export function createApp(deps: ApiDeps, routes: RouteDef[] = routeTable(deps)): ApiApp {
  const app = new Hono<AppEnv>();
  const gw = gatewayOf(deps);
  app.use('*', requestContext(deps.logger, deps.metrics));
  app.use('*', apiSecureHeaders());
  const cors = corsPolicy(deps.config.gateway.corsOrigins);
  if (cors) app.use('/api/*', cors);
  app.use('/api/*', apiVersioning(deps.config.gateway.deprecations));
  app.use('/api/*', (c, next) => {
    c.set('trustProxy', gw.trustProxy);
    return next();
  });
  app.use('/api/*', ipRateLimit(gw.limits, gw.trustProxy));
  app.use('/api/*', limitBody(MAX_BODY_BYTES));
  app.use('/api/*', rejectNul());
  for (const r of routes) {
    if (!r.permission) throw new Error(`route ${r.method} ${r.path} declares no permission`);
    const audited = autoAudit(deps.db, r);
    if (audited) app.on(r.method, r.path, authorize(gw, r.permission), audited, r.handler);
    else app.on(r.method, r.path, authorize(gw, r.permission), r.handler);
  }
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => errorResponse(err, c));
  return { app, routes, createServer: laneServer(answerLane(deps, gw, MAX_BODY_BYTES)) };
}
