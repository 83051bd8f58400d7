import { useEffect, useState } from 'react';
import { ApiError } from '../../api';

export type Load<T> =
  | { status: 'loading' }
  | { status: 'ok'; data: T }
  | { status: 'not-available'; message: string }
  | { status: 'error'; message: string };

/** Marks an answer the backend cannot give yet (route or query type not there). */
export class NotAvailableYet extends Error {}

/** Runs `load` when `key` changes and classifies failures: "not available yet" vs real errors. */
export function useLoad<T>(key: string, load: () => Promise<T>): Load<T> {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  useEffect(() => {
    let alive = true;
    setState({ status: 'loading' });
    load().then(
      (data) => alive && setState({ status: 'ok', data }),
      (err: unknown) => alive && setState(classify(err))
    );
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}

export function classify(err: unknown): Load<never> {
  if (err instanceof NotAvailableYet || (err instanceof ApiError && err.notAvailable)) {
    return { status: 'not-available', message: (err as Error).message };
  }
  return { status: 'error', message: err instanceof Error ? err.message : String(err) };
}
