// One error type for the HTTP edge; services return expected outcomes as values, and routes
// turn them into these. The error middleware maps kinds to statuses and never leaks internals.

// bad_gateway: a store (Shopify, WooCommerce) answered and refused; unavailable: it could not be
// reached, or we cannot serve now (retry).
export type ErrorKind =
  'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'too_many_requests' | 'bad_gateway' | 'unavailable';

export const statusOf: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  too_many_requests: 429,
  bad_gateway: 502,
  unavailable: 503,
};

export class HttpError extends Error {
  /** `retryAfterSeconds` becomes a Retry-After header (429 and 503). */
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
