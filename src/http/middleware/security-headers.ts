import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

// Security headers for everything Express serves. Set by hand: four headers do not need helmet,
// whose defaults (X-Frame-Options, CORP same-origin) we would mostly have to switch off. Webhook
// acks on the node:http fast path carry no data and get none: they stay as cheap as they are.
// - CSP is frame-ancestors only: a script/style policy would have to allow App Bridge from
//   cdn.shopify.com and whatever Polaris needs, for little gain on a page with no user HTML.
//   Embedded pages (opened from Shopify admin with a valid `shop`) may be framed by that shop
//   and admin.shopify.com, as Shopify requires; everything else by no one. X-Frame-Options is
//   left out: it cannot name Shopify admin and would forbid the embedded app.
// - Cross-Origin-Resource-Policy is left out: the checkout extensions read /storefront from any
//   origin (CORS `*`), and API responses need a bearer token anyway.

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$/;

function frameAncestors(req: IncomingMessage): string {
  const query = new URL(req.url ?? '/', 'http://x').searchParams;
  const shop = query.get('shop');
  if (query.get('host') && shop && SHOP_DOMAIN.test(shop)) return `https://${shop} https://admin.shopify.com`;
  return "'none'";
}

export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('content-security-policy', `frame-ancestors ${frameAncestors(req)}`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
    // Only over https (browsers ignore it otherwise); subdomains are the operator's business.
    if (req.secure) res.setHeader('strict-transport-security', 'max-age=15552000');
    next();
  };
}

/** API responses carry customer data: never stored by a browser or proxy, never sent as referrer. */
export const apiNoStore: RequestHandler = (req, res, next) => {
  res.setHeader('referrer-policy', 'no-referrer');
  if (req.path !== '/openapi.json') res.setHeader('cache-control', 'no-store');
  next();
};
