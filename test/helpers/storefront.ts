import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { appProxyQuery } from './signed.ts';
import { ASSET_PREFIX, renderBlock, THEME_DIR } from './theme-liquid.ts';

// A local stand-in for a Shopify storefront: a static theme page that includes the rendered
// blocks and the real built widget assets, the app proxy (/apps/rapport/* forwarded to the real
// backend's /storefront/shopify/* with the query signed exactly as Shopify signs it, the
// customer taken from the storefront session, never from the browser) and the Ajax cart.

export type StorefrontOptions = {
  backendUrl: string;
  shop: string;
  /** Leave the widget out: the baseline page for the performance comparison. */
  withWidget?: boolean;
};

export type Storefront = {
  url: string;
  /** Discount codes on the cart, as /cart/update.js set them. */
  cartCodes: string[];
  /** Bodies of POST /apps/rapport/redemptions, as the widget sent them. */
  redemptionBodies: Array<Record<string, unknown>>;
  /** Everything the page asked of the stand-in (path only). */
  requests: string[];
  close: () => Promise<void>;
};

const ASSETS = join(THEME_DIR, 'assets');

function cookies(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    (req.headers.cookie ?? '')
      .split(/;\s*/)
      .filter(Boolean)
      .map((c) => c.split('=') as [string, string]),
  );
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The product's variants (as a Dawn product form lists them): Rs 2,500 and Rs 4,000. */
export const SHAWL_VARIANTS = [
  { id: 41_001, title: 'Regular', price: 250_000 },
  { id: 41_002, title: 'Large', price: 400_000 },
];

/**
 * The theme's product page: a hero image (the LCP element), text, and the app's blocks. The
 * embed's schema "javascript" asset is injected by Shopify as a deferred script in <head>; the
 * stand-in does the same.
 */
export async function storefrontPage(o: {
  locale: string;
  customerId: string | null;
  withWidget: boolean;
  shopCountry?: string;
}): Promise<string> {
  const ctx = {
    locale: o.locale,
    shopCountry: o.shopCountry,
    customer: o.customerId ? { id: Number(o.customerId), first_name: 'Bilal' } : null,
  };
  const dir = o.locale === 'ur' || (o.locale === 'pa' && (o.shopCountry ?? 'PK') === 'PK') ? 'rtl' : 'ltr';
  const blocks = o.withWidget
    ? {
        embed: await renderBlock('rapport-embed', ctx),
        balance: await renderBlock('points-balance', ctx),
        earn: await renderBlock('earn-points', { ...ctx, productVariants: SHAWL_VARIANTS }),
      }
    : { embed: '', balance: '', earn: '' };
  const paragraphs = Array.from(
    { length: 6 },
    (_, i) => `<p>Hand-loomed cotton from Multan, dyed with indigo and madder. Detail ${i + 1}: washes well and softens with use.</p>`,
  ).join('\n');
  return `<!doctype html>
<html lang="${o.locale}" dir="${dir}">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Lahore Looms - Khaddar shawl</title>
<link rel="icon" href="data:,">
${o.withWidget ? `<script src="${ASSET_PREFIX}rapport-widget.js?v=1" defer></script>` : ''}
<style>body{margin:0;font:16px/1.5 system-ui,"Noto Nastaliq Urdu",sans-serif;color:#222}header{display:flex;justify-content:space-between;align-items:center;padding:12px 24px;border-bottom:1px solid #ddd}
main{display:grid;grid-template-columns:1fr 1fr;gap:32px;padding:24px;max-width:1100px;margin:auto}.hero{width:100%;aspect-ratio:4/3;background:linear-gradient(135deg,#c49a6c,#7a4e2d)}
h1{margin:0 0 8px}.price{font-size:24px;font-weight:700}button.add{padding:12px 24px;background:#222;color:#fff;border:0;border-radius:6px}</style>
</head>
<body>
<header><strong>Lahore Looms</strong>${blocks.balance}</header>
<main>
<svg class="hero" role="img" aria-label="Khaddar shawl" viewBox="0 0 400 300"><rect width="400" height="300" fill="#b88a5a"/><path d="M0 220 Q200 120 400 220 V300 H0Z" fill="#7a4e2d"/></svg>
<section><h1>Khaddar shawl</h1><p class="price">Rs 2,500.00</p>${blocks.earn}
<form action="/cart/add" method="post" id="product-form-main"><label>Size <select name="id">${SHAWL_VARIANTS.map((v) => `<option value="${v.id}">${v.title}</option>`).join('')}</select></label>
<button class="add" type="button">Add to cart</button></form>
<p><a href="#rapport-rewards" data-rapport-open="rewards">Our rewards</a></p>
${paragraphs}</section>
</main>
${blocks.embed}
</body></html>`;
}

/** Compressed as Shopify's CDN compresses HTML and assets, so transferred bytes are realistic. */
function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
  if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return void res.writeHead(status, headers).end(body);
  res.writeHead(status, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' }).end(gzipSync(body));
}

export async function startStorefront(o: StorefrontOptions): Promise<Storefront> {
  const cartCodes: string[] = [];
  const redemptionBodies: Array<Record<string, unknown>> = [];
  const requests: string[] = [];
  const withWidget = o.withWidget ?? true;

  async function proxy(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    // Shopify strips the proxy prefix, keeps the rest of the path, and appends its signed
    // parameters; the shopper's own query parameters are signed along with them.
    const rest = url.pathname.slice('/apps/rapport'.length);
    const extra: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (extra[k] ??= []).push(v);
    const query = appProxyQuery({ shop: o.shop, customerId: cookies(req).customer_id || null, extra });
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    if (body && rest === '/redemptions') redemptionBodies.push(JSON.parse(body.toString('utf8')) as Record<string, unknown>);
    const upstream = await fetch(`${o.backendUrl}/storefront/shopify${rest}?${query}`, {
      method: req.method,
      headers: body ? { 'content-type': String(req.headers['content-type'] ?? 'application/json') } : {},
      body: body ? new Uint8Array(body) : undefined,
    });
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'cache-control': 'no-store',
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://storefront.local');
    requests.push(url.pathname);
    if (url.pathname.startsWith('/apps/rapport/')) return proxy(req, res, url);
    if (url.pathname.startsWith(ASSET_PREFIX)) {
      const name = url.pathname.slice(ASSET_PREFIX.length);
      if (!/^[\w.-]+\.js$/.test(name)) return void res.writeHead(404).end();
      return send(
        req,
        res,
        200,
        { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' },
        readFileSync(join(ASSETS, name)),
      );
    }
    const cart = () => ({ token: 'c1', item_count: 1, discount_codes: cartCodes.map((code) => ({ code, applicable: true })) });
    if (url.pathname === '/cart.js') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(cart()));
    if (url.pathname === '/cart/update.js' && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)).toString('utf8')) as { discount?: string };
      cartCodes.splice(
        0,
        cartCodes.length,
        ...String(body.discount ?? '')
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
      );
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(cart()));
    }
    if (url.pathname === '/' || url.pathname.startsWith('/products/')) {
      // `?login=<id>` stands in for signing in to the storefront: Shopify's session cookie.
      const login = url.searchParams.get('login');
      const customerId = login === null ? cookies(req).customer_id || null : login || null;
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
      if (login !== null) headers['set-cookie'] = `customer_id=${encodeURIComponent(login)}; Path=/; HttpOnly; SameSite=Lax`;
      // `?country=IN` stands in for the store's address (shop.address.country_code; PK otherwise).
      const html = await storefrontPage({
        locale: url.searchParams.get('locale') ?? 'en',
        customerId,
        withWidget,
        shopCountry: url.searchParams.get('country') ?? undefined,
      });
      return send(req, res, 200, headers, Buffer.from(html));
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }

  const server: Server = await new Promise((resolve) => {
    const s = createServer(
      (req, res) =>
        void handle(req, res).catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(String(err));
        }),
    ).listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cartCodes,
    redemptionBodies,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
