-- CostWatch core schema. Every tenant row carries organization_id; money is numeric(18,6)
-- next to its ISO-4217 currency. Append-only: later changes go into new numbered files.

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  slug text NOT NULL UNIQUE,
  is_demo boolean NOT NULL DEFAULT false,
  currency char(3) NOT NULL DEFAULT 'USD',
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email text NOT NULL,
  name text NOT NULL DEFAULT '',
  role text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer', 'finance')),
  password_hash text,
  is_active boolean NOT NULL DEFAULT true,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, email)
);

-- Keys are random 32-byte secrets: a SHA-256 of the whole key is enough to store them safely.
CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer', 'finance')),
  key_prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_keys_org ON api_keys (organization_id);

CREATE TABLE aws_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  account_id text NOT NULL CHECK (account_id ~ '^[0-9]{12}$'),
  name text NOT NULL,
  is_payer boolean NOT NULL DEFAULT false,
  is_demo boolean NOT NULL DEFAULT false,
  role_arn text,
  external_id_enc text,
  regions text[],
  status text NOT NULL DEFAULT 'active',
  last_ingest_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, account_id)
);

-- Daily cost per account x service x region x usage type (x tag set). Range-partitioned by
-- month so that retention drops whole partitions and range queries prune to their months.
-- Tags live in jsonb: keys differ per organization and arrive as a JSON object in FOCUS,
-- a GIN index answers containment filters, and a tag table would multiply rows per tag key.
CREATE TABLE cost_data (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  usage_date date NOT NULL,
  account_id text NOT NULL,
  service text NOT NULL,
  region text NOT NULL DEFAULT '',
  usage_type text NOT NULL DEFAULT '',
  unblended_cost numeric(18,6) NOT NULL DEFAULT 0,
  amortized_cost numeric(18,6) NOT NULL DEFAULT 0,
  net_unblended_cost numeric(18,6) NOT NULL DEFAULT 0,
  net_amortized_cost numeric(18,6) NOT NULL DEFAULT 0,
  usage_quantity numeric(24,6) NOT NULL DEFAULT 0,
  usage_unit text NOT NULL DEFAULT '',
  currency char(3) NOT NULL DEFAULT 'USD',
  tags jsonb NOT NULL DEFAULT '{}',
  source text NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (usage_date);
CREATE TABLE cost_data_default PARTITION OF cost_data DEFAULT;
CREATE INDEX cost_data_org_date ON cost_data (organization_id, usage_date);
CREATE INDEX cost_data_tags ON cost_data USING gin (tags jsonb_path_ops);
CREATE UNIQUE INDEX cost_data_identity ON cost_data
  (organization_id, usage_date, account_id, service, region, usage_type, source, currency, tags);

-- Daily rollup without usage type and tags: what most dashboard queries read. Maintained by
-- the store (refreshRollup) for exactly the days that changed.
CREATE TABLE cost_daily_rollup (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  usage_date date NOT NULL,
  account_id text NOT NULL,
  service text NOT NULL,
  region text NOT NULL,
  currency char(3) NOT NULL,
  unblended_cost numeric(18,6) NOT NULL,
  amortized_cost numeric(18,6) NOT NULL,
  net_unblended_cost numeric(18,6) NOT NULL,
  net_amortized_cost numeric(18,6) NOT NULL,
  PRIMARY KEY (organization_id, usage_date, account_id, service, region, currency)
);

CREATE TABLE aws_resources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  account_id text NOT NULL,
  region text NOT NULL,
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  arn text,
  name text,
  state text,
  attributes jsonb NOT NULL DEFAULT '{}',
  tags jsonb NOT NULL DEFAULT '{}',
  monthly_cost numeric(18,6),
  currency char(3) NOT NULL DEFAULT 'USD',
  is_demo boolean NOT NULL DEFAULT false,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  UNIQUE (organization_id, account_id, region, resource_type, resource_id)
);
CREATE INDEX aws_resources_org_type ON aws_resources (organization_id, resource_type);

CREATE TABLE resource_usage_metrics (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  resource_id uuid NOT NULL REFERENCES aws_resources(id) ON DELETE CASCADE,
  metric_name text NOT NULL,
  stat_date date NOT NULL,
  avg_value double precision,
  max_value double precision,
  unit text NOT NULL DEFAULT '',
  PRIMARY KEY (resource_id, metric_name, stat_date)
);
CREATE INDEX resource_usage_metrics_org ON resource_usage_metrics (organization_id, stat_date);

CREATE TABLE cost_forecasts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  series_key text NOT NULL,
  metric text NOT NULL,
  forecast_date date NOT NULL,
  mean numeric(18,6) NOT NULL,
  lo80 numeric(18,6), hi80 numeric(18,6), lo95 numeric(18,6), hi95 numeric(18,6),
  currency char(3) NOT NULL DEFAULT 'USD',
  model text NOT NULL,
  parameters jsonb NOT NULL DEFAULT '{}',
  validation_error double precision,
  generated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, series_key, metric, forecast_date)
);

CREATE TABLE cost_anomalies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  series_key text NOT NULL,
  scope jsonb NOT NULL DEFAULT '{}',
  metric text NOT NULL DEFAULT 'unblended',
  start_date date NOT NULL,
  end_date date NOT NULL,
  expected numeric(18,6) NOT NULL,
  actual numeric(18,6) NOT NULL,
  impact numeric(18,6) NOT NULL,
  impact_pct double precision,
  score double precision NOT NULL,
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  root_causes jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved', 'false_positive')),
  feedback text,
  currency char(3) NOT NULL DEFAULT 'USD',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, series_key, metric, start_date)
);

CREATE TABLE optimization_recommendations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  resource_id uuid REFERENCES aws_resources(id) ON DELETE SET NULL,
  resource_key text NOT NULL,
  check_id text NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  account_id text,
  region text,
  service text,
  estimated_monthly_savings numeric(18,6) NOT NULL DEFAULT 0,
  currency char(3) NOT NULL DEFAULT 'USD',
  pricing_basis jsonb NOT NULL DEFAULT '{}',
  evidence jsonb NOT NULL DEFAULT '{}',
  confidence text NOT NULL DEFAULT 'medium' CHECK (confidence IN ('low', 'medium', 'high')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'resolved')),
  dismiss_reason text,
  first_detected_at timestamptz NOT NULL DEFAULT now(),
  last_detected_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  UNIQUE (organization_id, check_id, resource_key)
);

CREATE TABLE budgets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  period text NOT NULL CHECK (period IN ('monthly', 'quarterly', 'annual')),
  amount numeric(18,6) NOT NULL CHECK (amount >= 0),
  currency char(3) NOT NULL DEFAULT 'USD',
  metric text NOT NULL DEFAULT 'unblended',
  scope jsonb NOT NULL DEFAULT '{}',
  starts_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, name)
);

CREATE TABLE alert_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  kind text NOT NULL,
  scope jsonb NOT NULL DEFAULT '{}',
  condition jsonb NOT NULL DEFAULT '{}',
  for_seconds integer NOT NULL DEFAULT 0,
  severity text NOT NULL DEFAULT 'warning',
  labels jsonb NOT NULL DEFAULT '{}',
  routes jsonb NOT NULL DEFAULT '[]',
  repeat_interval_seconds integer NOT NULL DEFAULT 14400,
  mute_windows jsonb NOT NULL DEFAULT '[]',
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_rules_org ON alert_rules (organization_id);

CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  rule_id uuid NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  dedup_key text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'firing', 'acknowledged', 'resolved')),
  severity text NOT NULL,
  value numeric(18,6),
  threshold numeric(18,6),
  currency char(3) NOT NULL DEFAULT 'USD',
  labels jsonb NOT NULL DEFAULT '{}',
  annotations jsonb NOT NULL DEFAULT '{}',
  started_at timestamptz NOT NULL DEFAULT now(),
  fired_at timestamptz,
  acknowledged_at timestamptz,
  acknowledged_by text,
  resolved_at timestamptz,
  last_evaluated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX alerts_active_dedup ON alerts (rule_id, dedup_key) WHERE status <> 'resolved';
CREATE INDEX alerts_org ON alerts (organization_id, started_at);

CREATE TABLE alert_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  alert_id uuid REFERENCES alerts(id) ON DELETE CASCADE,
  channel_type text NOT NULL,
  channel_target text NOT NULL DEFAULT '',
  idempotency_key text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  payload jsonb NOT NULL DEFAULT '{}',
  last_error text,
  response_code integer,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_notifications_due ON alert_notifications (status, next_attempt_at);
