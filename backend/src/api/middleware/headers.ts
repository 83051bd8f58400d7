import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { Config } from '../../config/index.js';
import type { AppEnv } from '../context.js';
import { setHeader } from '../response-headers.js';

// The set hono/secure-headers sends by default, tightened for a JSON API: nothing may be framed,
// sniffed, cached by proxies or loaded as a page. Written out because that middleware sets them
// on the finished response, which makes @hono/node-server rebuild every response as a full web
// Response.
const SECURE_HEADERS: [string, string][] = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'DENY'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];
export const API_HEADERS: [string, string][] = [...SECURE_HEADERS, ['Cache-Control', 'no-store']];

/** Headers every answer carries, whatever the handler returns. */
export function apiSecureHeaders(): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const headers = c.req.path.startsWith('/api/') ? API_HEADERS : SECURE_HEADERS;
    for (const [name, value] of headers) setHeader(c, name, value);
    return next();
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
  return (c, next) => {
    const version = /^\/api\/(v\d+)\//.exec(c.req.path)?.[1];
    if (version) {
      setHeader(c, 'API-Version', version);
      const d = deprecations[version];
      if (d) {
        if (d.deprecatedAt) setHeader(c, 'Deprecation', `@${Math.floor(d.deprecatedAt.getTime() / 1000)}`);
        if (d.sunsetAt) setHeader(c, 'Sunset', d.sunsetAt.toUTCString());
        setHeader(c, 'Link', `</api/v${Number(version.slice(1)) + 1}/>; rel="successor-version"`);
      }
    }
    return next();
  };
}
