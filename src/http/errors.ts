// One error type for the HTTP edge; services return expected outcomes as values, and routes
// turn them into these. The error middleware maps kinds to statuses and never leaks internals.

export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'unavailable';

export const statusOf: Record<ErrorKind, number> = {
  invalid: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, too_large: 413, unavailable: 503,
};

export class HttpError extends Error {
  constructor(readonly kind: ErrorKind, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'HttpError';
  }
}
