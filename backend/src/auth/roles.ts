/**
 * Roles and what each may do. Every route declares one permission (api/app.ts refuses a
 * route without one); the README's route x role matrix follows this table.
 *
 * viewer: reads everything cost-related (the Grafana datasource key).
 * finance: viewer + budgets and anomaly feedback, acknowledges alerts, exports.
 * editor: viewer + alert rules and channels, recommendations triage, runs ingest and scans.
 * admin: everything, including users, API keys, AWS accounts and the audit log.
 */
export const ROLES = ['admin', 'editor', 'viewer', 'finance'] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;

export const PERMISSIONS = {
  /** Anyone, no credential: health probes, metrics, login. */
  public: [],
  /** Any authenticated caller (own profile, logout). */
  'self:read': ALL,
  'costs:read': ALL,
  'costs:export': ['admin', 'finance', 'editor'],
  'resources:read': ALL,
  'recommendations:read': ALL,
  'recommendations:write': ['admin', 'editor'],
  'anomalies:read': ALL,
  'anomalies:write': ['admin', 'editor', 'finance'],
  'forecasts:read': ALL,
  'budgets:read': ALL,
  'budgets:write': ['admin', 'finance'],
  'alerts:read': ALL,
  'alerts:write': ['admin', 'editor'],
  'alerts:ack': ['admin', 'editor', 'finance'],
  'accounts:read': ['admin', 'editor', 'finance'],
  'accounts:write': ['admin'],
  'ingest:run': ['admin', 'editor'],
  'scan:run': ['admin', 'editor'],
  'users:manage': ['admin'],
  'apikeys:manage': ['admin'],
  'audit:read': ['admin'],
  'admin:manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: Role, permission: Permission): boolean {
  if (permission === 'public') return true;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
