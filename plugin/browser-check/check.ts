import type { Page } from 'playwright-core';

/** One browser-check step: opens on its page (#name) and returns what it saw, or throws. */
export type Check = { name: string; run: (page: Page) => Promise<string> };

export function must(cond: boolean, what: string): asserts cond {
  if (!cond) throw new Error(what);
}
