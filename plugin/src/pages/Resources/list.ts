import { ApiError } from '../../api';

type Row = Record<string, unknown>;

/** Accepts `[...]`, `{items:[...]}` or `{<anything>:[...]}`: the first array in the answer. */
export function listOf(body: unknown): Row[] {
  if (Array.isArray(body)) return body as Row[];
  if (body && typeof body === 'object') {
    const arr = Object.values(body).find(Array.isArray);
    if (arr) return arr as Row[];
  }
  return [];
}

const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** Preferred columns that exist, then other scalar fields, at most 8; ids and org ids last/out. */
export function columnsFor(items: Row[], preferred: string[], max = 8): string[] {
  const keys = new Set<string>();
  for (const r of items.slice(0, 20)) for (const [k, v] of Object.entries(r)) if (scalar(v)) keys.add(k);
  keys.delete('organizationId');
  keys.delete('organization_id');
  const first = preferred.filter((k) => keys.has(k));
  const rest = [...keys].filter((k) => !first.includes(k) && k !== 'id');
  return [...first, ...rest].slice(0, max);
}

const MONEY_COLUMN = /cost|saving|amount|spend|budget/i;

/** Money columns (decimal strings or numbers, as the API sends them) show as currency. */
export function cellText(v: unknown, column = ''): string {
  if (v === null || v === undefined) return '';
  if (MONEY_COLUMN.test(column) && (typeof v === 'number' || /^-?\d+(\.\d+)?$/.test(String(v)))) {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(v));
  }
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  return String(v);
}

/** Tries routes in order, moving on only when one does not exist (404); other errors surface. */
export async function firstAvailable<T>(paths: string[], get: (path: string) => Promise<T>): Promise<T> {
  let last: unknown;
  for (const p of paths) {
    try {
      return await get(p);
    } catch (err) {
      if (!(err instanceof ApiError && err.notAvailable)) throw err;
      last = err;
    }
  }
  throw last;
}
