import type { RouteDef } from '../api/route.js';
import type { Queryable } from '../store/queryable.js';

/** Helpers for the suites that walk routeTable(): path params, fixtures, request bodies. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
}

/** Path params that need a fixture (`:dimension` names a dimension, not a tenant object). */
export function objectParams(path: string): string[] {
  return pathParams(path).filter((p) => p !== 'dimension');
}

export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    if (name === 'dimension') return params[name] ?? 'service';
    const v = params[name];
    if (v === undefined) throw new Error(`fixture of ${path} did not return param ${name}`);
    return encodeURIComponent(v);
  });
}

export async function paramsFor(r: RouteDef, db: Queryable, orgId: string): Promise<Record<string, string>> {
  if (!r.fixture) return {};
  try {
    return await r.fixture(db, orgId);
  } catch (err) {
    throw new Error(`fixture of ${r.method} ${r.path} failed: ${(err as Error).message}`);
  }
}

export function bodyFor(r: RouteDef): string | undefined {
  if (r.method === 'GET' || r.method === 'DELETE') return undefined;
  return JSON.stringify(r.exampleBody ?? {});
}

export const label = (r: RouteDef) => `${r.method} ${r.path}`;

/**
 * One digest of every row that belongs to the organization, over every table with an
 * organization_id column: equal digests before and after prove nothing of it changed.
 */
export async function organizationDigest(db: Queryable, orgId: string): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND c.column_name = 'organization_id' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const { rows } = await db.query<{ d: string; n: string }>(
      `SELECT md5(coalesce(string_agg(x.r, '|' ORDER BY x.r), '')) AS d, count(*) AS n
         FROM (SELECT t::text AS r FROM "${table_name}" t WHERE organization_id = $1) x`,
      [orgId],
    );
    out[table_name] = `${rows[0]!.n}:${rows[0]!.d}`;
  }
  return out;
}

/** What the route-table test reports: routes without a permission, or without a needed fixture. */
export function routeTableProblems(routes: readonly RouteDef[], permissions: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const r of routes) {
    if (!r.permission || !(r.permission in permissions)) problems.push(`${label(r)}: no permission from auth/roles.ts`);
    const needs = objectParams(r.path);
    if (needs.length > 0 && !r.fixture) problems.push(`${label(r)}: path params ${needs.join(', ')} but no fixture`);
    if (r.permission !== 'public' && !r.path.startsWith('/api/v1/')) problems.push(`${label(r)}: protected routes live under /api/v1`);
  }
  return problems;
}
