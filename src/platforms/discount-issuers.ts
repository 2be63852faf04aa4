import { createHash } from 'node:crypto';
import type { DiscountCodeIssuer } from '../crm/loyalty/discounts.port.ts';
import type { IssuerFor } from '../crm/loyalty/redemption.service.ts';
import type { ConnectionRecord } from '../crm/store.port.ts';
import type { OutboundPolicy } from '../lib/outbound-address.ts';
import { createShopifyAdminClient, type AdminApiLogger } from './shopify/admin-api.ts';
import type { ShopifyAdminClient } from './shopify/admin-api.types.ts';
import { createShopifyDiscountIssuer } from './shopify/discounts.ts';
import { createWooCouponIssuer } from './woocommerce/coupons.ts';
import { createWooClient } from './woocommerce/rest.client.ts';
import type { FetchLike } from './woocommerce/rest.http.ts';

// Builds the DiscountCodeIssuer of a store connection: Shopify through the GraphQL Admin API (the
// app's offline session of an app-store install, else a custom app's own access token), WooCommerce
// through REST /coupons (consumer key/secret kept in apiKey/apiSecret). No credential, no issuer:
// the caller reports "reconnect the store".

type IssuerSecrets = { accessToken: string | null; apiKey: string | null; apiSecret: string | null };

type DiscountIssuersOptions = {
  secretsOf: (connectionId: string) => Promise<IssuerSecrets | null | undefined>;
  /**
   * The Admin API client of an app-store install (its offline session, refreshed as it expires);
   * null when the store has none (a custom app: then its stored access token).
   */
  shopifyAppClient?: (connection: ConnectionRecord) => Promise<ShopifyAdminClient | null>;
  /** Where Admin API requests for a shop go; defaults to https://<shop>. */
  shopifyAdminOrigin?: (shop: string) => string;
  /** Addresses WooCommerce store URLs may resolve to (OUTBOUND_ALLOW_PRIVATE); default public only. */
  outbound?: OutboundPolicy;
  /** WooCommerce transport (the Shopify client uses the global fetch). */
  fetch?: FetchLike;
  /** Retries inside each client after network errors, 429 and 5xx (client defaults otherwise). */
  maxRetries?: number;
  logger?: AdminApiLogger;
};

export type DiscountIssuers = { issuerFor: IssuerFor };

export function createDiscountIssuers(options: DiscountIssuersOptions): DiscountIssuers {
  // One client per connection and credential, so Shopify's cost bucket is remembered between calls.
  const cache = new Map<string, DiscountCodeIssuer>();

  async function issuerFor(connection: ConnectionRecord): Promise<DiscountCodeIssuer | null> {
    if (connection.status !== 'active') return null;
    const secrets = await options.secretsOf(connection.id);
    if (connection.platform === 'shopify') {
      // The session's client is made per call (its token may have been refreshed); it is cheap.
      const viaApp = await options.shopifyAppClient?.(connection);
      if (viaApp) return createShopifyDiscountIssuer(viaApp);
      if (!secrets?.accessToken) return null;
      return cached(connection.id, [secrets.accessToken], () =>
        createShopifyDiscountIssuer(
          createShopifyAdminClient({
            shop: connection.domain,
            accessToken: secrets.accessToken!,
            origin: options.shopifyAdminOrigin?.(connection.domain),
            maxRetries: options.maxRetries,
            logger: options.logger,
          }),
        ),
      );
    }
    if (!secrets?.apiKey || !secrets.apiSecret) return null;
    const [consumerKey, consumerSecret] = [secrets.apiKey, secrets.apiSecret];
    return cached(connection.id, [consumerKey, consumerSecret], () =>
      createWooCouponIssuer(
        createWooClient({
          url: connection.domain,
          consumerKey,
          consumerSecret,
          outbound: options.outbound,
          fetch: options.fetch,
          maxRetries: options.maxRetries,
        }),
      ),
    );
  }

  // Keyed by a hash of the credentials: a reconnected store gets a fresh client, and no plaintext lingers in keys.
  function cached(connectionId: string, credentials: string[], build: () => DiscountCodeIssuer): DiscountCodeIssuer {
    const key = `${connectionId}:${createHash('sha256').update(credentials.join('\n')).digest('hex')}`;
    let issuer = cache.get(key);
    if (!issuer) cache.set(key, (issuer = build()));
    return issuer;
  }

  return { issuerFor };
}
