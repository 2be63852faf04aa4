import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hmacSha256, safeEqual } from '../../lib/crypto.ts';

// WooCommerce's application authentication (`/wc-auth/v1/authorize`, class WC_Auth): the
// merchant approves Rapport in their shop, WooCommerce creates a key pair and POSTs it as JSON
// `{key_id, user_id, consumer_key, consumer_secret, key_permissions}` to our HTTPS callback_url
// (it must answer 200 within 60 s), then sends the browser to return_url with `success` and
// `user_id`. `user_id` is echoed back untouched, so it carries our signed one-time state: the
// account and the shop it was issued for, a nonce, and an expiry. WooCommerce runs it through
// wc_clean (sanitize_text_field), so it only uses URL-safe base64 and a dot.

const WC_AUTH_APP_NAME = 'Rapport';
const STATE_TTL_S = 15 * 60;

type AuthState = { accountId: string; url: string; nonce: string; exp: number };

export function authorizeUrl(siteUrl: string, params: { state: string; returnUrl: string; callbackUrl: string }): string {
  const u = new URL('wc-auth/v1/authorize', siteUrl);
  u.searchParams.set('app_name', WC_AUTH_APP_NAME);
  u.searchParams.set('scope', 'read_write');
  u.searchParams.set('user_id', params.state);
  u.searchParams.set('return_url', params.returnUrl);
  u.searchParams.set('callback_url', params.callbackUrl);
  return u.toString();
}

export function signState(key: Buffer, s: Omit<AuthState, 'nonce' | 'exp'>, nowS: number): { state: string; nonce: string } {
  const nonce = randomBytes(12).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ a: s.accountId, u: s.url, n: nonce, e: nowS + STATE_TTL_S })).toString('base64url');
  return { state: `${payload}.${hmacSha256(key, payload, 'base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}`, nonce };
}

type StateCheck = { ok: true; state: AuthState } | { ok: false; reason: string };

export function verifyState(key: Buffer, state: string, nowS: number): StateCheck {
  const [payload, mac, extra] = state.split('.');
  if (!payload || !mac || extra !== undefined) return { ok: false, reason: 'malformed state' };
  const expected = hmacSha256(key, payload, 'base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (!safeEqual(mac, expected)) return { ok: false, reason: 'state signature mismatch' };
  const parsed = z.object({ a: z.string(), u: z.string(), n: z.string(), e: z.number() }).safeParse(
    (() => {
      try {
        return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
      } catch {
        return null;
      }
    })(),
  );
  if (!parsed.success) return { ok: false, reason: 'malformed state' };
  if (parsed.data.e < nowS) return { ok: false, reason: 'state expired' };
  return { ok: true, state: { accountId: parsed.data.a, url: parsed.data.u, nonce: parsed.data.n, exp: parsed.data.e } };
}

/** The callback body exactly as WC_Auth::create_keys builds it. */
export const callbackBody = z.object({
  key_id: z.union([z.number(), z.string()]).transform(String),
  user_id: z.union([z.string(), z.number()]).transform(String),
  consumer_key: z.string().regex(/^ck_[A-Za-z0-9]{16,64}$/, 'not a WooCommerce consumer key'),
  consumer_secret: z.string().regex(/^cs_[A-Za-z0-9]{16,64}$/, 'not a WooCommerce consumer secret'),
  key_permissions: z.enum(['read', 'write', 'read_write']),
});
