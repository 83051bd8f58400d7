import React from 'react';
import { useTheme2 } from '@grafana/ui';

interface Props {
  points: Array<[number, number]>;
  height?: number;
  label: string;
}

/**
 * A small line of daily values for the Overview cards. Grafana's panels need the host's
 * panel registry, which the app pages cannot assume, so this draws plain SVG.
 */
export function MiniChart({ points, height = 60, label }: Props) {
  const theme = useTheme2();
  const width = 300;
  if (points.length === 0) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(0, ...ys), Math.max(...ys)];
  const sx = (x: number) => (x1 === x0 ? width / 2 : ((x - x0) / (x1 - x0)) * (width - 4) + 2);
  const sy = (y: number) => (y1 === y0 ? height / 2 : height - 2 - ((y - y0) / (y1 - y0)) * (height - 4));
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ');
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid="mini-chart"
      data-points={points.length}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={height}
      preserveAspectRatio="none"
    >
      <path d={d} fill="none" stroke={theme.colors.primary.main} strokeWidth={2} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
