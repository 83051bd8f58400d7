import { ConflictError, NotFoundError } from '../domain/errors.js';
import type { Database, Queryable } from '../store/queryable.js';
import { buildPayload } from './evaluator.js';
import { enqueueNotifications } from './outbox.js';
import { getRule, listChannels } from './repo.js';

/** Alerts as people see them: list, detail with history and deliveries, acknowledge, resolve. */
export interface AlertRow {
  id: string;
  rule_id: string;
  title: string;
  status: string;
  severity: string;
  value: string | null;
  threshold: string | null;
  currency: string;
  labels: Record<string, string>;
  annotations: Record<string, unknown>;
  started_at: string;
  fired_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
}

const COLS = `id, rule_id, title, status, severity, value::text AS value, threshold::text AS threshold, trim(currency) AS currency, labels,
  annotations, started_at, fired_at, acknowledged_at, acknowledged_by, resolved_at`;

export async function listAlerts(
  db: Queryable,
  orgId: string,
  opts: { status?: string[]; ruleId?: string; from?: Date; to?: Date; limit?: number } = {},
): Promise<AlertRow[]> {
  const params: unknown[] = [orgId];
  const where = ['organization_id = $1'];
  if (opts.status?.length) where.push(`status = ANY($${params.push(opts.status)}::text[])`);
  if (opts.ruleId) where.push(`rule_id = $${params.push(opts.ruleId)}`);
  if (opts.to) where.push(`started_at < $${params.push(opts.to.toISOString())}::timestamptz`);
  if (opts.from) where.push(`coalesce(resolved_at, 'infinity') >= $${params.push(opts.from.toISOString())}::timestamptz`);
  const { rows } = await db.query<AlertRow>(
    `SELECT ${COLS} FROM alerts WHERE ${where.join(' AND ')} ORDER BY started_at DESC, id LIMIT $${params.push(opts.limit ?? 500)}`,
    params,
  );
  return rows;
}

export async function getAlert(db: Queryable, orgId: string, id: string) {
  const { rows } = await db.query<AlertRow>(`SELECT ${COLS} FROM alerts WHERE organization_id = $1 AND id = $2`, [orgId, id]);
  if (!rows[0]) throw new NotFoundError(`alert ${id} not found`, 'id');
  const events = await db.query(
    'SELECT at, from_status, to_status, value::text AS value, actor, note FROM alert_events WHERE organization_id = $1 AND alert_id = $2 ORDER BY at, id',
    [orgId, id],
  );
  const notifications = await db.query(
    `SELECT id, channel_id, channel_type, channel_target, event, status, attempts, response_code, last_error, sent_at, created_at
       FROM alert_notifications WHERE organization_id = $1 AND alert_id = $2 ORDER BY created_at, id`,
    [orgId, id],
  );
  return { ...rows[0], history: events.rows, notifications: notifications.rows };
}

/**
 * A person acknowledges (stops repeats and escalation) or resolves an alert. Resolving by hand
 * records who did it; if the condition still holds, the next evaluation opens a new alert.
 */
export async function setAlertStatus(db: Database, orgId: string, id: string, to: 'acknowledged' | 'resolved', actor: string, note = '', now = new Date()) {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: string; rule_id: string; value: string | null; seq: number; fired_at: Date | null; started_at: Date; last_notified_at: Date | null; escalated_minutes: number }>(
      `SELECT status, rule_id, value::text AS value, seq, fired_at, started_at, last_notified_at, escalated_minutes
         FROM alerts WHERE organization_id = $1 AND id = $2 FOR UPDATE`,
      [orgId, id],
    );
    const cur = rows[0];
    if (!cur) throw new NotFoundError(`alert ${id} not found`, 'id');
    if (cur.status === 'resolved') throw new ConflictError('alert is already resolved', 'status');
    if (to === 'acknowledged' && cur.status !== 'firing') throw new ConflictError(`only a firing alert can be acknowledged (it is ${cur.status})`, 'status');
    await tx.query(
      to === 'acknowledged'
        ? `UPDATE alerts SET status = 'acknowledged', acknowledged_at = $3::timestamptz, acknowledged_by = $4 WHERE organization_id = $1 AND id = $2`
        : `UPDATE alerts SET status = 'resolved', resolved_at = $3::timestamptz, seq = seq + 1 WHERE organization_id = $1 AND id = $2`,
      to === 'acknowledged' ? [orgId, id, now.toISOString(), actor] : [orgId, id, now.toISOString()],
    );
    await tx.query(
      `INSERT INTO alert_events (organization_id, alert_id, rule_id, at, from_status, to_status, value, actor, note)
       VALUES ($1, $2, $3, $4::timestamptz, $5, $6, $7::numeric, $8, $9)`,
      [orgId, id, cur.rule_id, now.toISOString(), cur.status, to, cur.value, actor, note],
    );
    if (to === 'resolved' && cur.last_notified_at) {
      // Channels that heard about the alert hear that it is over, as when the evaluator resolves it.
      const rule = await getRule(tx, orgId, cur.rule_id);
      const heard = new Set(rule.routes.filter((r) => r.after_minutes <= cur.escalated_minutes).map((r) => r.channel_id));
      const channels = (await listChannels(tx, orgId)).filter((c) => c.enabled && heard.has(c.id));
      const state = { status: 'resolved' as const, startedAt: new Date(cur.started_at), firedAt: cur.fired_at ? new Date(cur.fired_at) : null, clearCount: 0, lastNotifiedAt: null, escalatedMinutes: cur.escalated_minutes, seq: cur.seq + 1 };
      const payload = { ...buildPayload(rule, id, state, 'resolved', undefined, undefined, now), summary: `resolved by ${actor}${note ? `: ${note}` : ''}` };
      await enqueueNotifications(tx, orgId, channels.map((channel) => ({ alertId: id, channel, event: 'resolved', seq: state.seq, payload })), now);
    }
    return getAlert(tx, orgId, id);
  });
}

/** History events in a time range: dashboard annotations. */
export async function listEvents(db: Queryable, orgId: string, from: Date, to: Date, limit = 1000) {
  const { rows } = await db.query<{ alert_id: string; rule_id: string; title: string; severity: string; at: Date; to_status: string; value: string | null; note: string; resolved_at: Date | null }>(
    `SELECT e.alert_id, e.rule_id, a.title, a.severity, e.at, e.to_status, e.value::text AS value, e.note, a.resolved_at
       FROM alert_events e JOIN alerts a ON a.id = e.alert_id
      WHERE e.organization_id = $1 AND e.at >= $2::timestamptz AND e.at < $3::timestamptz
      ORDER BY e.at LIMIT $4`,
    [orgId, from.toISOString(), to.toISOString(), limit],
  );
  return rows;
}
