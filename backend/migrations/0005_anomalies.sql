-- Anomaly detection (issue 6). cost_anomalies exists since 0001; this adds what the detector
-- stores beyond it, and the thresholds users tune.

-- Series level (total, account, service, account_service) for filtering without parsing keys,
-- the detector's probability, the day of the largest deviation, and who changed the status.
ALTER TABLE cost_anomalies ADD COLUMN level text NOT NULL DEFAULT 'total'
  CHECK (level IN ('total', 'account', 'service', 'account_service'));
ALTER TABLE cost_anomalies ADD COLUMN probability double precision NOT NULL DEFAULT 0;
ALTER TABLE cost_anomalies ADD COLUMN peak_date date;
ALTER TABLE cost_anomalies ADD COLUMN status_changed_at timestamptz;
ALTER TABLE cost_anomalies ADD COLUMN status_changed_by text;
CREATE INDEX cost_anomalies_org_end ON cost_anomalies (organization_id, end_date DESC);

-- Minimum dollar impact and percent an episode needs to be reported. series_key '*' is the
-- organization's default; a row per series overrides it (false-positive feedback raises it).
CREATE TABLE anomaly_thresholds (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  series_key text NOT NULL,
  min_impact numeric(18,6) NOT NULL CHECK (min_impact >= 0),
  min_pct double precision NOT NULL CHECK (min_pct >= 0),
  z_threshold double precision CHECK (z_threshold IS NULL OR z_threshold > 0),
  reason text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, series_key)
);
