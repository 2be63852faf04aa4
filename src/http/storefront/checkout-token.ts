import { errors as joseErrors, jwtVerify } from 'jose';
import { parseGid } from '../../platforms/shopify/gid.ts';

// Checkout, thank-you and order-status UI extensions call us with Shopify's session token for the
// buyer (shopify.dev "Session Token API"): HS256 with the app's client secret, aud = the client
// id, dest = the shop, sub = the customer's GID only when the buyer is logged in and the app may
// read customer accounts. Verified here; the route layer decides what a guest may see.

export const CHECKOUT_TOKEN_LEEWAY_S = 10;

export type CheckoutTokenResult = { ok: true; shop: string; customerId: string | null } | { ok: false; reason: string };

export async function verifyCheckoutToken(
  token: string,
  secrets: string[],
  apiKey: string,
  nowSeconds: number,
): Promise<CheckoutTokenResult> {
  let reason = 'malformed token';
  for (const secret of secrets) {
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
        algorithms: ['HS256'],
        audience: apiKey,
        clockTolerance: CHECKOUT_TOKEN_LEEWAY_S,
        requiredClaims: ['exp', 'dest'],
        currentDate: new Date(nowSeconds * 1000),
      });
      const shop = shopOf(payload.dest);
      if (!shop) return { ok: false, reason: 'dest is not a myshopify.com shop' };
      // An admin token's sub is a staff user id, not a customer: such a caller is a guest here.
      return { ok: true, shop, customerId: typeof payload.sub === 'string' ? parseGid(payload.sub, 'Customer') : null };
    } catch (err) {
      if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
        reason = 'signature mismatch';
        continue;
      }
      return {
        ok: false,
        reason:
          err instanceof joseErrors.JWTExpired
            ? 'token expired'
            : err instanceof joseErrors.JWTClaimValidationFailed
              ? `claim ${err.claim} rejected`
              : 'malformed token',
      };
    }
  }
  return { ok: false, reason };
}

/** `dest` is the shop's domain, with or without a scheme. */
function shopOf(dest: unknown): string | null {
  if (typeof dest !== 'string') return null;
  const host = dest
    .replace(/^https:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(host) ? host : null;
}
