import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { pgErrorCode, PG_ERRORS, type Queryable } from '../store/queryable.js';
import type { Channel, ChannelInput, Rule, RuleInput } from './model.js';
import { sealChannelSecret } from './secrets.js';

/** SQL for rules, channels and alerts; every statement is scoped by organization_id. */
const RULE_COLS = `id, organization_id, name, description, kind, scope, condition, for_seconds, severity, labels, routes,
  repeat_interval_seconds, mute_windows, enabled, created_at, updated_at`;

export async function listRules(db: Queryable, orgId: string, opts: { enabledOnly?: boolean } = {}): Promise<Rule[]> {
  const { rows } = await db.query<Rule>(
    `SELECT ${RULE_COLS} FROM alert_rules WHERE organization_id = $1 ${opts.enabledOnly ? 'AND enabled' : ''} ORDER BY name, id`,
    [orgId],
  );
  return rows;
}

export async function getRule(db: Queryable, orgId: string, id: string): Promise<Rule> {
  const { rows } = await db.query<Rule>(`SELECT ${RULE_COLS} FROM alert_rules WHERE organization_id = $1 AND id = $2`, [orgId, id]);
  if (!rows[0]) throw new NotFoundError(`alert rule ${id} not found`, 'id');
  return rows[0];
}

/** Routes and budget references must point at this organization's objects. */
async function checkReferences(db: Queryable, orgId: string, input: RuleInput): Promise<void> {
  const ids = [...new Set(input.routes.map((r) => r.channel_id))];
  if (ids.length) {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM notification_channels WHERE organization_id = $1 AND id = ANY($2::uuid[])', [orgId, ids]);
    const found = new Set(rows.map((r) => r.id));
    const i = input.routes.findIndex((r) => !found.has(r.channel_id));
    if (i >= 0) throw new ValidationError(`routes[${i}].channel_id: no such notification channel`, `routes[${i}].channel_id`);
  }
  if (input.kind === 'budget') {
    const { rows } = await db.query('SELECT 1 FROM budgets WHERE organization_id = $1 AND id = $2', [orgId, input.condition.budget_id]);
    if (!rows.length) throw new ValidationError('condition.budget_id: no such budget', 'condition.budget_id');
  }
}

const ruleParams = (i: RuleInput) => [
  i.name, i.description, i.kind, JSON.stringify(i.scope), JSON.stringify(i.condition), i.for_seconds, i.severity,
  JSON.stringify(i.labels), JSON.stringify(i.routes), i.repeat_interval_seconds, JSON.stringify(i.mute_windows), i.enabled,
];

export async function createRule(db: Queryable, orgId: string, input: RuleInput): Promise<Rule> {
  await checkReferences(db, orgId, input);
  const { rows } = await db.query<Rule>(
    `INSERT INTO alert_rules (organization_id, name, description, kind, scope, condition, for_seconds, severity, labels, routes,
       repeat_interval_seconds, mute_windows, enabled)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9::jsonb, $10::jsonb, $11, $12::jsonb, $13) RETURNING ${RULE_COLS}`,
    [orgId, ...ruleParams(input)],
  );
  return rows[0]!;
}

export async function updateRule(db: Queryable, orgId: string, id: string, input: RuleInput): Promise<Rule> {
  await checkReferences(db, orgId, input);
  const { rows } = await db.query<Rule>(
    `UPDATE alert_rules SET name = $3, description = $4, kind = $5, scope = $6::jsonb, condition = $7::jsonb, for_seconds = $8,
       severity = $9, labels = $10::jsonb, routes = $11::jsonb, repeat_interval_seconds = $12, mute_windows = $13::jsonb,
       enabled = $14, updated_at = now()
     WHERE organization_id = $1 AND id = $2 RETURNING ${RULE_COLS}`,
    [orgId, id, ...ruleParams(input)],
  );
  if (!rows[0]) throw new NotFoundError(`alert rule ${id} not found`, 'id');
  return rows[0];
}

export async function setRuleEnabled(db: Queryable, orgId: string, id: string, enabled: boolean): Promise<Rule> {
  const { rows } = await db.query<Rule>(
    `UPDATE alert_rules SET enabled = $3, updated_at = now() WHERE organization_id = $1 AND id = $2 RETURNING ${RULE_COLS}`,
    [orgId, id, enabled],
  );
  if (!rows[0]) throw new NotFoundError(`alert rule ${id} not found`, 'id');
  return rows[0];
}

export async function deleteRule(db: Queryable, orgId: string, id: string): Promise<void> {
  const { rowCount } = await db.query('DELETE FROM alert_rules WHERE organization_id = $1 AND id = $2', [orgId, id]);
  if (!rowCount) throw new NotFoundError(`alert rule ${id} not found`, 'id');
}

const CHANNEL_COLS = 'id, organization_id, name, type, config, secret_enc, rate_limit_per_minute, enabled';

/** What the API shows: never the secret, only whether one is set. */
export function publicChannel(c: Channel) {
  const { secret_enc, ...rest } = c;
  return { ...rest, has_secret: secret_enc !== null };
}

export async function listChannels(db: Queryable, orgId: string): Promise<Channel[]> {
  const { rows } = await db.query<Channel>(`SELECT ${CHANNEL_COLS} FROM notification_channels WHERE organization_id = $1 ORDER BY name`, [orgId]);
  return rows;
}

export async function getChannel(db: Queryable, orgId: string, id: string): Promise<Channel> {
  const { rows } = await db.query<Channel>(`SELECT ${CHANNEL_COLS} FROM notification_channels WHERE organization_id = $1 AND id = $2`, [orgId, id]);
  if (!rows[0]) throw new NotFoundError(`notification channel ${id} not found`, 'id');
  return rows[0];
}

/** Upsert by id; a missing `secret` on update keeps the stored one. */
export async function saveChannel(db: Queryable, orgId: string, input: ChannelInput, id?: string): Promise<Channel> {
  if (input.type === 'slack' && !input.secret && !id) throw new ValidationError('secret: the Slack incoming webhook URL is required', 'secret');
  const sealed = input.secret ? await sealChannelSecret(db, orgId, input.secret) : null;
  const params = [orgId, input.name, input.type, JSON.stringify(input.config), sealed, input.rate_limit_per_minute, input.enabled];
  const nameTaken = (err: unknown): never => {
    if (pgErrorCode(err) === PG_ERRORS.uniqueViolation) throw new ConflictError('a notification channel with this name already exists', 'name');
    throw err;
  };
  const { rows } = id
    ? await db.query<Channel>(
        `UPDATE notification_channels SET name = $2, type = $3, config = $4::jsonb, secret_enc = COALESCE($5, secret_enc),
           rate_limit_per_minute = $6, enabled = $7, updated_at = now() WHERE organization_id = $1 AND id = $8 RETURNING ${CHANNEL_COLS}`,
        [...params, id],
      ).catch(nameTaken)
    : await db.query<Channel>(
        `INSERT INTO notification_channels (organization_id, name, type, config, secret_enc, rate_limit_per_minute, enabled)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) RETURNING ${CHANNEL_COLS}`,
        params,
      ).catch(nameTaken);
  if (!rows[0]) throw new NotFoundError(`notification channel ${id} not found`, 'id');
  return rows[0];
}

export interface ChannelDeletion {
  /** Rules whose routes named the channel (only with force: they no longer do). */
  rulesUnrouted: { id: string; name: string }[];
  /** Notifications still waiting for this channel, closed as 'dead' ("channel deleted"). */
  notificationsCancelled: number;
}

/**
 * Deletes a channel. While alert rules still route to it the answer is a conflict naming them
 * (an alert would otherwise go quietly nowhere); `force` takes it out of their routes first.
 * Its delivery history stays; what it had not delivered yet is closed, not left pending.
 * Call inside a transaction.
 */
export async function deleteChannel(db: Queryable, orgId: string, id: string, opts: { force?: boolean } = {}): Promise<ChannelDeletion> {
  const { rows: found } = await db.query('SELECT 1 FROM notification_channels WHERE organization_id = $1 AND id = $2 FOR UPDATE', [orgId, id]);
  if (found.length === 0) throw new NotFoundError(`notification channel ${id} not found`, 'id');
  const routedBy = `organization_id = $1 AND routes @> jsonb_build_array(jsonb_build_object('channel_id', $2::text))`;
  const { rows: rules } = await db.query<{ id: string; name: string }>(`SELECT id, name FROM alert_rules WHERE ${routedBy} ORDER BY name FOR UPDATE`, [orgId, id]);
  if (rules.length > 0 && !opts.force) {
    throw new ConflictError(
      `alert rules still route to this channel: ${rules.map((r) => `"${r.name}"`).join(', ')}; remove it from their routes, or delete with force=true to do that for you`,
      'id',
    );
  }
  if (rules.length > 0) {
    await db.query(
      `UPDATE alert_rules SET updated_at = now(),
              routes = (SELECT coalesce(jsonb_agg(r ORDER BY n), '[]'::jsonb) FROM jsonb_array_elements(routes) WITH ORDINALITY AS e(r, n) WHERE r->>'channel_id' <> $2)
        WHERE ${routedBy}`,
      [orgId, id],
    );
  }
  const cancelled = await db.query(
    `UPDATE alert_notifications SET status = 'dead', last_error = 'channel deleted', lease_until = NULL, updated_at = now()
      WHERE organization_id = $1 AND channel_id = $2 AND status IN ('pending', 'sending', 'failed')`,
    [orgId, id],
  );
  await db.query('DELETE FROM notification_channels WHERE organization_id = $1 AND id = $2', [orgId, id]);
  return { rulesUnrouted: rules, notificationsCancelled: cancelled.rowCount ?? 0 };
}
