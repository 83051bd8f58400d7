import { lastValueFrom } from 'rxjs';
import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { BackendUnreachableError, toApiError } from './errors';

import type { Transport } from './fetchTransport';

/** Grafana's backend_srv against a proxy base such as `/api/plugin-proxy/<app>/costwatch`. */
export function grafanaTransport(base: string): Transport {
  return {
    async request<T>(path: string, init: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown } = {}) {
      try {
        const res = await lastValueFrom(
          getBackendSrv().fetch<T>({
            url: `${base}${path}`,
            method: init.method ?? 'GET',
            data: init.body,
            showErrorAlert: false,
            showSuccessAlert: false,
          })
        );
        return res.data;
      } catch (err) {
        if (isFetchError(err)) {
          if (err.status === undefined || err.status === 0 || (err.status >= 502 && !err.data?.error)) {
            throw new BackendUnreachableError(`CostWatch backend not reachable (${err.status ?? 'network error'})`);
          }
          throw toApiError(err.status, err.data);
        }
        throw err;
      }
    },
  };
}
