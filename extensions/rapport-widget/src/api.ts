import type { RapportConfig } from './config.ts';

// The shopper API client. Shopify: same-origin calls to the app proxy, which signs them; the
// cookie-bound session is Shopify's, we add nothing. WooCommerce: cross-origin with the plugin's
// bearer token. The loyalty summary is cached for a minute per tab so page views cost no request.

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; message: string; reason: string | null };

export type Api = {
  get: <T>(path: string) => Promise<ApiResult<T>>;
  post: <T>(path: string, body: unknown) => Promise<ApiResult<T>>;
  loyalty: (fresh?: boolean) => Promise<ApiResult<Loyalty>>;
};

/** A points campaign running now for this shopper (double points, a bonus per order). */
export type Campaign = {
  id: string;
  name: string;
  kind: 'multiplier' | 'bonus';
  multiplier: number;
  bonusPoints: number;
  minOrderMinor: number | null;
  currency: string;
  endsAt: string;
  timeZone: string;
  messages: Partial<Record<'en' | 'ur' | 'pa' | 'hi', string>>;
};

export type Loyalty = {
  loggedIn: boolean;
  enabled: boolean;
  earning: Array<{ currency: string; points: number; per: string }>;
  /** How the server rounds (absent from servers before it was sent: floor). */
  rounding?: 'floor' | 'round' | 'ceil';
  /** `description` is the server's English; the panel words `action`/`points`/`rates` itself. */
  waysToEarn: Array<{
    action: string;
    points: number | null;
    rates?: Array<{ points: number; per: string; currency: string }>;
    description: string;
  }>;
  referrals: { enabled: boolean; friendPoints: number; advocatePoints: number };
  join: { signupPoints: number; message: string } | null;
  /** Running points campaigns (absent from servers before them). */
  campaigns?: Campaign[];
  member: {
    balance: number;
    pending: number;
    tier: { name: string; multiplier: number } | null;
    tierProgress: {
      metric: 'points_earned' | 'amount_spent';
      current: number;
      nextTier: { name: string; threshold: number } | null;
      remaining: number;
    };
    referral: { code: string; link: string } | null;
    /** "MM-DD"; older servers send neither field. */
    birthday?: string | null;
    birthdayChangeableFrom?: string | null;
  } | null;
};

const CACHE_KEY = 'rapport.loyalty';
const CACHE_MS = 60_000;

export function createApi(cfg: RapportConfig, storage: Storage | null = safeStorage()): Api {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = cfg.getToken ? await cfg.getToken() : null;
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(cfg.apiBase.replace(/\/$/, '') + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: cfg.platform === 'shopify' ? 'same-origin' : 'omit',
      });
    } catch {
      return { ok: false, status: 0, message: '', reason: 'network' };
    }
    const json = (await res.json().catch(() => null)) as (T & { error?: { message?: string; details?: { reason?: string } } }) | null;
    if (res.ok && json) return { ok: true, status: res.status, data: json };
    return { ok: false, status: res.status, message: json?.error?.message ?? '', reason: json?.error?.details?.reason ?? null };
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    async loyalty(fresh = false) {
      // The cache key carries the login hint so logging in or out never shows stale data.
      const key = `${CACHE_KEY}.${cfg.loggedIn ? 1 : 0}`;
      if (!fresh && storage) {
        const hit = JSON.parse(storage.getItem(key) ?? 'null') as { at: number; data: Loyalty } | null;
        if (hit && Date.now() - hit.at < CACHE_MS) return { ok: true, status: 200, data: hit.data };
      }
      const r = await call<Loyalty>('GET', '/loyalty');
      if (r.ok && storage) storage.setItem(key, JSON.stringify({ at: Date.now(), data: r.data }));
      return r;
    },
  };
}

function safeStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
