/** Wire types of the CostWatch API (README "API reference"). */
export interface FieldDTO {
  name: string;
  type: 'time' | 'number' | 'string' | 'boolean' | 'other';
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

export interface QueryResponse {
  results: Record<string, { frames: FrameDTO[]; error?: string }>;
}

export interface DimensionValue {
  value: string;
  label: string;
}

export interface WireQuery {
  refId: string;
  type: string;
  [key: string]: unknown;
}
