import { ValidationError } from '../domain/errors.js';
import type { Queryable } from '../store/index.js';

/**
 * The organization a CLI command acts for: `--org <slug or id>`, else the only real
 * organization, else a new "default" one (a fresh install registering its first account).
 */
export async function resolveOrg(db: Queryable, ref?: string, create = true): Promise<string> {
  if (ref) {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM organizations WHERE slug = $1 OR id::text = $1', [ref]);
    if (!rows[0]) throw new ValidationError(`no organization ${ref}`, 'org');
    return rows[0].id;
  }
  const { rows } = await db.query<{ id: string; slug: string }>('SELECT id, slug FROM organizations WHERE NOT is_demo ORDER BY created_at');
  if (rows.length === 1) return rows[0]!.id;
  if (rows.length > 1) throw new ValidationError(`several organizations (${rows.map((r) => r.slug).join(', ')}): pass --org <slug>`, 'org');
  if (!create) throw new ValidationError('no organization yet: register an account first (costwatch accounts add)', 'org');
  const created = await db.query<{ id: string }>(`INSERT INTO organizations (name, slug) VALUES ('Default', 'default') RETURNING id`);
  return created.rows[0]!.id;
}
