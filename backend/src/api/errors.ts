import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, type ErrorCode } from '../domain/errors.js';
import type { AppEnv } from './context.js';

/** The one place where typed errors become HTTP statuses. */
const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: unknown; requestId?: string };
}

export function errorResponse(err: unknown, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId');
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message, field: err.field, details: err.details, requestId } };
    return c.json(body, STATUS[err.code] as 400);
  }
  if (err instanceof HTTPException) {
    const code = err.status === 413 ? 'payload_too_large' : err.status === 401 ? 'unauthenticated' : 'bad_request';
    return c.json({ error: { code, message: err.message || 'request rejected', requestId } }, err.status);
  }
  c.get('log')?.error({ err }, 'unhandled error');
  return c.json({ error: { code: 'internal', message: 'internal error', requestId } }, 500);
}
