import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { Config } from '../../config/index.js';
import type { AppEnv } from '../context.js';
import { setHeader } from '../response-headers.js';

// OWASP's REST Security Cheat Sheet set, plus what keeps a JSON answer from being read or
// rendered across origins: nothing may be framed, sniffed, cached by proxies, loaded as a page
// or read by another site's no-cors request. Headers that only matter for HTML documents in
// browsers (COOP, Origin-Agent-Cluster, DNS prefetch, IE8's X-Download-Options, Flash's
// cross-domain policies, the retired XSS auditor) are left out: every answer here is JSON or
// Prometheus text, and each header is work on every cached answer. Written out because
// hono/secure-headers sets them on the finished response, which makes @hono/node-server
// rebuild every response as a full web Response.
const SECURE_HEADERS: [string, string][] = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
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
