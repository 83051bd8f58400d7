import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Button, Input, Stack, Text, useStyles2 } from '@grafana/ui';
import { Card, Choice, DataTable, LoadState, formatMoney, useClient, useLoad, type Column } from '../../components/common';
import { DEFAULT_FILTERS, recommendationsApi, type Filters, type Recommendation } from './api';
import { Detail } from './Detail';

const STATUSES: Array<Filters['status']> = ['open', 'dismissed', 'resolved'];

/**
 * Savings recommendations: potential savings by check, a list with filters sorted by savings,
 * dismiss with a reason and undo, and a detail with evidence and a utilization sparkline.
 */
export function RecommendationsPage() {
  const client = useClient();
  const s = useStyles2(getStyles);
  const api = recommendationsApi(client);
  const [filters, setFilters] = useState<Filters>(DEFAULT_FILTERS);
  const [selected, setSelected] = useState<string | null>(null);
  const [dismissing, setDismissing] = useState<{ id: string; reason: string } | null>(null);
  const [version, setVersion] = useState(0);
  const [actionError, setActionError] = useState<string | null>(null);
  const key = `${JSON.stringify(filters)}|${version}`;
  const list = useLoad(`list|${key}`, () => api.list(filters));
  const summary = useLoad(`summary|${filters.status}|${version}`, () => api.summary(filters));

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const act = async (fn: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await fn();
      setDismissing(null);
      setVersion((v) => v + 1);
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
    }
  };

  const columns: Array<Column<Recommendation>> = [
    { header: 'Recommendation', cell: (r) => r.title },
    { header: 'Resource', cell: (r) => r.resource.name ?? r.resource.resourceId },
    { header: 'Account', cell: (r) => r.accountId ?? '' },
    { header: 'Region', cell: (r) => r.region ?? '' },
    { header: 'Savings / month', align: 'right', cell: (r) => formatMoney(Number(r.estimatedMonthlySavings), r.currency) },
    { header: 'Confidence', cell: (r) => r.confidence },
    { header: 'Status', cell: (r) => (r.status === 'dismissed' && r.dismissReason ? `dismissed: ${r.dismissReason}` : r.status) },
    {
      header: 'Actions',
      cell: (r) => (
        <Stack direction="row" gap={1}>
          <Button size="sm" variant="secondary" fill="text" onClick={() => setSelected(r.id)} aria-label={`details of ${r.resource.resourceId}`}>
            Details
          </Button>
          {r.status === 'open' && (
            <Button size="sm" variant="secondary" onClick={() => setDismissing({ id: r.id, reason: '' })} aria-label={`dismiss ${r.resource.resourceId}`}>
              Dismiss
            </Button>
          )}
          {r.status === 'dismissed' && (
            <Button size="sm" variant="secondary" onClick={() => act(() => api.reopen(r.id))} aria-label={`undo dismissal of ${r.resource.resourceId}`}>
              Undo
            </Button>
          )}
        </Stack>
      ),
    },
  ];

  return (
    <PluginPage>
      <Stack direction="column" gap={2}>
        <Text color="secondary">Savings opportunities found in the scanned inventory, priced from AWS list prices.</Text>
        <div className={s.block}>
        <Card title="Potential savings" testId="savings-summary">
          <LoadState state={summary} what="Savings">
            {(s) => (
              <Stack direction="column" gap={1}>
                <Text element="h2" data-testid="savings-total">
                  {`${formatMoney(Number(s.total), s.currency)} / month`}
                </Text>
                <Text color="secondary">{`${s.count} ${filters.status} recommendations`}</Text>
                <Stack direction="row" gap={2} wrap="wrap">
                  {s.byCheck.slice(0, 6).map((c) => (
                    <Text key={c.key}>{`${c.title}: ${formatMoney(Number(c.savings), s.currency)}`}</Text>
                  ))}
                </Stack>
              </Stack>
            )}
          </LoadState>
        </Card>
        </div>
        <Stack direction="row" gap={2} alignItems="flex-end" wrap="wrap">
          <Choice className={s.select} label="Status" aria="status" value={filters.status} options={STATUSES} onChange={(status) => set({ status })} />
          <Choice
            className={s.select}
            label="Check"
            aria="check"
            value={filters.check}
            options={[{ value: '', label: 'all checks' }, ...(summary.status === 'ok' ? summary.data.byCheck : []).map((c) => ({ value: c.key, label: c.title }))]}
            onChange={(check) => set({ check })}
          />
          <Choice
            className={s.select}
            label="Account"
            aria="account"
            value={filters.account}
            options={[{ value: '', label: 'all accounts' }, ...(summary.status === 'ok' ? summary.data.byAccount : []).map((a) => a.key)]}
            onChange={(account) => set({ account })}
          />
          <Input aria-label="search" placeholder="Search resource or title" width={30} value={filters.search} onChange={(e) => set({ search: e.currentTarget.value })} />
          <Button variant="secondary" icon={filters.order === 'desc' ? 'arrow-down' : 'arrow-up'} onClick={() => set({ order: filters.order === 'desc' ? 'asc' : 'desc' })}>
            {filters.order === 'desc' ? 'Largest savings first' : 'Smallest savings first'}
          </Button>
        </Stack>
        {dismissing && (
          <Stack direction="row" gap={1} alignItems="center">
            <Input aria-label="dismiss reason" placeholder="Why is this not worth doing?" width={50} value={dismissing.reason} onChange={(e) => setDismissing({ ...dismissing, reason: e.currentTarget.value })} />
            <Button disabled={!dismissing.reason.trim()} onClick={() => act(() => api.dismiss(dismissing.id, dismissing.reason.trim()))}>
              Confirm dismissal
            </Button>
            <Button variant="secondary" fill="text" onClick={() => setDismissing(null)}>
              Cancel
            </Button>
          </Stack>
        )}
        {actionError && (
          <Text color="error" data-testid="action-error">
            {actionError}
          </Text>
        )}
        <div className={s.block}>
        <Card title="Recommendations" testId="page-recommendations">
          <LoadState state={list} what="Recommendations">
            {(res) => <DataTable label="Recommendations" rows={res.items} columns={columns} empty={`No ${filters.status} recommendations.`} />}
          </LoadState>
        </Card>
        </div>
        {selected && (
          <div className={s.block}>
            <Detail key={`${selected}|${version}`} id={selected} />
          </div>
        )}
      </Stack>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // Cards grow in a row; in this column they keep their content height.
  block: css({ display: 'flex' }),
  select: css({
    minWidth: 180,
    height: theme.spacing(4),
    padding: theme.spacing(0, 1),
    color: theme.colors.text.primary,
    background: theme.components.input.background,
    border: `1px solid ${theme.components.input.borderColor}`,
    borderRadius: theme.shape.radius.default,
  }),
});

export default RecommendationsPage;
