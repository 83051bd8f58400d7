import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

export interface Column<R> {
  header: string;
  cell: (row: R) => React.ReactNode;
  align?: 'left' | 'right';
}

interface Props<R> {
  rows: R[];
  columns: Array<Column<R>>;
  empty: string;
  label: string;
  /** Checks count rows by this id; a second table on a page takes its own so counts stay apart. */
  rowTestId?: string;
}

/** A plain, themed table; rows carry data-testid="row" (or rowTestId) so checks can count them. */
export function DataTable<R>({ rows, columns, empty, label, rowTestId = 'row' }: Props<R>) {
  const s = useStyles2(getStyles);
  if (rows.length === 0) {
    return (
      <p className={s.empty} data-testid="empty">
        {empty}
      </p>
    );
  }
  return (
    <table className={s.table} aria-label={label}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} style={{ textAlign: c.align ?? 'left' }}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} data-testid={rowTestId}>
            {columns.map((c) => (
              <td key={c.header} style={{ textAlign: c.align ?? 'left' }}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': { padding: theme.spacing(0.5, 1), borderBottom: `1px solid ${theme.colors.border.weak}` },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  empty: css({ color: theme.colors.text.secondary }),
});
