import React from 'react';
import { ResourcePage } from './ResourcePage';

/** Each page grows with its issue; the route and the columns worth showing first are all it needs. */
export const AlertRules = () => (
  <ResourcePage
    title="Alert rules"
    paths={['/api/v1/alert-rules', '/api/v1/rules']}
    description="Rules that watch spend, forecasts, budgets and anomalies, and where they notify."
    preferred={['name', 'type', 'condition', 'threshold', 'severity', 'enabled', 'state']}
  />
);

export const Budgets = () => (
  <ResourcePage
    title="Budgets"
    paths={['/api/v1/budgets']}
    description="Monthly budgets with their month-to-date spend and month-end forecast."
    preferred={['name', 'amount', 'period', 'spent', 'forecast', 'status']}
  />
);

export const Recommendations = () => (
  <ResourcePage
    title="Recommendations"
    paths={['/api/v1/recommendations']}
    description="Savings opportunities with dollar estimates."
    preferred={['title', 'type', 'resourceId', 'estimatedMonthlySavings', 'status']}
  />
);

export const Inventory = () => (
  <ResourcePage
    title="Inventory"
    paths={['/api/v1/resources', '/api/v1/inventory']}
    description="EC2, EBS, RDS and S3 resources found by the scanners, with their utilization."
    preferred={['resourceId', 'type', 'region', 'account', 'state', 'monthlyCost']}
  />
);
