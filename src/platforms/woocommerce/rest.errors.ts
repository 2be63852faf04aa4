// One error type for everything the WooCommerce REST client can fail with. `code` is
// WooCommerce's own error code when the store sent one (`woocommerce_rest_authentication_error`,
// `woocommerce_rest_coupon_code_already_exists`, `rest_no_route`, ...), otherwise one of ours:
// `network_error`, `timeout`, `invalid_response` (a body that is not WooCommerce JSON), `http_<status>`.

type WooErrorKind =
  | 'network' // no HTTP answer at all (DNS, refused, reset, timeout)
  | 'throttled' // 429
  | 'server' // 5xx
  | 'auth' // 401/403: wrong keys, read-only keys, not allowed
  | 'not_found' // 404 with a WooCommerce body (missing resource, or no such REST route)
  | 'invalid' // other 4xx: WooCommerce refused the request
  | 'unexpected' // 2xx/3xx/4xx without a WooCommerce body: probably not a WordPress REST endpoint
  | 'refused'; // never sent: the store's address is private or internal (lib/outbound-address.ts)

export class WooRestError extends Error {
  readonly kind: WooErrorKind;
  readonly code: string;
  readonly status: number | null;
  /** True for network errors, 429 and 5xx: worth trying again later. */
  readonly retryable: boolean;
  readonly attempts: number;
  /** The store's own `message` (secrets scrubbed), or ours; short enough to show a merchant. */
  readonly detail: string;

  constructor(init: { kind: WooErrorKind; code: string; status: number | null; message: string; attempts: number; detail?: string }) {
    super(init.message);
    this.detail = init.detail ?? init.message;
    this.name = 'WooRestError';
    this.kind = init.kind;
    this.code = init.code;
    this.status = init.status;
    this.attempts = init.attempts;
    this.retryable = init.kind === 'network' || init.kind === 'throttled' || init.kind === 'server';
  }
}

export function kindOfStatus(status: number, wooBody: boolean): WooErrorKind {
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  if (!wooBody) return 'unexpected';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  return 'invalid';
}
