/** The backend's error body: {"error":{"code","message","field"}}. */
export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
}

/** A request the backend answered with an error status, carrying its typed body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The route or query type does not exist on this backend yet (another issue adds it). */
  get notAvailable(): boolean {
    // The query route answers an unknown type as a validation error on queries[i].type.
    const unknownType = /\.type$/.test(this.field ?? '') && /unknown query type/i.test(this.message);
    return this.status === 404 || this.status === 501 || unknownType;
  }

  get unauthorized(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** The backend could not be reached at all (network error, proxy error without a body). */
export class BackendUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnreachableError';
  }
}

export function toApiError(status: number, body: unknown): ApiError {
  const e = (body as { error?: Partial<ApiErrorBody> } | undefined)?.error;
  if (e && typeof e.code === 'string') {
    return new ApiError(status, e.code, e.message ?? e.code, e.field);
  }
  const message = (body as { message?: string } | undefined)?.message;
  return new ApiError(status, `http_${status}`, message ?? `request failed with status ${status}`);
}
