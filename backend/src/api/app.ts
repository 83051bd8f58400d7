import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../domain/errors.js';
import type { ApiDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { authorize } from './middleware/auth.js';
import { requestContext } from './middleware/request-context.js';
import type { RouteDef } from './route.js';
import { healthRoutes } from './routes/health.js';
import { queryRoutes } from './routes/query.js';
import { recommendationRoutes } from './routes/recommendations.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Every route CostWatch serves. Domains add their route lists here. */
export function routeTable(deps: ApiDeps): RouteDef[] {
  return [...healthRoutes(deps), ...queryRoutes(deps), ...recommendationRoutes(deps)];
}

export function createApp(deps: ApiDeps): { app: Hono<AppEnv>; routes: RouteDef[] } {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(deps.logger, deps.metrics));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', `request body exceeds ${MAX_BODY_BYTES} bytes`, 'body');
      },
    }),
  );
  const routes = routeTable(deps);
  for (const r of routes) {
    if (!r.permission) throw new Error(`route ${r.method} ${r.path} declares no permission`);
    app.on(r.method, r.path, authorize(deps.db, r.permission), r.handler);
  }
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => errorResponse(err, c));
  return { app, routes };
}
