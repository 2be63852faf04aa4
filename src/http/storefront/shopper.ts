import type { RequestHandler, Response } from 'express';
import { appProxyPrefixes, type Config } from '../../config/config.ts';
import type { IssuerFor } from '../../crm/loyalty/redemption.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { Connection, ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import { HttpError } from '../errors.ts';
import { appProxyMessages, verifyAppProxy } from './app-proxy.ts';
import { verifyCheckoutToken } from './checkout-token.ts';
import { appProxyShopperIp } from './client-ip.ts';
import { verifyWooToken } from './woo-token.ts';

// Who is asking, decided only from what a platform signed: the Shopify app proxy signature or the
// WordPress plugin's JWT. A customer id in the URL or body is never read. The shopper's profile is
// looked up by (this connection, the platform's customer id), so it can only be a customer of
// this store's account.

export type Shopper = {
  platform: 'shopify' | 'woocommerce';
  connectionId: string;
  accountId: string;
  /** Where referral links point: https://shop.myshopify.com/ or the WordPress site URL. */
  siteUrl: string;
  country: string | null;
  /** The platform's id of the logged-in customer, or null for a guest. */
  externalId: string | null;
  /** Their Rapport profile; null for guests and for customers not synced yet. */
  customerId: string | null;
  ipHash: string | null;
};

export type ShopperDeps = {
  config: Config;
  connections: ConnectionsPort;
  ipHash: (ip: string) => string;
  store: CrmStore;
  issuerFor: IssuerFor;
};

export function shopperOf(res: Response): Shopper {
  const shopper = res.locals.shopper as Shopper | undefined;
  if (!shopper) throw new HttpError('unauthorized', 'Not authenticated');
  return shopper;
}

export function shopifyShopper(deps: ShopperDeps): RequestHandler {
  const secrets = [deps.config.SHOPIFY_API_SECRET, deps.config.SHOPIFY_API_SECRET_PREVIOUS].filter((s): s is string => Boolean(s));
  const pathPrefixes = appProxyPrefixes(deps.config);
  return async (req, res, next) => {
    try {
      if (!secrets.length) throw new HttpError('unavailable', 'The Shopify app proxy is not configured (SHOPIFY_API_SECRET unset)');
      // The raw query string: Express's parser would turn repeated or bracketed keys into objects.
      const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
      const result = verifyAppProxy(query, secrets, Math.floor(Date.now() / 1000), { pathPrefixes });
      if (!result.ok) throw new HttpError('unauthorized', appProxyMessages[result.reason]);
      const c = await deps.connections.connectionByDomain('shopify', result.shop);
      if (!c || c.status !== 'active') throw new HttpError('unauthorized', 'This shop is not connected to Rapport');
      // Signed by Shopify, so the hop beyond Shopify's server is the shopper (client-ip.ts).
      res.locals.shopper = await shopperFor(deps, c, 'shopify', `https://${c.domain}/`, result.customerId, appProxyShopperIp(req));
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Checkout and thank-you UI extensions: the buyer's Shopify session token. They run on Shopify's
 * extension sandbox origin with no cookies; the token is the only credential, so any origin may
 * send it (CORS `*`).
 */
export function checkoutShopper(deps: ShopperDeps): RequestHandler {
  const secrets = [deps.config.SHOPIFY_API_SECRET, deps.config.SHOPIFY_API_SECRET_PREVIOUS].filter((s): s is string => Boolean(s));
  return async (req, res, next) => {
    try {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-allow-headers', 'authorization, content-type');
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-max-age', '600');
      if (req.method === 'OPTIONS') return void res.status(204).end();
      const apiKey = deps.config.SHOPIFY_API_KEY;
      if (!secrets.length || !apiKey)
        throw new HttpError('unavailable', 'Checkout extensions are not configured (SHOPIFY_API_KEY/SECRET unset)');
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!token) throw new HttpError('unauthorized', 'Missing the checkout session token');
      const result = await verifyCheckoutToken(token, secrets, apiKey, Math.floor(Date.now() / 1000));
      if (!result.ok) throw new HttpError('unauthorized', `Invalid checkout session token: ${result.reason}`);
      const c = await deps.connections.connectionByDomain('shopify', result.shop);
      if (!c || c.status !== 'active') throw new HttpError('unauthorized', 'This shop is not connected to Rapport');
      res.locals.shopper = await shopperFor(deps, c, 'shopify', `https://${c.domain}/`, result.customerId, req.ip);
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function wooShopper(deps: ShopperDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const c = await deps.connections.connection(String(req.params.connectionId ?? ''));
      if (!c || c.platform !== 'woocommerce' || c.status !== 'active') throw new HttpError('unauthorized', 'Unknown store');
      allowSiteOrigin(res, c.domain, req.headers.origin);
      if (req.method === 'OPTIONS') return void res.status(204).end();
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      let externalId: string | null = null;
      if (token) {
        const secret = (await deps.connections.secrets(c)).storefrontSecret;
        if (!secret)
          throw new HttpError('unauthorized', 'This store has no storefront secret yet: run `rapport connect woocommerce` again');
        const result = await verifyWooToken(token, secret, c.domain, Math.floor(Date.now() / 1000));
        if (!result.ok) throw new HttpError('unauthorized', `Invalid storefront token: ${result.reason}`);
        externalId = result.customerId;
      }
      res.locals.shopper = await shopperFor(deps, c, 'woocommerce', c.domain, externalId, req.ip);
      next();
    } catch (err) {
      next(err);
    }
  };
}

async function shopperFor(
  deps: ShopperDeps,
  c: Connection,
  platform: Shopper['platform'],
  siteUrl: string,
  externalId: string | null,
  ip: string | undefined,
): Promise<Shopper> {
  const identity = externalId ? await deps.store.transaction((repos) => repos.customers.findIdentity(c.id, externalId)) : undefined;
  const customerId = identity && !identity.deletedAt && identity.accountId === c.accountId ? identity.customerId : null;
  return {
    platform,
    connectionId: c.id,
    accountId: c.accountId,
    siteUrl,
    country: c.country,
    externalId,
    customerId,
    ipHash: ip ? deps.ipHash(ip) : null,
  };
}

/** The widget on the WordPress site calls us cross-origin: allow that site only, with its token. */
function allowSiteOrigin(res: Response, siteUrl: string, origin: string | undefined): void {
  const site = new URL(siteUrl).origin;
  if (origin !== site) return;
  res.setHeader('access-control-allow-origin', site);
  res.setHeader('vary', 'origin');
  res.setHeader('access-control-allow-headers', 'authorization, content-type');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader('access-control-max-age', '600');
}
