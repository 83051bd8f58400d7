import type { CostwatchClient } from '../../api';

/** The backend's recommendation (GET /api/v1/recommendations); amounts are decimal strings. */
export interface Recommendation {
  id: string;
  checkId: string;
  title: string;
  action: string;
  why: string;
  resource: { key: string; id: string | null; type: string; resourceId: string; name: string | null; arn: string | null };
  accountId: string | null;
  region: string | null;
  service: string | null;
  estimatedMonthlySavings: string;
  currency: string;
  pricingBasis: Record<string, unknown>;
  evidence: Record<string, unknown>;
  confidence: 'low' | 'medium' | 'high';
  status: 'open' | 'dismissed' | 'resolved';
  dismissReason: string | null;
  firstDetectedAt: string;
  lastDetectedAt: string;
  resolvedAt: string | null;
}

export interface RecommendationDetail extends Recommendation {
  utilization: Record<string, Array<{ date: string; avg: number | null; max: number | null }>>;
}

export interface SavingsSummary {
  currency: string;
  count: number;
  total: string;
  byAccount: Array<{ key: string; count: number; savings: string }>;
  byService: Array<{ key: string; count: number; savings: string }>;
  byCheck: Array<{ key: string; title: string; count: number; savings: string }>;
}

export interface Filters {
  status: 'open' | 'dismissed' | 'resolved';
  check: string;
  account: string;
  search: string;
  order: 'desc' | 'asc';
}

export const DEFAULT_FILTERS: Filters = { status: 'open', check: '', account: '', search: '', order: 'desc' };

/** Query string shared by the list and the summary, so both always describe the same set. */
export function filterQuery(f: Filters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ status: f.status, ...extra });
  if (f.check) p.set('check', f.check);
  if (f.account) p.set('account', f.account);
  if (f.search.trim()) p.set('search', f.search.trim());
  return p.toString();
}

export function recommendationsApi(client: CostwatchClient) {
  return {
    list: (f: Filters, limit = 100) =>
      client.get<{ items: Recommendation[]; total: number }>(`/api/v1/recommendations?${filterQuery(f, { sort: 'savings', order: f.order, limit: String(limit) })}`),
    summary: (f: Filters) => client.get<SavingsSummary>(`/api/v1/recommendations/summary?${filterQuery({ ...f, check: '', account: '', search: '' })}`),
    detail: (id: string) => client.get<RecommendationDetail>(`/api/v1/recommendations/${encodeURIComponent(id)}`),
    dismiss: (id: string, reason: string) => client.post<Recommendation>(`/api/v1/recommendations/${encodeURIComponent(id)}/dismiss`, { reason }),
    reopen: (id: string) => client.post<Recommendation>(`/api/v1/recommendations/${encodeURIComponent(id)}/reopen`, {}),
  };
}
