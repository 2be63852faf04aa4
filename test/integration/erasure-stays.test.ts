import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOf } from '../../src/db/sql/dialect.ts';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, postWoo, sessionToken } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// An erased person stays erased: whatever arrives after the erasure (a retried or replayed
// delivery, a later update, an import) counts the order but writes nothing personal again.

const SHOP = 'erasure-test.myshopify.com';
const WOO_SECRET = 'woo-erasure-secret-123';
const EMAIL = 'zarmina.erasable@example.com';
const PHONE = '+15035550177';
const WOO_EMAIL = 'gulalai.erasable@example.pk';
let server: TestServer;
let shopToken: string;
let wooToken: string;
let wooConnectionId: string;

async function api(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function shopify(topic: string, body: string) {
  expect((await postShopify(server.url, { topic, shop: SHOP, body })).status).toBe(200);
  await server.drain();
}

async function woo(topic: string, body: string) {
  expect((await postWoo(server.url, { connectionId: wooConnectionId, topic, body, secret: WOO_SECRET })).status).toBe(200);
  await server.drain();
}

/** Rows anywhere that still hold one of the words (identities, profiles, orders, addresses, inbox). */
async function leftovers(...words: string[]): Promise<number> {
  const db = sql(server);
  const LIKE = sqlOf(db.dialect()).ilike; // case-insensitive on both, as SQLite's LIKE is
  const text = `SELECT
      (SELECT count(*) FROM customers WHERE email ${LIKE} ? OR phone ${LIKE} ? OR search_text ${LIKE} ?)
      + (SELECT count(*) FROM customer_identities WHERE email ${LIKE} ? OR phone ${LIKE} ? OR phone_raw ${LIKE} ? OR first_name ${LIKE} ?)
      + (SELECT count(*) FROM orders WHERE email ${LIKE} ? OR phone ${LIKE} ?)
      + (SELECT count(*) FROM addresses WHERE phone ${LIKE} ? OR name ${LIKE} ? OR line1 ${LIKE} ?)
      + (SELECT count(*) FROM webhook_inbox WHERE body ${LIKE} ?)`;
  let n = 0;
  // Every `?` is the same pattern.
  for (const w of words) n += await db.count(text, ...Array.from(text.matchAll(/\?/g), () => `%${w}%`));
  return n;
}

const shopifyOrder = (updatedAt: string) =>
  fixture('shopify/order-card-paid.json', (o) => {
    o.id = 5001;
    o.email = EMAIL;
    o.phone = PHONE;
    o.updated_at = updatedAt;
    const c = o.customer as Record<string, unknown>;
    Object.assign(c, { id: 7001, email: EMAIL, phone: PHONE, first_name: 'Zarmina', updated_at: updatedAt });
    (c.default_address as Record<string, unknown>).phone = PHONE;
    (o.billing_address as Record<string, unknown>).phone = PHONE;
    (o.shipping_address as Record<string, unknown>).phone = PHONE;
  });

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const shopAccount = await t.createAccount('Erasure Bazaar', 'USD');
  await t.upsertConnection({ accountId: shopAccount, platform: 'shopify', domain: SHOP, currency: 'USD', country: 'US' });
  shopToken = await sessionToken(SHOP);
  const wooAccount = await t.createAccount('Erasure Kitchen', 'PKR');
  wooConnectionId = (
    await t.upsertConnection({
      accountId: wooAccount,
      platform: 'woocommerce',
      domain: 'https://shop.example.pk/',
      currency: 'PKR',
      country: 'PK',
      webhookSecret: WOO_SECRET,
    })
  ).id;
  await t.createAdminUser(wooAccount, 'owner@erasure.example', 'correct horse battery');
  wooToken = (await t.login('owner@erasure.example', 'correct horse battery'))!.token;
});
afterAll(() => server.close());

describe('Shopify: after customers/redact', () => {
  let customerId: string;

  it('a redelivered, a later and a replayed order, and a customers/update, bring nothing back', async () => {
    await shopify('orders/create', shopifyOrder('2026-11-01T10:00:00Z'));
    const list = await api('GET', `/api/customers?query=${encodeURIComponent(EMAIL)}`, shopToken);
    expect(list.body.customers).toHaveLength(1);
    customerId = list.body.customers[0].id;
    expect(await leftovers(EMAIL, PHONE, '503 555 0177')).toBeGreaterThan(0);

    await shopify(
      'customers/redact',
      fixture('shopify/customers-redact.json', (b) => {
        b.shop_domain = SHOP;
        b.customer = { id: 7001, email: EMAIL, phone: PHONE };
        b.orders_to_redact = [5001];
      }),
    );
    expect(await leftovers(EMAIL, PHONE, '503 555 0177', 'Zarmina')).toBe(0);

    // Shopify retries with the same body (same updated_at), then the order changes again.
    await shopify('orders/create', shopifyOrder('2026-11-01T10:00:00Z'));
    await shopify('orders/updated', shopifyOrder('2026-11-02T10:00:00Z'));
    await shopify(
      'customers/update',
      fixture('shopify/customer-create.json', (c) => {
        Object.assign(c, { id: 7001, email: EMAIL, phone: PHONE, first_name: 'Zarmina', updated_at: '2026-11-03T10:00:00Z' });
      }),
    );
    // `rapport inbox replay`: every processed delivery again.
    await server.runtime.inbox.requeue({ includeDone: true }, new Date().toISOString());
    await server.drain();

    expect(await leftovers(EMAIL, PHONE, '503 555 0177', 'Zarmina')).toBe(0);
    const profile = await api('GET', `/api/customers/${customerId}`, shopToken);
    expect(profile.body).toMatchObject({ email: null, phone: null, firstName: null, redacted: true, numberOfOrders: 1 });
    expect(profile.body.addresses).toEqual([]);
    expect(await sql(server).count('SELECT count(*) FROM customers')).toBe(1); // no new profile either
  });
});

describe('WooCommerce: after the admin erase', () => {
  const wooOrder = (modified: string) =>
    fixture('woocommerce/order-cod-processing.json', (o) => {
      o.date_modified_gmt = modified;
      (o.billing as Record<string, unknown>).email = WOO_EMAIL;
      (o.billing as Record<string, unknown>).phone = '03001239876';
    });

  it('a later order.updated and a customer.updated bring nothing back', async () => {
    await woo('order.created', wooOrder('2026-11-12T11:20:06'));
    const list = await api('GET', `/api/customers?query=${encodeURIComponent(WOO_EMAIL)}`, wooToken);
    expect(list.body.customers).toHaveLength(1);
    const id = list.body.customers[0].id as string;
    expect((await api('POST', `/api/customers/${id}/erase`, wooToken, { confirm: id })).status).toBe(200);
    expect(await leftovers(WOO_EMAIL, '3001239876')).toBe(0);

    await woo('order.created', wooOrder('2026-11-12T11:20:06'));
    await woo('order.updated', wooOrder('2026-11-13T08:00:00'));
    await woo(
      'customer.updated',
      fixture('woocommerce/customer-created.json', (c) => {
        Object.assign(c, { id: 26, email: WOO_EMAIL, date_modified_gmt: '2026-11-14T08:00:00' });
        (c.billing as Record<string, unknown>).phone = '03001239876';
      }),
    );

    expect(await leftovers(WOO_EMAIL, '3001239876', 'بلال')).toBe(0);
    const profile = await api('GET', `/api/customers/${id}`, wooToken);
    expect(profile.body).toMatchObject({ email: null, phone: null, redacted: true, numberOfOrders: 1 });
    expect(profile.body.addresses).toEqual([]);
  });
});
