import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../../config/index.js';
import type { AppEnv } from '../context.js';

/** JSON API: nothing may be framed, sniffed, cached by proxies or loaded as a page. */
export function apiSecureHeaders(): MiddlewareHandler<AppEnv> {
  const base = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xFrameOptions: 'DENY',
    crossOriginResourcePolicy: 'same-origin',
  });
  return async (c, next) => {
    await base(c, next);
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
  };
}

/**
 * CORS is closed unless CORS_ORIGINS lists origins: Grafana calls the API server-side through
 * its plugin proxy, so browsers never need it by default.
 */
export function corsPolicy(origins: readonly string[]): MiddlewareHandler<AppEnv> | undefined {
  if (origins.length === 0) return undefined;
  return cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'X-Grafana-User'],
    exposeHeaders: ['X-Request-Id', 'Retry-After', 'Deprecation', 'Sunset', 'API-Version'],
    maxAge: 600,
  });
}

/**
 * Names the API version on every /api/vN answer and, once a version is scheduled to go,
 * announces it with Deprecation (RFC 9745), Sunset (RFC 8594) and a successor-version link.
 */
export function apiVersioning(deprecations: Config['gateway']['deprecations']): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const version = /^\/api\/(v\d+)\//.exec(c.req.path)?.[1];
    if (!version) return;
    c.header('API-Version', version);
    const d = deprecations[version];
    if (!d) return;
    if (d.deprecatedAt) c.header('Deprecation', `@${Math.floor(d.deprecatedAt.getTime() / 1000)}`);
    if (d.sunsetAt) c.header('Sunset', d.sunsetAt.toUTCString());
    const next_ = `v${Number(version.slice(1)) + 1}`;
    c.header('Link', `</api/${next_}/>; rel="successor-version"`);
  };
}
