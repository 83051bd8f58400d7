/**
 * The API sends amounts as JSON numbers with up to 6 decimals. Sums are done in integer
 * micro-units so adding many rows does not drift; display rounds to cents.
 */
export function sumMoney(values: Array<number | null | undefined>): number {
  let micros = 0;
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) micros += Math.round(v * 1e6);
  return micros / 1e6;
}

export function formatMoney(v: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2 }).format(v);
}
