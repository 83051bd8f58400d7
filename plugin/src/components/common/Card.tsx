import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

/** One Overview panel: a titled box. */
export function Card({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  const s = useStyles2(getStyles);
  return (
    <section className={s.card} aria-label={title} data-testid={testId}>
      <h3 className={s.title}>{title}</h3>
      {children}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    minWidth: 280,
    flex: '1 1 320px',
  }),
  title: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1) }),
});
