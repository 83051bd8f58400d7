/**
 * Grafana relative times as dashboards use them: now, now-30d, now-6M/M, now/M. Returns ISO
 * instants; enough for the dashboard check, not a full parser.
 */
export function resolveTime(expr: string, now: Date): Date {
  const m = /^now(?:-(\d+)([dwMy]))?(?:\/([dMy]))?$/.exec(expr.trim());
  if (!m) throw new Error(`unsupported time expression ${expr}`);
  const d = new Date(now);
  const n = Number(m[1] ?? 0);
  if (m[2] === 'd') d.setUTCDate(d.getUTCDate() - n);
  if (m[2] === 'w') d.setUTCDate(d.getUTCDate() - 7 * n);
  if (m[2] === 'M') d.setUTCMonth(d.getUTCMonth() - n, Math.min(d.getUTCDate(), 28));
  if (m[2] === 'y') d.setUTCFullYear(d.getUTCFullYear() - n);
  if (m[3] === 'd') d.setUTCHours(0, 0, 0, 0);
  if (m[3] === 'M') d.setUTCDate(1), d.setUTCHours(0, 0, 0, 0);
  if (m[3] === 'y') d.setUTCMonth(0, 1), d.setUTCHours(0, 0, 0, 0);
  return d;
}

export function resolveRange(from: string, to: string, now: Date): { from: string; to: string } {
  return { from: resolveTime(from, now).toISOString(), to: resolveTime(to, now).toISOString() };
}
