/**
 * Typed errors. Domain code throws these; the API maps them to HTTP in one place
 * (api/errors.ts), the CLI prints their message. Nothing else inspects error text.
 */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, field?: string, details?: unknown) {
    super('validation_failed', message, field, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, field?: string) {
    super('not_found', message, field);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, field?: string) {
    super('conflict', message, field);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'authentication required') {
    super('unauthenticated', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'forbidden') {
    super('forbidden', message);
  }
}

export class UnavailableError extends AppError {
  constructor(message: string) {
    super('unavailable', message);
  }
}
