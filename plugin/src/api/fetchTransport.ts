import { BackendUnreachableError, toApiError } from './errors';

/**
 * How a request reaches the CostWatch backend. Inside Grafana it goes through a plugin.json
 * route (Grafana adds the token server-side, so the browser never sees it); the browser check
 * and the dashboard test use plain fetch against a proxy or the backend. Callers only see `request`.
 */
export interface Transport {
  request<T>(path: string, init?: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown }): Promise<T>;
}

/** Plain fetch, for pages served next to a proxy that injects the token (browser check). */
export function fetchTransport(base: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): Transport {
  return {
    async request<T>(path: string, init: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown } = {}) {
      let res: Response;
      try {
        res = await fetchImpl(`${base}${path}`, {
          method: init.method ?? 'GET',
          headers: init.body === undefined ? undefined : { 'Content-Type': 'application/json' },
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        });
      } catch (err) {
        throw new BackendUnreachableError(`CostWatch backend not reachable: ${(err as Error).message}`);
      }
      const text = await res.text();
      const body = text ? safeJson(text) : undefined;
      if (!res.ok) {
        if (res.status >= 502 && !(body as { error?: unknown } | undefined)?.error) {
          throw new BackendUnreachableError(`CostWatch backend not reachable (${res.status})`);
        }
        throw toApiError(res.status, body);
      }
      return body as T;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}
