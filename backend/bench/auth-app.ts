import { createApp, routeTable, type ApiDeps, type RouteDef } from '../src/api/index.js';
import { createApiKey, createUser } from '../src/auth/index.js';
import { Cache, createMemoryStore } from '../src/cache/index.js';
import { loadConfig } from '../src/config/index.js';
import { createLogger, createMetrics } from '../src/obs/index.js';
import { costQueryHandler, QueryRegistry } from '../src/query/index.js';
import { migrate } from '../src/store/index.js';
import { createPgliteDatabase } from '../src/store/pglite.js';

/**
 * The app measured by bench:auth: the real gateway on embedded PGlite with one extra route, the
 * same handler as GET /api/v1/query/types but public, so both differ only in authentication and
 * authorization. Returns the app and an API key and access token of a viewer.
 */
export async function buildBenchApp(env: Record<string, string | undefined> = {}) {
  const db = await createPgliteDatabase(undefined);
  await migrate(db);
  const { rows } = await db.query<{ id: string }>("INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id");
  const org = rows[0]!.id;
  const apiKey = (await createApiKey(db, org, 'viewer', 'bench')).key;
  await createUser(db, org, { email: 'bench@example.com', role: 'viewer', password: 'bench password 123' });
  // Limits far above what one machine can send: the per-key and per-IP limiters still run on every request.
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_IP_PER_MINUTE: '100000000' });
  const deps: ApiDeps = {
    config,
    db,
    cache: new Cache(createMemoryStore(1000), { query: 300, compute: 3600, reference: 86400 }),
    logger: createLogger('silent'),
    metrics: createMetrics(false),
    queries: new QueryRegistry().register(costQueryHandler),
  };
  const routes = routeTable(deps);
  const types = routes.find((r) => r.method === 'GET' && r.path === '/api/v1/query/types')!;
  const open: RouteDef = { ...types, path: '/api/v1/bench/open', permission: 'public' };
  const { app } = createApp(deps, [...routes, open]);
  const login = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 123' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return { app, db, creds: { apiKey, accessToken } };
}
