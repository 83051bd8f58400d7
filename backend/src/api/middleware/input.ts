import type { MiddlewareHandler } from 'hono';
import { ValidationError } from '../../domain/errors.js';
import type { AppEnv } from '../context.js';

// A JSON string escape \u0000 preceded by an even number of backslashes (so "\\u0000", an escaped
// backslash followed by text, is not matched).
const JSON_NUL = /(^|[^\\])(\\\\)*\\u0000/;

/**
 * PostgreSQL text cannot hold NUL: such input would surface as a 500 from deep inside a query.
 * The gateway refuses it up front, for every route, with a 400 naming where it was.
 */
export function rejectNul(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.url.includes('%00')) throw new ValidationError('NUL characters are not allowed in the URL', 'query');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.header('content-length') !== '0') {
      // Read a clone: handlers may still read the raw request (c.req.raw.clone(), streams).
      const text = await c.req.raw.clone().text();
      if (text.includes('\u0000') || JSON_NUL.test(text)) throw new ValidationError('NUL characters are not allowed in the body', 'body');
    }
    await next();
  };
}
