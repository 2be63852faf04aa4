import { hmacSha256, safeEqual } from '../../lib/crypto.ts';

// Shopify app proxy signatures (shopify.dev "Authenticate app proxies"; the same algorithm as
// @shopify/shopify-api's validateHmac with signator "appProxy"): every query parameter except
// `signature`, sorted by key, repeated values joined with commas, `key=value` concatenated with
// no separator and no URL encoding, hex HMAC-SHA256 with the app's client secret.

export const APP_PROXY_TOLERANCE_S = 90;

// Parameters Shopify sends once; a second copy can only come from someone editing the URL.
const SINGLE = new Set(['shop', 'signature', 'timestamp', 'logged_in_customer_id', 'path_prefix']);

export type AppProxyResult =
  | { ok: true; shop: string; customerId: string | null }
  | {
      ok: false;
      reason:
        | 'missing_signature'
        | 'duplicate_parameter'
        | 'ambiguous_parameter'
        | 'wrong_path_prefix'
        | 'missing_shop'
        | 'bad_timestamp'
        | 'stale'
        | 'future'
        | 'invalid_signature';
    };

/** The exact string Shopify signs. */
export function appProxyMessage(query: URLSearchParams): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of query) {
    if (key === 'signature') continue;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  return [...values.keys()]
    .sort(byCodeUnit)
    .map((k) => `${k}=${values.get(k)!.join(',')}`)
    .join('');
}

export function signAppProxy(query: URLSearchParams, secret: string): string {
  return hmacSha256(secret, appProxyMessage(query), 'hex');
}

/**
 * Checks the signature against the current secret and the previous one (a rotation window),
 * and the timestamp within 90 s either way. Returns a reason instead of throwing; only the HTTP
 * edge turns it into a status.
 *
 * The signed message has no separators, so one message has many splits: a guest's signed URL
 * with `a=xlogged_in_customer_id=1001path_prefix=...` can be replayed split as a logged-in one.
 * Refusing "=" in every name and value (no name Shopify sends and no value of ours has one) makes
 * the split unique, and `path_prefix` must be one of ours, so it cannot absorb a tail either.
 */
export function verifyAppProxy(
  query: URLSearchParams,
  secrets: string[],
  nowSeconds: number,
  options: { pathPrefixes: readonly string[] },
): AppProxyResult {
  const signature = query.get('signature');
  if (!signature) return { ok: false, reason: 'missing_signature' };
  for (const key of SINGLE) if (query.getAll(key).length > 1) return { ok: false, reason: 'duplicate_parameter' };
  for (const [key, value] of query) if (key.includes('=') || value.includes('=')) return { ok: false, reason: 'ambiguous_parameter' };
  if (!options.pathPrefixes.includes(query.get('path_prefix') ?? '')) return { ok: false, reason: 'wrong_path_prefix' };
  const shop = query.get('shop');
  if (!shop) return { ok: false, reason: 'missing_shop' };
  const timestamp = query.get('timestamp') ?? '';
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  // Signature before age: a forged request learns nothing from which check failed.
  const expected = signature.toLowerCase();
  if (!secrets.some((secret) => safeEqual(signAppProxy(query, secret), expected))) return { ok: false, reason: 'invalid_signature' };
  const age = nowSeconds - Number(timestamp);
  if (age > APP_PROXY_TOLERANCE_S) return { ok: false, reason: 'stale' };
  if (age < -APP_PROXY_TOLERANCE_S) return { ok: false, reason: 'future' };
  // Blank when no customer is logged in (shopify.dev changelog, 2022-07).
  return { ok: true, shop: shop.toLowerCase(), customerId: query.get('logged_in_customer_id') || null };
}

export const appProxyMessages: Record<Exclude<AppProxyResult, { ok: true }>['reason'], string> = {
  missing_signature: 'Missing app proxy signature: call this through the store (/apps/...), not directly',
  duplicate_parameter: 'A Shopify app proxy parameter appears more than once',
  ambiguous_parameter: 'App proxy parameter names and values cannot contain "="',
  wrong_path_prefix: "This request did not come through this app's proxy path",
  missing_shop: 'Missing shop parameter',
  bad_timestamp: 'Missing or malformed timestamp parameter',
  stale: `App proxy request expired (timestamp more than ${APP_PROXY_TOLERANCE_S} s old)`,
  future: `App proxy timestamp is more than ${APP_PROXY_TOLERANCE_S} s in the future`,
  invalid_signature: 'Invalid app proxy signature',
};

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
