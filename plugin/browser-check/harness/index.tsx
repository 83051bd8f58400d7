import React from 'react';
import { createRoot } from 'react-dom/client';
import { GlobalStyles } from '@grafana/ui';
import { AppRoutesHarness } from './pages';

// The browser check's page: the app's pages and the datasource's QueryEditor mounted outside
// Grafana, talking to a real backend through a proxy that adds the token like Grafana's route.
createRoot(document.getElementById('root')!).render(
  <>
    <GlobalStyles />
    <AppRoutesHarness />
  </>
);
