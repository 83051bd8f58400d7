import type { z } from 'zod';
import type { Cache } from '../cache/index.js';
import type { Database } from '../store/queryable.js';
import type { FrameDTO } from './frames.js';
import type { TimeRange } from './model.js';

export interface QueryContext {
  readonly db: Database;
  readonly cache: Cache;
  readonly organizationId: string;
  readonly now: Date;
}

/**
 * A query type: its schema (applied to each query of that type, so errors name the field)
 * and how to answer it. Domains register theirs in main.ts; the route knows none of them.
 */
export interface QueryHandler<S extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly schema: S;
  /** Answers are cached per organization in the query layer unless this is false. */
  readonly cacheable?: boolean;
  execute(ctx: QueryContext, query: z.output<S>, range: TimeRange): Promise<FrameDTO[]>;
}

export class QueryRegistry {
  private readonly handlers = new Map<string, QueryHandler>();

  register<S extends z.ZodType>(handler: QueryHandler<S>): this {
    if (this.handlers.has(handler.type)) throw new Error(`query type ${handler.type} registered twice`);
    this.handlers.set(handler.type, handler as unknown as QueryHandler);
    return this;
  }

  get(type: string): QueryHandler | undefined {
    return this.handlers.get(type);
  }

  types(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
