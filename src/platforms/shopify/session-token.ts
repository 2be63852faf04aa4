import type { Shopify } from '@shopify/shopify-api';
import type { SessionTokenFailure, VerifiedSessionToken } from './auth.types.ts';

// Verifies an App Bridge session token with the library's `session.decodeSessionToken` (HS256,
// exp/nbf with its 10 s leeway, aud = API key), trying the previous secret only when the
// signature is what failed. Returns a reason instead of throwing; the HTTP edge maps it to 401.

export type SessionTokenResult = { ok: true; token: VerifiedSessionToken; api: Shopify } | { ok: false; reason: SessionTokenFailure };

export async function verifySessionToken(instances: Shopify[], token: string): Promise<SessionTokenResult> {
  if (!instances.length) return { ok: false, reason: 'missing_config' };
  let reason: SessionTokenFailure = 'malformed';
  for (const api of instances) {
    let payload: Awaited<ReturnType<Shopify['session']['decodeSessionToken']>>;
    try {
      payload = await api.session.decodeSessionToken(token);
    } catch (error) {
      reason = classify(error);
      if (reason === 'signature') continue; // maybe signed with the other secret
      return { ok: false, reason };
    }
    const shop = shopOf(api, payload.dest);
    if (!shop) return { ok: false, reason: 'dest' };
    // Checkout and customer-account extensions get tokens signed with the same secret and the
    // same audience, and a shopper can read theirs in the browser. Only the admin's App Bridge
    // token is issued by https://<shop>/admin: anything else must never reach the admin API.
    if (typeof payload.iss !== 'string' || shopOf(api, payload.iss) !== shop || !/\/admin\/?$/.test(new URL(payload.iss).pathname)) {
      return { ok: false, reason: 'issuer' };
    }
    return {
      ok: true,
      api,
      token: { shop, userId: String(payload.sub ?? ''), sessionId: typeof payload.sid === 'string' ? payload.sid : null },
    };
  }
  return { ok: false, reason };
}

function classify(error: unknown): SessionTokenFailure {
  const message = error instanceof Error ? error.message : '';
  if (/invalid API key/i.test(message)) return 'audience';
  if (/signature/i.test(message)) return 'signature';
  if (/"exp" claim/i.test(message) || /expired/i.test(message)) return 'expired';
  if (/"nbf" claim/i.test(message)) return 'not_yet_valid';
  return 'malformed';
}

/** The shop is taken from `dest` only, and must be a myshopify domain the library accepts. */
function shopOf(api: Shopify, dest: unknown): string | null {
  if (typeof dest !== 'string') return null;
  let host: string;
  try {
    host = new URL(dest).hostname.toLowerCase();
  } catch {
    return null;
  }
  const shop = api.utils.sanitizeShop(host);
  return shop && shop.endsWith('.myshopify.com') ? shop : null;
}
