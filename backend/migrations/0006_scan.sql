-- Resource scanner (issue 7): runs, per-slice freshness, state history, enrichment columns.

-- One scan run: what was asked and what it found (the summary users see).
CREATE TABLE scan_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  mode text NOT NULL CHECK (mode IN ('full', 'incremental', 'critical')),
  trigger text NOT NULL DEFAULT 'schedule' CHECK (trigger IN ('schedule', 'api', 'cli', 'test', 'bench')),
  filters jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'partial', 'failed')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  found integer NOT NULL DEFAULT 0,
  new integer NOT NULL DEFAULT 0,
  changed integer NOT NULL DEFAULT 0,
  gone integer NOT NULL DEFAULT 0,
  failed_slices integer NOT NULL DEFAULT 0,
  summary jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX scan_runs_org_started ON scan_runs (organization_id, started_at DESC);

-- account x region x resource type: when it was last scanned completely, and whether the
-- inventory shown for it is stale (the last attempt failed; its rows are kept untouched).
-- S3 is listed once per account: its slices use region '*'.
CREATE TABLE scan_slices (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  account_id text NOT NULL,
  region text NOT NULL,
  resource_type text NOT NULL,
  status text NOT NULL CHECK (status IN ('ok', 'stale')),
  last_run_id uuid REFERENCES scan_runs(id) ON DELETE SET NULL,
  last_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_success_at timestamptz,
  last_error text,
  resource_count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (organization_id, account_id, region, resource_type)
);

CREATE TABLE resource_state_history (
  id bigserial PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  resource_id uuid NOT NULL REFERENCES aws_resources(id) ON DELETE CASCADE,
  changed_at timestamptz NOT NULL DEFAULT now(),
  old_state text,
  new_state text,
  run_id uuid REFERENCES scan_runs(id) ON DELETE SET NULL
);
CREATE INDEX resource_state_history_resource ON resource_state_history (resource_id, changed_at);

ALTER TABLE aws_resources
  ADD COLUMN cost_allocation jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN pricing jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN last_run_id uuid;
CREATE INDEX aws_resources_org_seen ON aws_resources (organization_id, last_seen_at);
