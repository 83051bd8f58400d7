/**
 * Runs `load` for `key` unless one is already running. Memos that are trusted for a short time
 * (an organization's cache or auth generation, an address's failed logins) reload in the
 * background once half that time has passed, so steady traffic never finds them expired and
 * never falls back to a round trip per request. `load` decides what to keep; its errors are
 * dropped here (the memo then simply expires, as it would have).
 */
export function refreshAhead(inFlight: Set<string>, key: string, load: () => Promise<unknown>): void {
  if (inFlight.has(key)) return;
  inFlight.add(key);
  load()
    .catch(() => undefined)
    .finally(() => inFlight.delete(key));
}
