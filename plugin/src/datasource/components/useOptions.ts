import { useEffect, useState } from 'react';
import type { SelectableValue } from '@grafana/data';

/**
 * Loads select options once per key; failures leave an empty list plus the message, so an
 * editor stays usable (custom values, template variables) when the backend is down.
 */
export function useOptions(key: string, load: () => Promise<Array<SelectableValue<string>>>) {
  const [state, setState] = useState<{ key: string; options: Array<SelectableValue<string>>; error?: string; loading: boolean }>({
    key: '',
    options: [],
    loading: true,
  });
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (options) => alive && setState({ key, options, loading: false }),
      (err: Error) => alive && setState({ key, options: [], error: err.message, loading: false })
    );
    return () => {
      alive = false;
    };
    // `load` is recreated each render; the key says when the inputs really changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
