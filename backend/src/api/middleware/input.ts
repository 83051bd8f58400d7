import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError, ValidationError } from '../../domain/errors.js';
import type { AppEnv } from '../context.js';

// A JSON string escape \u0000 preceded by an even number of backslashes (so "\\u0000", an escaped
// backslash followed by text, is not matched).
const JSON_NUL = /(^|[^\\])(\\\\)*\\u0000/;

/**
 * PostgreSQL text cannot hold NUL: such input would surface as a 500 from deep inside a query.
 * The gateway refuses it up front, for every route, with a 400 naming where it was.
 */
export function rejectNul(): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    if (c.req.url.includes('%00')) throw new ValidationError('NUL characters are not allowed in the URL', 'query');
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.header('content-length') === '0') return next();
    // Hono keeps the text, so the handler's c.req.text() reads it again for free (a clone of the
    // raw request would tee its stream on every request).
    return c.req.text().then((text) => {
      if (text.includes('\u0000') || JSON_NUL.test(text)) throw new ValidationError('NUL characters are not allowed in the body', 'body');
      return next();
    });
  };
}

/**
 * 413 for bodies over `maxBytes`. A declared Content-Length is checked from the header alone;
 * only chunked bodies go through hono's bodyLimit, which counts them as they stream (it needs
 * the full web Request, which costs every request that builds it).
 */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = () => new AppError('payload_too_large', `request body exceeds ${maxBytes} bytes`, 'body');
  const streamed = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = declaredLength(c.req.header('content-length'), c.req.header('transfer-encoding'));
    if (length === undefined) return streamed(c, next);
    if (length > maxBytes) throw tooLarge();
    return next();
  };
}

/** The body length a request declares up front; undefined when it streams (chunked or no length). */
export function declaredLength(contentLength: string | undefined, transferEncoding: string | undefined): number | undefined {
  return contentLength === undefined || transferEncoding !== undefined ? undefined : Number(contentLength);
}
