import React from 'react';
import { Text } from '@grafana/ui';
import type { FrameDTO } from '../../api';
import { DataTable, formatMoney, MiniChart } from '../../components/common';
import { points, rows } from './frames';

const has = (f: FrameDTO, name: string) => f.fields.some((x) => x.name === name);

/**
 * `forecast` answers a series frame (actual, mean, bands) and a period-totals table; the
 * month row's mean and 95 % interval are the month-end forecast.
 */
export function ForecastView({ frames }: { frames: FrameDTO[] }) {
  const totals = frames.find((f) => has(f, 'period'));
  const month = totals ? rows(totals).find((r) => /month/i.test(String(r.period))) : undefined;
  const series = frames.find((f) => has(f, 'mean') && f.fields.some((x) => x.type === 'time' && x.name === 'time'));
  if (!month || typeof month.mean !== 'number') return <Text color="secondary">No month-end forecast in the answer.</Text>;
  const interval =
    typeof month.lo95 === 'number' && typeof month.hi95 === 'number'
      ? `95 % interval ${formatMoney(month.lo95)} – ${formatMoney(month.hi95)}`
      : '';
  return (
    <>
      <Text element="h2" variant="h2">
        {formatMoney(month.mean)}
      </Text>
      <div>
        <Text color="secondary">{interval}</Text>
      </div>
      {series && <MiniChart points={points(series, /^mean$/)} label="Daily forecast to month end" />}
    </>
  );
}

/** `anomalies` (table format): how many are open and the largest by impact. */
export function AnomaliesView({ frames }: { frames: FrameDTO[] }) {
  const list = frames.flatMap(rows).sort((a, b) => Number(b.impact ?? 0) - Number(a.impact ?? 0));
  return (
    <>
      <Text element="h2" variant="h2">
        {String(list.length)}
      </Text>
      <DataTable
        label="Open anomalies"
        rows={list.slice(0, 5)}
        empty="No open anomalies."
        columns={[
          { header: 'Scope', cell: (r) => String(r.service || r.series || '') },
          { header: 'Severity', cell: (r) => String(r.severity ?? '') },
          { header: 'Impact', cell: (r) => (typeof r.impact === 'number' ? formatMoney(r.impact) : ''), align: 'right' },
        ]}
      />
    </>
  );
}
