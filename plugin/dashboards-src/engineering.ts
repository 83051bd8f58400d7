import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { StackingConfigBuilder, StackingMode } from '@grafana/grafana-foundation-sdk/common';
import { annotations, CostQueryBuilder, datasourceVariable, dimensionVariable, DS, TypedQueryBuilder } from './common';

const daily = (title: string, groupBy: string, topN = 10) =>
  new TimeSeries()
    .title(title)
    .datasource(DS)
    .unit('currencyUSD')
    .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
    .fillOpacity(40)
    .span(12)
    .height(9)
    .withTarget(new CostQueryBuilder('A', { groupBy: [groupBy], topN }));

/** Engineering: where the money goes, by service, account, region and usage type. */
export function engineering() {
  return new DashboardBuilder('CostWatch: Engineering')
    .uid('costwatch-engineering')
    .description('AWS spend by service, account, region and usage type')
    .tags(['costwatch', 'aws', 'cost'])
    .editable()
    .time({ from: 'now-30d', to: 'now' })
    .timezone('utc')
    .refresh('')
    .withVariable(datasourceVariable())
    .withVariable(dimensionVariable('account', 'Account', 'account'))
    .withVariable(dimensionVariable('service', 'Service', 'service', 'account:$account'))
    .withVariable(dimensionVariable('region', 'Region', 'region', 'account:$account'))
    .annotations(annotations())
    .withPanel(
      new StatPanel()
        .title('Spend in range')
        .datasource(DS)
        .unit('currencyUSD')
        .span(6)
        .height(5)
        .withTarget(new CostQueryBuilder('A', { granularity: 'total', format: 'table' }))
    )
    .withPanel(
      new StatPanel()
        .title('Amortized in range')
        .datasource(DS)
        .unit('currencyUSD')
        .span(6)
        .height(5)
        .withTarget(new CostQueryBuilder('A', { metric: 'amortized', granularity: 'total', format: 'table' }))
    )
    .withRow(new RowBuilder('By dimension'))
    .withPanel(daily('Daily cost by service', 'service'))
    .withPanel(daily('Daily cost by account', 'account'))
    .withPanel(daily('Daily cost by region', 'region', 8))
    .withPanel(
      new TablePanel()
        .title('Open anomalies')
        .description('Detected cost anomalies with their root cause; acknowledge or resolve them in CostWatch.')
        .datasource(DS)
        .span(24)
        .height(8)
        .withTarget(new TypedQueryBuilder('A', 'anomalies', { format: 'table', status: ['open'] }))
    )
    .withPanel(
      new TablePanel()
        .title('Top usage types in range')
        .datasource(DS)
        .unit('currencyUSD')
        .span(24)
        .height(10)
        .withTarget(
          new CostQueryBuilder('A', { granularity: 'total', groupBy: ['service', 'usage_type'], topN: 25, format: 'table' })
        )
    );
}
