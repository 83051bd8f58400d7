import React from 'react';
import { Text } from '@grafana/ui';
import type { FrameDTO } from '../../api';
import { Card, DataTable, formatMoney, type Load, LoadState, MiniChart, sumMoney, useClient, useLoad } from '../../components/common';
import { numberField, points, rows } from './frames';
import { optionalType } from './overview';

interface Props {
  title: string;
  testId: string;
  types: Load<string[]>;
  type: string;
  range: { from: string; to: string };
  extra?: Record<string, unknown>;
  /** How to show this type's frames; the generic view otherwise. */
  view?: (frames: FrameDTO[]) => React.ReactNode;
}

/**
 * A panel for a query type another issue adds (forecast, savings, anomalies). Until the backend
 * announces the type it shows "not available yet"; afterwards it renders what the frames hold:
 * a line with its last value for time series, else a total (money) and the rows.
 */
export function OptionalPanel({ title, testId, types, type, range, extra, view }: Props) {
  const client = useClient();
  const typesKey = types.status === 'ok' ? types.data.join(',') : types.status;
  const state = useLoad<FrameDTO[]>(`${type}:${typesKey}:${range.from}:${range.to}`, () =>
    types.status === 'ok' ? optionalType(client, types.data, type, range, extra) : Promise.reject(pending(types))
  );
  return (
    <Card title={title} testId={testId}>
      <LoadState state={types.status === 'ok' ? state : (types as Load<FrameDTO[]>)} what={title}>
        {(frames) => (view ? view(frames) : <FramesView frames={frames} title={title} />)}
      </LoadState>
    </Card>
  );
}

function pending(types: Load<string[]>): Error {
  return new Error(types.status === 'error' || types.status === 'not-available' ? types.message : 'loading');
}

function FramesView({ frames, title }: { frames: FrameDTO[]; title: string }) {
  if (frames.length === 0) return <Text color="secondary">Nothing to show for this period.</Text>;
  const series = frames.flatMap((f) => points(f));
  if (series.length > 0) {
    const last = series[series.length - 1]![1];
    return (
      <>
        <Text element="h2" variant="h2">
          {formatMoney(last)}
        </Text>
        <MiniChart points={series} label={title} />
      </>
    );
  }
  const table = frames.flatMap(rows);
  const money = frames.map((f) => numberField(f, /saving|amount|cost|impact/i)).filter(Boolean);
  const total = sumMoney(money.flatMap((f) => f!.values as number[]));
  const cols = Object.keys(table[0] ?? {}).slice(0, 5);
  return (
    <>
      {money.length > 0 && (
        <Text element="h2" variant="h2">
          {formatMoney(total)}
        </Text>
      )}
      {/* A single total needs no table under it. */}
      {(table.length > 1 || cols.length > 1) && <DataTable
        label={title}
        rows={table.slice(0, 10)}
        empty="None."
        columns={cols.map((c) => ({ header: c, cell: (r: Record<string, unknown>) => String(r[c] ?? '') }))}
      />}
    </>
  );
}
