import type { Context, Handler } from 'hono';
import type { Permission, Principal } from '../auth/index.js';
import { UnauthenticatedError, ValidationError } from '../domain/errors.js';
import type { Queryable } from '../store/queryable.js';
import type { AppEnv } from './context.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A route and the permission it needs; app.ts mounts these and tests walk the list. */
export interface RouteDef {
  method: Method;
  path: string;
  permission: Permission;
  summary: string;
  handler: Handler<AppEnv>;
  /**
   * For the cross-organization and RBAC suites (api/*.test.ts walk every route): creates an
   * object this route addresses inside the given organization and returns the path params
   * that name it. Required for every route with path params other than `dimension`.
   */
  fixture?: (db: Queryable, organizationId: string) => Promise<Record<string, string>>;
  /** A valid request body for write routes, used by the same suites. */
  exampleBody?: unknown;
  /**
   * What the audit log records for a successful call: `change` (default for non-GET routes),
   * `export` (data leaving CostWatch: set it on export routes) or `none` (reads sent as POST).
   */
  audit?: 'change' | 'export' | 'none';
}

export function principalOf(c: Context<AppEnv>): Principal {
  const p = c.get('principal');
  if (!p) throw new UnauthenticatedError();
  return p;
}

/** Parses a JSON body; malformed JSON is a 400 that says so, never a 500. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  return parseJsonText(await c.req.text());
}

export function parseJsonText(text: string): unknown {
  if (text.trim() === '') throw new ValidationError('request body must be a JSON document', 'body');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ValidationError(`malformed JSON: ${(err as Error).message}`, 'body');
  }
}
