-- Cost ingestion bookkeeping (issue 5): runs, what each billing period last wrote, export
-- manifests already taken, export locations the worker watches, Cost Explorer requests per day.

CREATE TABLE ingest_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  source text NOT NULL CHECK (source IN ('ce', 'focus', 'cur')),
  trigger text NOT NULL DEFAULT 'cli',
  location text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  -- Unlogged staging table of a file import; dropped when the run ends (or by the next run
  -- when a killed process left it behind).
  stage_table text,
  rows_read bigint NOT NULL DEFAULT 0,
  rows_rejected bigint NOT NULL DEFAULT 0,
  rows_written bigint NOT NULL DEFAULT 0,
  ce_requests integer NOT NULL DEFAULT 0,
  error text,
  summary jsonb NOT NULL DEFAULT '{}',
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX ingest_runs_org ON ingest_runs (organization_id, started_at DESC);

-- One billing period of one billing account as last imported from an export. The accounts it
-- wrote are remembered so that a re-export that drops an account also removes its old rows.
CREATE TABLE ingest_periods (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  source text NOT NULL,
  billing_account_id text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  accounts text[] NOT NULL,
  row_count bigint NOT NULL,
  run_id uuid REFERENCES ingest_runs(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, source, billing_account_id, period_start)
);

-- Export locations (s3://bucket/prefix) the worker polls for new manifests.
CREATE TABLE ingest_export_sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  format text NOT NULL CHECK (format IN ('focus', 'cur')),
  location text NOT NULL CHECK (location LIKE 's3://%'),
  aws_account_id uuid REFERENCES aws_accounts(id) ON DELETE SET NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, location)
);

-- Manifests already ingested; a manifest rewritten in place gets a new ETag and is taken again.
CREATE TABLE ingest_manifests (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  location text NOT NULL,
  etag text NOT NULL,
  run_id uuid REFERENCES ingest_runs(id) ON DELETE SET NULL,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, location, etag)
);

-- Cost Explorer requests per organization per UTC day: each costs $0.01, and the daily
-- budget is enforced by an atomic conditional increment on this row.
CREATE TABLE ce_request_counts (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  day date NOT NULL,
  requests integer NOT NULL DEFAULT 0,
  PRIMARY KEY (organization_id, day)
);
