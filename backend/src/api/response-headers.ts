import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { AppEnv } from './context.js';

/**
 * Sets a header on the answer, whatever the handler returns. Under the Node server it goes
 * straight onto the ServerResponse, which merges it into the response written later: Hono's
 * c.header() builds a web Headers object that validates every value on every request, a
 * measurable share of a cached query's cost. Without a Node server (app.request in tests) it
 * goes through the context.
 */
export function setHeader(c: Context<AppEnv>, name: string, value: string): void {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}
