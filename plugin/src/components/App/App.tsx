import React, { Suspense, lazy, useMemo } from 'react';
import { Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { CostwatchClient, grafanaTransport } from '../../api';
import { APP_PROXY_BASE, ROUTES } from '../../constants';
import { ClientProvider } from '../common';

// Each page is its own chunk: opening Budgets does not load the Overview's code.
const Overview = lazy(() => import('../../pages/Overview/Overview'));
const AlertRules = lazy(() => import('../../pages/AlertRules/AlertRulesPage'));
const Budgets = lazy(() => import('../../pages/Resources/pages').then((m) => ({ default: m.Budgets })));
const Recommendations = lazy(() => import('../../pages/Recommendations/RecommendationsPage'));
const Inventory = lazy(() => import('../../pages/Resources/pages').then((m) => ({ default: m.Inventory })));

/** Pages of the app; `client` is injectable for tests and the browser check. */
export function AppRoutes({ client }: { client: CostwatchClient }) {
  return (
    <ClientProvider client={client}>
      <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
        <Routes>
          <Route path={ROUTES.AlertRules} element={<AlertRules />} />
          <Route path={ROUTES.Budgets} element={<Budgets />} />
          <Route path={ROUTES.Recommendations} element={<Recommendations />} />
          <Route path={ROUTES.Inventory} element={<Inventory />} />
          <Route path="*" element={<Overview />} />
        </Routes>
      </Suspense>
    </ClientProvider>
  );
}

function App(_props: AppRootProps) {
  const client = useMemo(() => new CostwatchClient(grafanaTransport(APP_PROXY_BASE)), []);
  return <AppRoutes client={client} />;
}

export default App;
