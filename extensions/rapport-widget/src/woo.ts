import type { RapportConfig } from './config.ts';

// The WordPress plugin (extensions/woocommerce/rapport-loyalty) loads this same script with
// `window.RapportLoyalty = {apiBase, token, tokenUrl, nonce, locale, rtl, currency, joinUrl}`.
// Its token is an HS256 JWT that lives at most ten minutes; when it is about to run out, a fresh
// one comes from the plugin's REST route (cookie + wp_rest nonce, so only this site can ask).

export type WooPluginConfig = {
  apiBase: string;
  token?: string | null;
  tokenUrl?: string;
  nonce?: string;
  locale?: string;
  rtl?: boolean;
  currency?: string;
  joinUrl?: string;
};

const expiresAt = (jwt: string): number => {
  try {
    const part = jwt.split('.')[1] ?? '';
    return Number((JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number }).exp ?? 0);
  } catch {
    return 0;
  }
};

export function fromWooPlugin(
  w: WooPluginConfig,
  f: typeof fetch = (...a) => fetch(...a),
  now: () => number = () => Date.now() / 1000,
): Partial<RapportConfig> {
  let token = w.token || null;
  return {
    platform: 'woocommerce',
    apiBase: w.apiBase,
    loggedIn: Boolean(token),
    locale: (w.locale || 'en').replace('_', '-'),
    dir: w.rtl ? 'rtl' : 'ltr',
    currency: w.currency ?? '',
    loginUrl: w.joinUrl || '/my-account/',
    signupUrl: w.joinUrl || '/my-account/',
    getToken: async () => {
      if (!token || expiresAt(token) > now() + 30 || !w.tokenUrl) return token;
      const res = await f(w.tokenUrl, { credentials: 'same-origin', headers: { 'X-WP-Nonce': w.nonce ?? '' } }).catch(() => null);
      const fresh = res?.ok ? ((await res.json()) as { token?: string | null }).token : null;
      token = fresh || null;
      return token;
    },
  };
}
