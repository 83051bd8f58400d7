import React from 'react';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import type { Load } from './useLoad';

interface Props<T> {
  state: Load<T>;
  /** What is missing, for the "not available yet" message, e.g. "Budgets". */
  what: string;
  children: (data: T) => React.ReactNode;
}

/**
 * Loading / not available yet / error / data. "Not available yet" is an honest state for
 * features whose backend part has not landed: never a placeholder number.
 */
export function LoadState<T>({ state, what, children }: Props<T>) {
  switch (state.status) {
    case 'loading':
      return <LoadingPlaceholder text={`Loading ${what.toLowerCase()}…`} />;
    case 'not-available':
      return (
        <div data-testid="not-available">
          <Alert severity="info" title={`${what}: not available yet`}>
            This CostWatch backend does not provide this yet ({state.message}). It appears here once the backend
            offers it.
          </Alert>
        </div>
      );
    case 'error':
      return (
        <Alert severity="error" title={`${what}: could not load`}>
          {state.message}
        </Alert>
      );
    default:
      return <>{children(state.data)}</>;
  }
}
