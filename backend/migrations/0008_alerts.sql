-- Alerts (issue 9): notification channels, alert history, per-attempt delivery log, and the
-- columns the lifecycle and the outbox need on the tables 0001 created.

CREATE TABLE notification_channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('alertmanager', 'webhook', 'slack', 'email')),
  -- Non-secret settings (URLs, addresses, SMTP host). Secrets live only in secret_enc.
  config jsonb NOT NULL DEFAULT '{}',
  -- Webhook HMAC secret, Slack webhook URL or SMTP password, encrypted at rest.
  secret_enc text,
  rate_limit_per_minute integer NOT NULL DEFAULT 60 CHECK (rate_limit_per_minute > 0),
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, name)
);

ALTER TABLE alerts
  ADD COLUMN title text NOT NULL DEFAULT '',
  -- Consecutive evaluations with the condition false: a firing alert resolves only after
  -- resolve_after of them (flap protection).
  ADD COLUMN clear_count integer NOT NULL DEFAULT 0,
  ADD COLUMN last_notified_at timestamptz,
  -- Highest route `after_minutes` already notified (escalation).
  ADD COLUMN escalated_minutes integer NOT NULL DEFAULT 0,
  ADD COLUMN seq integer NOT NULL DEFAULT 0;

CREATE TABLE alert_events (
  id bigserial PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  alert_id uuid NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  rule_id uuid NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  from_status text,
  to_status text NOT NULL,
  value numeric(18,6),
  actor text NOT NULL DEFAULT 'evaluator',
  note text NOT NULL DEFAULT ''
);
CREATE INDEX alert_events_org ON alert_events (organization_id, at);
CREATE INDEX alert_events_alert ON alert_events (alert_id, at);

ALTER TABLE alert_notifications
  ADD COLUMN channel_id uuid REFERENCES notification_channels(id) ON DELETE CASCADE,
  ADD COLUMN event text NOT NULL DEFAULT 'firing',
  -- A claimed ('sending') row whose lease passed is taken again: nothing is lost when a
  -- process dies mid-delivery (at-least-once; receivers dedupe on idempotency_key).
  ADD COLUMN lease_until timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE UNIQUE INDEX alert_notifications_idem ON alert_notifications (organization_id, idempotency_key);
CREATE INDEX alert_notifications_alert ON alert_notifications (alert_id);

CREATE TABLE alert_notification_attempts (
  id bigserial PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  notification_id uuid NOT NULL REFERENCES alert_notifications(id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  ok boolean NOT NULL,
  response_code integer,
  error text,
  duration_ms integer NOT NULL DEFAULT 0
);
CREATE INDEX alert_notification_attempts_n ON alert_notification_attempts (notification_id);
