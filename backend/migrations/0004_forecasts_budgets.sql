-- Forecasts and budgets (issue 6). cost_forecasts and budgets exist since 0001; this adds what
-- the forecasting service stores beyond per-day rows.

-- The scope a stored forecast describes ({"account": …, "service": …}), so rows can be read back
-- by scope without parsing series_key, and the validation horizon/origins behind validation_error.
ALTER TABLE cost_forecasts ADD COLUMN scope jsonb NOT NULL DEFAULT '{}';
ALTER TABLE cost_forecasts ADD COLUMN validation jsonb NOT NULL DEFAULT '{}';
CREATE INDEX cost_forecasts_org_generated ON cost_forecasts (organization_id, generated_at);

-- Period totals (month end, quarter end) with their own interval: the distribution of the sum,
-- which cannot be rebuilt from the per-day bounds stored in cost_forecasts.
CREATE TABLE cost_forecast_totals (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  series_key text NOT NULL,
  scope jsonb NOT NULL DEFAULT '{}',
  metric text NOT NULL,
  period text NOT NULL CHECK (period IN ('month', 'quarter')),
  period_start date NOT NULL,
  period_end date NOT NULL,
  actual_to_date numeric(18,6) NOT NULL,
  mean numeric(18,6) NOT NULL,
  lo80 numeric(18,6) NOT NULL, hi80 numeric(18,6) NOT NULL,
  lo95 numeric(18,6) NOT NULL, hi95 numeric(18,6) NOT NULL,
  currency char(3) NOT NULL DEFAULT 'USD',
  model text NOT NULL,
  validation_error double precision,
  generated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, series_key, metric, period, period_start)
);

-- Budgets: a free-form note and who changed them last; the scope shape is validated by the API.
ALTER TABLE budgets ADD COLUMN description text NOT NULL DEFAULT '';
CREATE INDEX budgets_org ON budgets (organization_id);
