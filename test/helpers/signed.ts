import { createHmac, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { TEST_API_KEY, TEST_API_SECRET } from './server.ts';

// Builders for requests signed exactly as the platforms sign them, with every field
// overridable so each rejection case is one table row.

export type ShopifyDelivery = {
  topic: string;
  shop: string;
  body: string;
  secret?: string;
  webhookId?: string;
  eventId?: string;
  hmac?: string | null;
  headers?: Record<string, string | null>;
};

export function shopifyHmac(body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export function shopifyHeaders(d: ShopifyDelivery): Record<string, string> {
  const headers: Record<string, string | null> = {
    'content-type': 'application/json',
    'x-shopify-topic': d.topic,
    'x-shopify-shop-domain': d.shop,
    'x-shopify-api-version': '2026-07',
    'x-shopify-webhook-id': d.webhookId ?? randomUUID(),
    'x-shopify-event-id': d.eventId ?? randomUUID(),
    'x-shopify-triggered-at': new Date().toISOString(),
    'x-shopify-hmac-sha256': d.hmac === undefined ? shopifyHmac(d.body, d.secret ?? TEST_API_SECRET) : d.hmac,
    ...d.headers,
  };
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null));
}

export async function postShopify(baseUrl: string, d: ShopifyDelivery): Promise<Response> {
  return fetch(`${baseUrl}/webhooks/shopify`, { method: 'POST', headers: shopifyHeaders(d), body: d.body });
}

export type WooDelivery = {
  connectionId: string;
  topic: string;
  body: string;
  secret: string;
  signature?: string | null;
  headers?: Record<string, string | null>;
};

export function wooHeaders(d: WooDelivery): Record<string, string> {
  const [resource = '', event = ''] = d.topic.split('.');
  const headers: Record<string, string | null> = {
    'content-type': 'application/json',
    'user-agent': 'WooCommerce/9.4.0 Hookshot (WordPress/6.7)',
    'x-wc-webhook-source': 'https://shop.example.pk/',
    'x-wc-webhook-topic': d.topic,
    'x-wc-webhook-resource': resource,
    'x-wc-webhook-event': event,
    'x-wc-webhook-id': '17',
    'x-wc-webhook-delivery-id': String(Math.floor(Date.now() / 1000)),
    'x-wc-webhook-signature': d.signature === undefined ? shopifyHmac(d.body, d.secret) : d.signature,
    ...d.headers,
  };
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null));
}

export async function postWoo(baseUrl: string, d: WooDelivery): Promise<Response> {
  return fetch(`${baseUrl}/webhooks/woocommerce/${d.connectionId}`, { method: 'POST', headers: wooHeaders(d), body: d.body });
}

/** An App Bridge session token as Shopify issues it (HS256, signed with the app secret). */
export async function sessionToken(
  shop: string,
  overrides: { secret?: string; aud?: string; exp?: number; nbf?: number; dest?: string; iss?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: overrides.dest ?? `https://${shop}`, sid: randomUUID() })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(overrides.iss ?? `https://${shop}/admin`)
    .setAudience(overrides.aud ?? TEST_API_KEY)
    .setSubject('42')
    .setIssuedAt(now)
    .setNotBefore(overrides.nbf ?? now)
    .setExpirationTime(overrides.exp ?? now + 60)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(overrides.secret ?? TEST_API_SECRET));
}

export type AppProxyRequest = {
  shop: string;
  /** The logged-in customer's Shopify id; null or omitted: a guest (Shopify sends the parameter blank). */
  customerId?: string | null;
  pathPrefix?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  secret?: string;
  /** Replaces the computed signature; null leaves it out. */
  signature?: string | null;
  /** Extra query parameters the widget adds (signed too, as Shopify does). */
  extra?: Record<string, string | string[]>;
  /** Runs after signing, to tamper with what was signed. */
  after?: (query: URLSearchParams) => void;
};

/**
 * The query string Shopify appends to an app proxy request: every parameter but `signature`,
 * sorted by key, repeated values joined with commas, `key=value` concatenated without separators
 * or URL encoding, hex HMAC-SHA256 with the app secret (shopify.dev, "Authenticate app proxies").
 */
export function appProxyQuery(r: AppProxyRequest): string {
  const params: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(r.extra ?? {})) for (const one of [v].flat()) params.push([k, one]);
  params.push(
    ['shop', r.shop],
    ['logged_in_customer_id', r.customerId ?? ''],
    ['path_prefix', r.pathPrefix ?? '/apps/rapport'],
    ['timestamp', String(r.timestamp ?? Math.floor(Date.now() / 1000))],
  );
  const grouped = new Map<string, string[]>();
  for (const [k, v] of params) grouped.set(k, [...(grouped.get(k) ?? []), v]);
  const message = [...grouped.keys()]
    .sort()
    .map((k) => `${k}=${grouped.get(k)!.join(',')}`)
    .join('');
  const query = new URLSearchParams(params);
  const signature =
    r.signature === undefined
      ? createHmac('sha256', r.secret ?? TEST_API_SECRET)
          .update(message)
          .digest('hex')
      : r.signature;
  if (signature !== null) query.append('signature', signature);
  r.after?.(query);
  return query.toString();
}

/** A WooCommerce shopper token as the Rapport WordPress plugin mints it (HS256, storefront secret). */
export async function wooShopperToken(o: {
  secret: string;
  site: string;
  sub?: string;
  email?: string;
  aud?: string;
  exp?: number;
  iat?: number;
  alg?: 'HS256' | 'HS512';
}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: o.email ?? 'shopper@example.pk' })
    .setProtectedHeader({ alg: o.alg ?? 'HS256', typ: 'JWT' })
    .setIssuer(o.site)
    .setAudience(o.aud ?? 'rapport')
    .setSubject(o.sub ?? '0')
    .setIssuedAt(o.iat ?? now)
    .setExpirationTime(o.exp ?? now + 300)
    .sign(new TextEncoder().encode(o.secret));
}
