/**
 * Grafana data frames in the JSON shape `toDataFrame` accepts (DataFrameDTO): columns of
 * equal length, times as epoch milliseconds, labels on value fields.
 */
export type FieldType = 'time' | 'number' | 'string' | 'boolean' | 'other';

export interface FieldDTO {
  name: string;
  type: FieldType;
  values: unknown[];
  labels?: Record<string, string>;
  config?: Record<string, unknown>;
}

export interface FrameDTO {
  name?: string;
  refId?: string;
  meta?: Record<string, unknown>;
  fields: FieldDTO[];
}

export function timeField(name: string, values: number[]): FieldDTO {
  return { name, type: 'time', values };
}

/** Grafana's unit ids: currencyUSD, currencyEUR, ... */
export function currencyUnit(currency: string): string {
  return `currency${currency.trim().toUpperCase()}`;
}

export function epochMs(isoDate: string): number {
  return Date.parse(`${isoDate.slice(0, 10)}T00:00:00.000Z`);
}
