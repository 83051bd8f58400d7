-- Savings recommendations (issue 8). optimization_recommendations itself is in 0001_init.sql.

-- What each organization's last evaluation saw: the newest inventory change (last_seen_at or
-- deleted_at written by a scan). The worker evaluates again when a scan moves this marker,
-- so recommendations follow every scan without the scanner knowing about them.
CREATE TABLE recommendation_evaluations (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  inventory_marker timestamptz,
  evaluated_at timestamptz NOT NULL DEFAULT now(),
  detected integer NOT NULL DEFAULT 0,
  opened integer NOT NULL DEFAULT 0,
  resolved integer NOT NULL DEFAULT 0
);

-- The list is read per organization and status, largest savings first.
CREATE INDEX optimization_recommendations_org_status_savings
  ON optimization_recommendations (organization_id, status, estimated_monthly_savings DESC);
