export { CostwatchClient, type ValuesOptions } from './client';
export { ApiError, BackendUnreachableError } from './errors';
export { fetchTransport, type Transport } from './fetchTransport';
export { grafanaTransport } from './grafanaTransport';
export type { DimensionValue, FieldDTO, FrameDTO, QueryResponse, WireQuery } from './types';
