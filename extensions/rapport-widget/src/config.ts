import type { Api } from './api.ts';
import { fromWooPlugin, type WooPluginConfig } from './woo.ts';

// What the storefront tells the widget. On Shopify the app embed renders it as JSON into
// <script id="rapport-config">; on WooCommerce the WordPress plugin sets window.RapportConfig
// (with a token getter) before loading the same script. Nothing here is trusted for identity:
// `loggedIn` only picks what to show first; the API decides who the shopper is from the app
// proxy signature or the plugin's token.

export type Platform = 'shopify' | 'woocommerce';

export type RapportConfig = {
  platform: Platform;
  /** '/apps/rapport' (Shopify app proxy) or 'https://rapport.example/storefront/woocommerce/<id>'. */
  apiBase: string;
  /** URL of rapport-panel.js, loaded only when the shopper opens the panel. */
  panelUrl: string;
  /** WooCommerce: the plugin's short-lived JWT for the logged-in customer (null: guest). */
  getToken?: () => Promise<string | null> | string | null;
  /** Applies a discount code to the cart; defaults to Shopify's /cart/update.js. */
  applyCode?: (code: string) => Promise<boolean>;
  loggedIn: boolean;
  locale: string;
  /** BCP 47 language for the root's `lang` (pa-Guru, pa-Arab); defaults to `locale`. */
  lang?: string;
  dir: 'ltr' | 'rtl';
  position: 'left' | 'right';
  accent: string;
  accentText: string;
  currency: string;
  loginUrl: string;
  signupUrl: string;
  texts: Record<string, string>;
};

declare global {
  interface Window {
    RapportConfig?: Partial<RapportConfig>;
    RapportLoyalty?: WooPluginConfig;
    RapportPanel?: PanelModule;
  }
}

/** The contract between the launcher and the lazily loaded panel script. */
export type PanelModule = {
  open: (ctx: WidgetContext, view: string) => void;
  inline: (ctx: WidgetContext, el: HTMLElement, view: string) => void;
};

export type WidgetContext = {
  cfg: RapportConfig;
  api: Api;
  t: (key: string, vars?: Record<string, string | number>) => string;
  fmt: (n: number) => string;
  /** Tells the launcher and the blocks that the balance changed (after a redemption). */
  refresh: () => void;
};

// The few strings the launcher needs before the panel (which carries every English default) loads.
const LAUNCHER_TEXTS: Record<string, string> = {
  launcher: 'Rewards',
  points: '{points} points',
  earn: 'Earn {points} points with this purchase',
};

const DEFAULTS: RapportConfig = {
  platform: 'shopify',
  apiBase: '/apps/rapport',
  panelUrl: '',
  loggedIn: false,
  locale: 'en',
  dir: 'ltr',
  position: 'right',
  accent: '#1f5f4a',
  accentText: '#ffffff',
  currency: '',
  loginUrl: '/account/login',
  signupUrl: '/account/register',
  texts: {},
};

export function readConfig(doc: Document, win: Window): RapportConfig | null {
  const el = doc.getElementById('rapport-config');
  let fromPage: Partial<RapportConfig> = win.RapportLoyalty ? fromWooPlugin(win.RapportLoyalty) : {};
  if (el?.textContent) {
    try {
      fromPage = JSON.parse(el.textContent) as Partial<RapportConfig>;
    } catch {
      return null;
    }
  }
  const merged = { ...DEFAULTS, ...fromPage, ...win.RapportConfig };
  // The panel sits next to this script unless told otherwise (the WordPress plugin only knows
  // the launcher's URL).
  const src = (doc.currentScript as HTMLScriptElement | null)?.src;
  if (!merged.panelUrl && src) merged.panelUrl = src.replace(/rapport-widget(\.min)?\.js/, 'rapport-panel.js');
  merged.texts = { ...LAUNCHER_TEXTS, ...fromPage.texts, ...win.RapportConfig?.texts };
  return merged.panelUrl ? merged : null;
}

/** `{name}` placeholders: Shopify's `t` filter leaves single braces alone. */
export function fill(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
