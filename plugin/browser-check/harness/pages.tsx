import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { type DataSourceInstanceSettings, type DataFrame, dateTime } from '@grafana/data';
import { Alert, Tab, TabsBar, useStyles2, useTheme2 } from '@grafana/ui';
import { CostwatchClient, fetchTransport } from '../../src/api';
import { ClientProvider, DataTable, MiniChart } from '../../src/components/common';
import { QueryEditor } from '../../src/datasource/components/QueryEditor';
import { DataSource } from '../../src/datasource/datasource';
import { migrate } from '../../src/datasource/migrate';
import { type CostwatchQuery, DEFAULT_COST_QUERY } from '../../src/datasource/types';
import { Overview } from '../../src/pages/Overview/Overview';
import { AlertRulesPage } from '../../src/pages/AlertRules/AlertRulesPage';
import { Budgets, Inventory } from '../../src/pages/Resources/pages';
import { RecommendationsPage as Recommendations } from '../../src/pages/Recommendations/RecommendationsPage';

/** The proxy path served by browser-check/server.ts, standing in for Grafana's plugin route. */
const BASE = '/costwatch';

const PAGES: Record<string, { title: string; render: () => React.ReactElement }> = {
  overview: { title: 'Overview', render: () => <Overview /> },
  'query-editor': { title: 'Query editor', render: () => <QueryEditorPage /> },
  'alert-rules': { title: 'Alert rules', render: () => <AlertRulesPage /> },
  budgets: { title: 'Budgets', render: () => <Budgets /> },
  recommendations: { title: 'Recommendations', render: () => <Recommendations /> },
  inventory: { title: 'Inventory', render: () => <Inventory /> },
};

function useHash() {
  const [hash, setHash] = useState(window.location.hash.slice(1) || 'overview');
  useEffect(() => {
    const on = () => setHash(window.location.hash.slice(1) || 'overview');
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

export function AppRoutesHarness() {
  const theme = useTheme2();
  const s = useStyles2(() => ({
    page: css({ background: theme.colors.background.canvas, color: theme.colors.text.primary, minHeight: '100vh', padding: 24, fontFamily: theme.typography.fontFamily }),
  }));
  const client = useMemo(() => new CostwatchClient(fetchTransport(BASE)), []);
  const page = useHash();
  const current = PAGES[page] ?? PAGES.overview!;
  return (
    <ClientProvider client={client}>
      <div className={s.page}>
        <h1>CostWatch · {current.title}</h1>
        <TabsBar>
          {Object.entries(PAGES).map(([id, p]) => (
            <Tab key={id} label={p.title} active={id === page} href={`#${id}`} />
          ))}
        </TabsBar>
        <div style={{ marginTop: 16 }} data-testid={`page-${page}`}>
          {current.render()}
        </div>
      </div>
    </ClientProvider>
  );
}

const settings = {
  id: 1,
  uid: 'costwatch',
  type: 'costwatch-costwatch-datasource',
  name: 'CostWatch',
  url: BASE,
  jsonData: {},
  meta: { id: 'costwatch-costwatch-datasource' },
} as unknown as DataSourceInstanceSettings;

/** The QueryEditor as a panel editor shows it, with the query's frames drawn underneath. */
function QueryEditorPage() {
  const ds = useMemo(() => new DataSource(settings as never, { transport: fetchTransport(BASE), templateSrv: { replace: (t = '') => t } }), []);
  const [query, setQuery] = useState<CostwatchQuery>(migrate({ ...DEFAULT_COST_QUERY, refId: 'A', groupBy: ['service'], topN: 5 }));
  const [run, setRun] = useState(0);
  const [result, setResult] = useState<{ frames: DataFrame[]; error?: string }>();
  useEffect(() => {
    const now = Date.now();
    ds.query({
      targets: [query],
      range: { from: dateTime(now - 30 * 86_400_000), to: dateTime(now), raw: { from: 'now-30d', to: 'now' } },
      scopedVars: {},
    } as never).then((r) => setResult({ frames: r.data as DataFrame[], error: r.error?.message }));
    // Re-run when the editor asks (onRunQuery), as Grafana does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run]);
  return (
    <div>
      <QueryEditor datasource={ds} query={query} onChange={setQuery} onRunQuery={() => setRun((n) => n + 1)} app={undefined as never} />
      <div data-testid="query-result" style={{ marginTop: 16 }}>
        {result?.error && <Alert title="Query failed">{result.error}</Alert>}
        {result && <Frames frames={result.frames} table={'format' in query && query.format === 'table'} />}
      </div>
    </div>
  );
}

function Frames({ frames, table }: { frames: DataFrame[]; table: boolean }) {
  if (!table) {
    return (
      <div>
        {frames.map((f, i) => {
          const t = f.fields.find((x) => x.type === 'time');
          const v = f.fields.find((x) => x.type === 'number');
          if (!t || !v) return null;
          return (
            <div key={i}>
              <strong>{f.name}</strong>
              <MiniChart label={f.name ?? 'series'} points={t.values.map((x, j) => [Number(x), Number(v.values[j])] as [number, number])} />
            </div>
          );
        })}
      </div>
    );
  }
  const f = frames[0];
  if (!f) return <p>No data</p>;
  const rows = Array.from({ length: f.length }, (_, i) => Object.fromEntries(f.fields.map((x) => [x.name, x.values[i]])));
  return (
    <DataTable
      label="Query result"
      rows={rows}
      empty="No rows"
      columns={f.fields.map((x) => ({ header: x.name, cell: (r: Record<string, unknown>) => String(r[x.name] ?? '') }))}
    />
  );
}
