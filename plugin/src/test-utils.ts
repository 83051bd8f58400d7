import { ApiError, type Transport } from './api';

type Handler = (body: unknown) => unknown;

/**
 * An in-memory Transport for unit tests of editors and pages: routes map `METHOD path` (path
 * without query string) to answers; a missing route answers 404 like the real backend.
 */
export function stubTransport(routes: Record<string, unknown | Handler>) {
  const calls: Array<{ method: string; path: string; body?: unknown }> = [];
  const transport: Transport = {
    async request<T>(path: string, init: { method?: string; body?: unknown } = {}) {
      const method = init.method ?? 'GET';
      calls.push({ method, path, body: init.body });
      const key = `${method} ${path.split('?')[0]}`;
      if (!(key in routes)) throw new ApiError(404, 'not_found', `no route ${key}`);
      const r = routes[key];
      const out = typeof r === 'function' ? (r as Handler)(init.body) : r;
      if (out instanceof Error) throw out;
      return out as T;
    },
  };
  return { transport, calls };
}
