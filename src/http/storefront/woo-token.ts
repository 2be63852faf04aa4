import { errors as joseErrors, jwtVerify } from 'jose';

// The WordPress plugin vouches for the logged-in WooCommerce customer with a short-lived HS256
// JWT signed with the connection's storefront secret (never the webhook secret or REST keys):
// iss = the site URL, aud = "rapport", sub = the WooCommerce customer id, email, exp <= 10 min.

export const WOO_TOKEN_AUDIENCE = 'rapport';
export const WOO_TOKEN_MAX_TTL_S = 600;
export const WOO_TOKEN_LEEWAY_S = 30;

export type WooTokenResult = { ok: true; customerId: string | null; email: string | null } | { ok: false; reason: string };

const bareUrl = (url: string) => url.trim().replace(/\/+$/, '').toLowerCase();

export async function verifyWooToken(token: string, secret: string, siteUrl: string, nowSeconds: number): Promise<WooTokenResult> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      audience: WOO_TOKEN_AUDIENCE,
      clockTolerance: WOO_TOKEN_LEEWAY_S,
      requiredClaims: ['exp', 'iss', 'sub'],
      currentDate: new Date(nowSeconds * 1000),
    });
    // The site URL is stored with a trailing slash; WordPress's home_url() has none.
    if (typeof payload.iss !== 'string' || bareUrl(payload.iss) !== bareUrl(siteUrl))
      return { ok: false, reason: 'token issued by another site' };
    // A long-lived token is a stolen-cookie risk: the plugin mints them per page view.
    if (payload.exp! > nowSeconds + WOO_TOKEN_MAX_TTL_S + WOO_TOKEN_LEEWAY_S)
      return { ok: false, reason: `token lives longer than ${WOO_TOKEN_MAX_TTL_S / 60} minutes` };
    const sub = String(payload.sub ?? '');
    if (!/^\d{1,20}$/.test(sub)) return { ok: false, reason: 'sub is not a WooCommerce customer id' };
    return { ok: true, customerId: sub === '0' ? null : sub, email: typeof payload.email === 'string' ? payload.email : null };
  } catch (err) {
    return { ok: false, reason: describe(err) };
  }
}

function describe(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'token expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim ${err.claim} rejected`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature mismatch';
  return 'malformed token';
}
