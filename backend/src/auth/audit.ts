import type { Queryable } from '../store/queryable.js';
import type { Principal } from './principal.js';

export interface AuditEntry {
  orgId: string;
  /** The principal who acted, or a label such as `cli` or `system`. */
  actor: Principal | string;
  /** Dotted verb, e.g. `apikey.create`, `budget.update`, `costs.export`, or `POST /api/v1/budgets`. */
  action: string;
  /** What was acted on, e.g. a key id or `budgets/3f…`. */
  target?: string;
  ip?: string;
  requestId?: string;
  grafanaUser?: string;
  /** Never put secrets here: this is stored in clear and shown to admins. */
  details?: Record<string, unknown>;
}

/** Appends one row to the audit log (the table refuses updates and deletes). */
export async function audit(db: Queryable, e: AuditEntry): Promise<void> {
  const actor = typeof e.actor === 'string' ? { type: e.actor, id: null, name: e.actor } : { type: e.actor.kind, id: e.actor.id, name: e.actor.name };
  await db.query(
    `INSERT INTO audit_log (organization_id, actor_type, actor_id, actor_name, grafana_user, action, target, ip, request_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [e.orgId, actor.type, actor.id, actor.name, e.grafanaUser ?? null, e.action, e.target ?? null, e.ip ?? null, e.requestId ?? null, JSON.stringify(e.details ?? {})],
  );
}

export interface AuditRecord {
  id: string;
  at: string;
  actor: { type: string; id: string | null; name: string };
  grafanaUser: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  requestId: string | null;
  details: unknown;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  /** Keyset cursor: rows with a smaller id than this. */
  before?: string;
  limit: number;
}

export async function listAudit(db: Queryable, orgId: string, f: AuditFilter): Promise<AuditRecord[]> {
  const { rows } = await db.query<{
    id: string;
    at: Date;
    actor_type: string;
    actor_id: string | null;
    actor_name: string;
    grafana_user: string | null;
    action: string;
    target: string | null;
    ip: string | null;
    request_id: string | null;
    details: unknown;
  }>(
    `SELECT id, at, actor_type, actor_id, actor_name, grafana_user, action, target, ip, request_id, details
       FROM audit_log
      WHERE organization_id = $1
        AND ($2::text IS NULL OR action = $2 OR action LIKE $2 || '.%')
        AND ($3::text IS NULL OR actor_id = $3)
        AND ($4::timestamptz IS NULL OR at >= $4)
        AND ($5::timestamptz IS NULL OR at < $5)
        AND ($6::bigint IS NULL OR id < $6)
      ORDER BY id DESC LIMIT $7`,
    [orgId, f.action ?? null, f.actorId ?? null, f.from ?? null, f.to ?? null, f.before ?? null, f.limit],
  );
  return rows.map((r) => ({
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
    grafanaUser: r.grafana_user,
    action: r.action,
    target: r.target,
    ip: r.ip,
    requestId: r.request_id,
    details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
  }));
}
