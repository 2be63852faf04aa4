import type { Api, ApiResult } from '../api.ts';

// Redeeming from the widget. Each click gets a fresh idempotency key; when the outcome is unknown
// or retryable (no connection, 5xx, 429) the key is kept, so "Try again" is the same redemption
// and can never issue a second code. A final answer (success, 409, 404) forgets the key.

export type Redeemed = { code: string; balance: number; rewardName: string; applied: boolean };
export type RedeemResult = { ok: true; value: Redeemed } | { ok: false; retryable: boolean; messageKey: string; serverMessage: string };

type RedeemResponse = { redemption: { code: string; rewardName: string }; balance: number };

export type RedeemDeps = {
  post: Api['post'];
  newKey: () => string;
  /** Puts the code on the cart; false when the cart refused it or cannot be reached. */
  apply: (code: string) => Promise<boolean>;
};

export function createRedeemer(deps: RedeemDeps): (rewardId: string) => Promise<RedeemResult> {
  const open = new Map<string, string>();
  return async (rewardId) => {
    const idempotencyKey = open.get(rewardId) ?? deps.newKey();
    open.set(rewardId, idempotencyKey);
    const r: ApiResult<RedeemResponse> = await deps.post('/redemptions', { rewardId, idempotencyKey });
    const retryable = !r.ok && (r.status === 0 || r.status === 429 || r.status >= 500);
    if (!retryable) open.delete(rewardId);
    if (r.ok) {
      const { code, rewardName } = r.data.redemption;
      const applied = await deps.apply(code).catch(() => false);
      return { ok: true, value: { code, rewardName, balance: r.data.balance, applied } };
    }
    return { ok: false, retryable, messageKey: messageKey(r.status, r.reason), serverMessage: r.message };
  };
}

export function messageKey(status: number, reason: string | null): string {
  if (status === 0) return 'errNetwork';
  if (status === 401) return 'errLogin';
  if (status === 429) return 'errBusy';
  if (status >= 500) return 'errStore';
  if (status === 409)
    return reason === 'insufficient_points'
      ? 'errInsufficient'
      : reason === 'limit'
        ? 'errLimit'
        : reason === 'tier'
          ? 'errTier'
          : 'errGeneric';
  return 'errGeneric';
}

type CartJson = { discount_codes?: Array<{ code: string; applicable?: boolean }> };

/**
 * Shopify's Ajax Cart API: POST /cart/update.js with `discount` (comma-separated codes) sets the
 * cart's codes (shopify.dev changelog 2025-05-21, "Discounts support on /cart/update.js"). The
 * codes already on the cart are kept. `root` is window.Shopify.routes.root (locale subfolders).
 */
export async function applyShopifyCode(code: string, root = '/', f: typeof fetch = fetch): Promise<boolean> {
  const headers = { accept: 'application/json', 'content-type': 'application/json' };
  const before = (await (await f(`${root}cart.js`, { headers })).json().catch(() => ({}))) as CartJson;
  const same = (c: string) => c.toUpperCase() === code.toUpperCase();
  const keep = (before.discount_codes ?? []).map((d) => d.code).filter((c) => !same(c));
  const res = await f(`${root}cart/update.js`, { method: 'POST', headers, body: JSON.stringify({ discount: [...keep, code].join(',') }) });
  if (!res.ok) return false;
  const after = (await res.json().catch(() => ({}))) as CartJson;
  // Older carts do not echo the codes; then a 200 is all we can know.
  return after.discount_codes ? after.discount_codes.some((d) => same(d.code) && d.applicable !== false) : true;
}
