import { Decimal } from 'decimal.js';

/**
 * Money is exact: Postgres numeric travels as strings and is summed with decimal.js.
 * Numbers appear only at the edge (Grafana frames), rounded to a tenth of a cent.
 */
export interface Money {
  readonly amount: string;
  readonly currency: string;
}

export const ZERO = new Decimal(0);

export function dec(v: string | number | Decimal | null | undefined): Decimal {
  if (v === null || v === undefined || v === '') return ZERO;
  return new Decimal(v);
}

export function sum(values: Iterable<string | number | Decimal | null | undefined>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(dec(v));
  return total;
}

/** For display and frames: rounded half-even to `places` decimals. */
export function toNumber(v: Decimal | string | number, places = 6): number {
  return dec(v).toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toNumber();
}

export function money(amount: Decimal | string, currency: string): Money {
  return { amount: dec(amount).toFixed(6), currency };
}

export { Decimal };
