import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Stack, Text } from '@grafana/ui';
import { Card, DataTable, formatMoney, LoadState, MiniChart, useClient, useLoad } from '../../components/common';
import { OptionalPanel } from './OptionalPanel';
import { day, monthStart, monthToDate, topMovers } from './overview';
import { AnomaliesView, ForecastView } from './views';

/**
 * Month-to-date spend, month-end forecast, top movers, open anomalies and potential savings.
 * Every number comes from the CostWatch query API (the same one the datasource uses); parts
 * the backend does not answer yet say so instead of showing a made-up value.
 */
export function Overview({ now = new Date() }: { now?: Date }) {
  const client = useClient();
  const key = day(now);
  const mtd = useLoad(`mtd:${key}`, () => monthToDate(client, now));
  const movers = useLoad(`movers:${key}`, () => topMovers(client, now));
  const types = useLoad('types', () => client.queryTypes());
  const monthRange = { from: monthStart(now), to: day(now) };
  return (
    <PluginPage>
      <Stack direction="column" gap={2}>
        <Stack gap={2} wrap="wrap">
          <Card title="Month-to-date spend" testId="panel-mtd">
            <LoadState state={mtd} what="Month-to-date spend">
              {(d) => (
                <>
                  <Text element="h2" variant="h2">
                    {formatMoney(d.total)}
                  </Text>
                  <MiniChart points={d.daily} label="Daily spend this month" />
                </>
              )}
            </LoadState>
          </Card>
          <OptionalPanel
            title="Month-end forecast"
            testId="panel-forecast"
            types={types}
            type="forecast"
            range={{ from: monthStart(now), to: day(now) }}
            extra={{ metric: 'unblended', horizon: 'month_end' }}
            view={(frames) => <ForecastView frames={frames} />}
          />
          <OptionalPanel title="Potential savings" testId="panel-savings" types={types} type="savings" range={monthRange} />
        </Stack>
        <Stack gap={2} wrap="wrap">
          <Card title="Top movers (last 7 days vs the 7 before)" testId="panel-movers">
            <LoadState state={movers} what="Top movers">
              {(rows) => (
                <DataTable
                  label="Top movers"
                  rows={rows}
                  empty="No spend in the last two weeks."
                  columns={[
                    { header: 'Service', cell: (r) => r.service },
                    { header: 'Last 7 days', cell: (r) => formatMoney(r.current), align: 'right' },
                    { header: 'Previous 7 days', cell: (r) => formatMoney(r.previous), align: 'right' },
                    { header: 'Change', cell: (r) => `${r.change >= 0 ? '+' : ''}${formatMoney(r.change)}`, align: 'right' },
                  ]}
                />
              )}
            </LoadState>
          </Card>
          <OptionalPanel
            title="Open anomalies"
            testId="panel-anomalies"
            types={types}
            type="anomalies"
            range={monthRange}
            extra={{ format: 'table', status: ['open'] }}
            view={(frames) => <AnomaliesView frames={frames} />}
          />
        </Stack>
      </Stack>
    </PluginPage>
  );
}

export default Overview;
