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
export async function sessionToken(shop: string, overrides: { secret?: string; aud?: string; exp?: number; nbf?: number; dest?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: overrides.dest ?? `https://${shop}`, sid: randomUUID() })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(overrides.aud ?? TEST_API_KEY)
    .setSubject('42')
    .setIssuedAt(now)
    .setNotBefore(overrides.nbf ?? now)
    .setExpirationTime(overrides.exp ?? now + 60)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(overrides.secret ?? TEST_API_SECRET));
}
