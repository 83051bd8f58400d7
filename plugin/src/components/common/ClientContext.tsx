import React, { createContext, useContext } from 'react';
import type { CostwatchClient } from '../../api';

const Ctx = createContext<CostwatchClient | undefined>(undefined);

/** Pages get their API client from here: Grafana's route proxy in the app, plain fetch in the harness. */
export function ClientProvider({ client, children }: { client: CostwatchClient; children: React.ReactNode }) {
  return <Ctx.Provider value={client}>{children}</Ctx.Provider>;
}

export function useClient(): CostwatchClient {
  const c = useContext(Ctx);
  if (!c) throw new Error('useClient outside ClientProvider');
  return c;
}
