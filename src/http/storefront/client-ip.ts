import { isIP } from 'node:net';
import type { Request } from 'express';

// Shopify's app proxy connects to us from Shopify's servers and forwards the shopper's address
// in X-Forwarded-For (shopify.dev, "Authenticate app proxies"). Express's `req.ip`, after
// TRUST_PROXY, is the nearest untrusted hop: Shopify's server, the same for every guest. The
// shopper is the one hop beyond it. Call this only once the app proxy signature verified, so the
// request did come through Shopify; anyone else's X-Forwarded-For is never read here.

/** The shopper's address behind Shopify's app proxy, else `req.ip`. */
export function appProxyShopperIp(req: Request): string | undefined {
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  // proxy-addr's order: the socket, then X-Forwarded-For from the nearest hop outwards.
  const chain = [req.socket.remoteAddress ?? '', ...forwarded.reverse()];
  // `req.ips` lists the trusted hops' view up to and including the client Express settled on.
  const beyond = chain[req.ips.length + 1];
  return beyond && isIP(beyond) ? beyond : req.ip;
}
