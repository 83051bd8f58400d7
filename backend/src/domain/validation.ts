import type { z } from 'zod';
import { ValidationError } from './errors.js';

/** `queries.0.metric` → `queries[0].metric`, the way users read field paths. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => {
    if (typeof p === 'number') return `${acc}[${p}]`;
    return acc ? `${acc}.${String(p)}` : String(p);
  }, '');
}

/** Parses with a zod schema, or throws a ValidationError naming the first offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix: readonly PropertyKey[] = []): z.output<S> {
  const res = schema.safeParse(input);
  if (res.success) return res.data;
  const issue = res.error.issues[0]!;
  const field = fieldPath([...prefix, ...issue.path]) || undefined;
  const message = field ? `${field}: ${issue.message}` : issue.message;
  throw new ValidationError(message, field, res.error.issues.slice(0, 10).map((i) => ({ field: fieldPath([...prefix, ...i.path]), message: i.message })));
}
