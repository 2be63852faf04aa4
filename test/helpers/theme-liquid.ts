import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid, type TagToken, type TopLevelToken } from 'liquidjs';

// Renders the theme app extension's Liquid under liquidjs, with the few Shopify-only pieces it
// uses stubbed minimally: `t` (the extension's own locale files, falling back to the default
// locale as Shopify does), `asset_url`, `json`, and the `schema` tag (skipped, as Shopify does
// when rendering). Block settings default from each block's schema.

export const THEME_DIR = fileURLToPath(new URL('../../extensions/rapport-theme/', import.meta.url));
export const ASSET_PREFIX = '/cdn/shop/extensions/rapport/assets/';

type Json = { [k: string]: Json } | string | number | boolean | null | Json[];

export function readLocale(name: string): Record<string, Json> {
  return JSON.parse(readFileSync(join(THEME_DIR, 'locales', `${name}.json`), 'utf8')) as Record<string, Json>;
}

function lookup(tree: Json | undefined, path: string): string | undefined {
  let node = tree;
  for (const part of path.split('.')) node = node && typeof node === 'object' && !Array.isArray(node) ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

export function blockSchema(block: string): { settings?: Array<{ id: string; default?: unknown }>; [k: string]: unknown } {
  const source = readFileSync(join(THEME_DIR, 'blocks', `${block}.liquid`), 'utf8');
  const m = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(source);
  if (!m) throw new Error(`${block}: no schema`);
  return JSON.parse(m[1]!) as ReturnType<typeof blockSchema>;
}

export function blockNames(): string[] {
  return readdirSync(join(THEME_DIR, 'blocks'))
    .filter((f) => f.endsWith('.liquid'))
    .map((f) => f.slice(0, -'.liquid'.length));
}

export type ShopContext = {
  locale: string;
  customer: { id: number; first_name: string } | null;
  currency?: string;
  productPriceCents?: number;
  /** The product's variants (id, price in cents); the first is the selected one. */
  productVariants?: Array<{ id: number; price: number }>;
  designMode?: boolean;
  settings?: Record<string, unknown>;
  /** The store's country (shop.address.country_code); PK unless said. */
  shopCountry?: string;
};

export function themeEngine(locale: string): Liquid {
  const engine = new Liquid({
    root: [join(THEME_DIR, 'blocks'), join(THEME_DIR, 'snippets')],
    extname: '.liquid',
    strictFilters: true,
    cache: false,
  });
  const primary = locale === 'en' ? readLocale('en.default') : readLocale(locale);
  const fallback = readLocale('en.default');
  engine.registerFilter('t', (key: string) => lookup(primary, key) ?? lookup(fallback, key) ?? `translation missing: ${locale}.${key}`);
  engine.registerFilter('asset_url', (name: string) => `${ASSET_PREFIX}${name}?v=1`);
  engine.registerFilter('json', (value: unknown) => JSON.stringify(value ?? null));
  engine.registerTag('schema', {
    parse(_token: TagToken, remain: TopLevelToken[]) {
      while (remain.length) {
        const t = remain.shift() as TopLevelToken & { name?: string };
        if (t.name === 'endschema') return;
      }
      throw new Error('{% schema %} without {% endschema %}');
    },
    render() {
      return '';
    },
  });
  return engine;
}

/** Renders one block as Shopify would for this shopper and locale. */
export async function renderBlock(block: string, ctx: ShopContext): Promise<string> {
  const defaults = Object.fromEntries((blockSchema(block).settings ?? []).map((s) => [s.id, s.default ?? '']));
  const engine = themeEngine(ctx.locale);
  const template = readFileSync(join(THEME_DIR, 'blocks', `${block}.liquid`), 'utf8');
  return engine.parseAndRender(template, {
    block: { id: `${block}-1`, settings: { ...defaults, ...ctx.settings }, shopify_attributes: `data-shopify-editor-block="${block}"` },
    customer: ctx.customer ?? undefined,
    request: { locale: { iso_code: ctx.locale }, design_mode: ctx.designMode ?? false },
    cart: { currency: { iso_code: ctx.currency ?? 'PKR' } },
    shop: { address: { country_code: ctx.shopCountry ?? 'PK' } },
    routes: { account_login_url: '/account/login', account_register_url: '/account/register', root_url: '/' },
    product: (() => {
      const variants = ctx.productVariants ?? [{ id: 41_001, price: ctx.productPriceCents ?? 250_000 }];
      return { selected_or_first_available_variant: variants[0], variants };
    })(),
  });
}
