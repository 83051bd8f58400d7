import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarChart } from '@grafana/grafana-foundation-sdk/barchart';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  annotations,
  CostQueryBuilder,
  datasourceVariable,
  dimensionVariable,
  DS,
  tagKeyVariable,
  TypedQueryBuilder,
} from './common';

/**
 * Finance: month-to-date vs budget vs forecast, amortized vs unblended, chargeback by tag and
 * by account.
 */
export function finance() {
  return new DashboardBuilder('CostWatch: Finance')
    .uid('costwatch-finance')
    .description('Month-to-date spend, amortized vs unblended, chargeback by tag and account')
    .tags(['costwatch', 'aws', 'finance'])
    .editable()
    .time({ from: 'now-6M/M', to: 'now' })
    .timezone('utc')
    .refresh('')
    .withVariable(datasourceVariable())
    .withVariable(dimensionVariable('account', 'Account', 'account'))
    .withVariable(dimensionVariable('service', 'Service', 'service', 'account:$account'))
    .withVariable(dimensionVariable('region', 'Region', 'region', 'account:$account'))
    .withVariable(tagKeyVariable())
    .annotations(annotations())
    .withPanel(
      new StatPanel()
        .title('Month-to-date spend (unblended)')
        .datasource(DS)
        .unit('currencyUSD')
        .timeFrom('now/M')
        .span(8)
        .height(5)
        .withTarget(new CostQueryBuilder('A', { granularity: 'total', format: 'table' }))
    )
    .withPanel(
      new StatPanel()
        .title('Month-to-date spend (amortized)')
        .datasource(DS)
        .unit('currencyUSD')
        .timeFrom('now/M')
        .span(8)
        .height(5)
        .withTarget(new CostQueryBuilder('A', { metric: 'amortized', granularity: 'total', format: 'table' }))
    )
    .withPanel(
      new TimeSeries()
        .title('Month-to-date, day by day')
        .datasource(DS)
        .unit('currencyUSD')
        .timeFrom('now/M')
        .span(8)
        .height(5)
        .withTarget(new CostQueryBuilder('A', { granularity: 'day' }))
    )
    .withRow(new RowBuilder('Budget and forecast'))
    .withPanel(
      new TablePanel()
        .title('Month-end forecast (mean, 80 % and 95 % intervals)')
        .datasource(DS)
        .unit('currencyUSD')
        .timeFrom('now/M')
        .span(12)
        .height(6)
        .withTarget(new TypedQueryBuilder('A', 'forecast', { metric: 'unblended', horizon: 'month_end' }))
    )
    .withPanel(
      new TablePanel()
        .title('Budgets: month-to-date vs budget vs forecast')
        .description('One row per budget; create budgets in the CostWatch app (Budgets page) or API.')
        .datasource(DS)
        .unit('currencyUSD')
        .span(12)
        .height(6)
        .withTarget(new TypedQueryBuilder('A', 'budget', {}))
    )
    .withPanel(
      new TimeSeries()
        .title('Daily spend and forecast to month end')
        .datasource(DS)
        .unit('currencyUSD')
        .timeFrom('now/M')
        .span(24)
        .height(8)
        .withTarget(new TypedQueryBuilder('A', 'forecast', { metric: 'unblended', horizon: 'month_end' }))
    )
    .withRow(new RowBuilder('Amortized vs unblended'))
    .withPanel(
      new BarChart()
        .title('Monthly: amortized vs unblended')
        .datasource(DS)
        .unit('currencyUSD')
        .span(24)
        .height(9)
        .withTarget(new CostQueryBuilder('A', { granularity: 'month', metric: 'unblended', format: 'table' }))
        .withTarget(new CostQueryBuilder('B', { granularity: 'month', metric: 'amortized', format: 'table' }))
    )
    .withRow(new RowBuilder('Chargeback'))
    .withPanel(
      new TablePanel()
        .title('Chargeback by tag $tag_key')
        .datasource(DS)
        .unit('currencyUSD')
        .span(12)
        .height(10)
        .withTarget(new CostQueryBuilder('A', { granularity: 'total', groupBy: ['tag:$tag_key'], format: 'table' }))
    )
    .withPanel(
      new TablePanel()
        .title('Chargeback by account')
        .datasource(DS)
        .unit('currencyUSD')
        .span(12)
        .height(10)
        .withTarget(new CostQueryBuilder('A', { granularity: 'total', groupBy: ['account'], format: 'table' }))
    )
    .withPanel(
      new TimeSeries()
        .title('Monthly spend by account')
        .datasource(DS)
        .unit('currencyUSD')
        .span(24)
        .height(9)
        .withTarget(new CostQueryBuilder('A', { granularity: 'month', groupBy: ['account'], topN: 10 }))
    )
    // Savings recommendations (issue 8): what the open recommendations would save per month.
    .withRow(new RowBuilder('Potential savings'))
    .withPanel(
      new StatPanel()
        .title('Potential savings per month (open recommendations)')
        .datasource(DS)
        .unit('currencyUSD')
        .span(6)
        .height(8)
        .withTarget(new TypedQueryBuilder('A', 'savings', { groupBy: 'none' }))
    )
    .withPanel(
      new BarChart()
        .title('Potential savings by check')
        .datasource(DS)
        .unit('currencyUSD')
        .span(9)
        .height(8)
        .withTarget(new TypedQueryBuilder('A', 'savings', { groupBy: 'check' }))
    )
    .withPanel(
      new BarChart()
        .title('Potential savings by account')
        .datasource(DS)
        .unit('currencyUSD')
        .span(9)
        .height(8)
        .withTarget(new TypedQueryBuilder('A', 'savings', { groupBy: 'account' }))
    )
    .withPanel(
      new TablePanel()
        .title('Largest savings recommendations')
        .datasource(DS)
        .span(24)
        .height(10)
        .withTarget(new TypedQueryBuilder('A', 'recommendations', { limit: 20 }))
    );
}
