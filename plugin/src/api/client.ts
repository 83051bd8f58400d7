import type { Transport } from './fetchTransport';
import type { DimensionValue, QueryResponse, WireQuery } from './types';

export interface ValuesOptions {
  from?: string;
  to?: string;
  search?: string;
  limit?: number;
  /** `dim:v1,v2` (or `!dim:v1` to exclude), narrowing values by other selections. */
  filters?: string[];
}

/** Typed calls to the CostWatch API, shared by the datasource and the app pages. */
export class CostwatchClient {
  constructor(private readonly transport: Transport) {}

  query(range: { from: string | number; to: string | number }, queries: WireQuery[]): Promise<QueryResponse> {
    return this.transport.request<QueryResponse>('/api/v1/query', { method: 'POST', body: { range, queries } });
  }

  async queryTypes(): Promise<string[]> {
    return (await this.transport.request<{ types: string[] }>('/api/v1/query/types')).types;
  }

  async dimensionValues(dimension: string, opts: ValuesOptions = {}): Promise<DimensionValue[]> {
    const params = new URLSearchParams();
    if (opts.from) params.set('from', opts.from);
    if (opts.to) params.set('to', opts.to);
    if (opts.search) params.set('search', opts.search);
    if (opts.limit) params.set('limit', String(opts.limit));
    for (const f of opts.filters ?? []) params.append('filter', f);
    const qs = params.toString();
    const path = `/api/v1/dimensions/${encodeURIComponent(dimension)}/values${qs ? `?${qs}` : ''}`;
    return (await this.transport.request<{ values: DimensionValue[] }>(path)).values;
  }

  async tagKeys(): Promise<string[]> {
    return (await this.transport.request<{ keys: string[] }>('/api/v1/tag-keys')).keys;
  }

  /** REST resources other issues add (rules, budgets, recommendations, resources). */
  get<T>(path: string): Promise<T> {
    return this.transport.request<T>(path);
  }

  /** Write calls of those resources (dismiss a recommendation, acknowledge an alert). */
  post<T>(path: string, body: unknown): Promise<T> {
    return this.transport.request<T>(path, { method: 'POST', body });
  }

  /** Replace a resource (edit an alert rule). */
  put<T>(path: string, body: unknown): Promise<T> {
    return this.transport.request<T>(path, { method: 'PUT', body });
  }

  /** Remove a resource (delete a notification channel; the answer says what else changed). */
  delete<T = void>(path: string): Promise<T> {
    return this.transport.request<T>(path, { method: 'DELETE' });
  }
}
