/**
 * Roles and what each may do. Every route declares one permission (api/app.ts refuses a
 * route without one); the README's route x role matrix is generated from this table.
 */
export const ROLES = ['admin', 'editor', 'viewer', 'finance'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Anyone, no credential: health probes. */
  public: [],
  'costs:read': ['admin', 'editor', 'viewer', 'finance'],
  'metrics:read': ['admin', 'editor', 'viewer', 'finance'],
  'admin:manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: Role, permission: Permission): boolean {
  if (permission === 'public') return true;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
