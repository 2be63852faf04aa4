import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, postWoo, sessionToken } from '../helpers/signed.ts';

// Phones and addresses as shoppers enter them: a phone is read with its address's country, an
// unreadable one is kept as entered, and an address seen without a phone keeps the one it had.

const SECRET = 'woo-contact-secret-123';
const SHOP = 'contact-test.myshopify.com';
let server: TestServer;
let wooPk: string;
let wooNoCountry: string;
let wooToken: string;
let shopToken: string;

async function api(path: string, token: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function profile(email: string, token: string) {
  const list = await api(`/api/customers?query=${encodeURIComponent(email)}`, token);
  expect(list.body.customers).toHaveLength(1);
  return (await api(`/api/customers/${list.body.customers[0].id}`, token)).body;
}

async function woo(connectionId: string, topic: string, body: string) {
  expect((await postWoo(server.url, { connectionId, topic, body, secret: SECRET })).status).toBe(200);
  await server.drain();
}

async function shopify(topic: string, body: string) {
  expect((await postShopify(server.url, { topic, shop: SHOP, body })).status).toBe(200);
  await server.drain();
}

type Obj = Record<string, any>;
const wooOrder = (id: number, change: (o: Obj) => void) =>
  fixture('woocommerce/order-cod-processing.json', (o) => {
    o.id = id;
    change(o as Obj);
  });

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Contact Bazaar', 'PKR');
  wooPk = (
    await t.upsertConnection({
      accountId,
      platform: 'woocommerce',
      domain: 'https://pk.example.pk/',
      currency: 'PKR',
      country: 'PK',
      webhookSecret: SECRET,
    })
  ).id;
  // Connected without --country: phones can only be read with the payload's own country.
  wooNoCountry = (
    await t.upsertConnection({
      accountId,
      platform: 'woocommerce',
      domain: 'https://br.example.com/',
      currency: 'PKR',
      country: null,
      webhookSecret: SECRET,
    })
  ).id;
  await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: null });
  await t.createAdminUser(accountId, 'owner@contact.example', 'correct horse battery');
  wooToken = (await t.login('owner@contact.example', 'correct horse battery'))!.token;
  shopToken = await sessionToken(SHOP);
});
afterAll(() => server.close());

describe('addresses', () => {
  it('a WooCommerce shipping address without a phone keeps the billing phone of the same address', async () => {
    // The published payload: billing and shipping are one address, only billing has a phone.
    await woo(
      wooPk,
      'order.created',
      wooOrder(801, (o) => {
        o.billing.email = 'same.address@example.pk';
      }),
    );
    const p = await profile('same.address@example.pk', wooToken);
    expect(p.addresses).toHaveLength(1);
    expect(p.addresses[0]).toMatchObject({ line1: 'مکان 12، گلبرگ III', phone: '+923001234567' });

    // A later order gives the same address with nothing but the street and city.
    await woo(
      wooPk,
      'order.created',
      wooOrder(802, (o) => {
        o.date_modified_gmt = '2026-11-13T10:00:00';
        o.billing = { ...o.billing, email: 'same.address@example.pk', phone: '', first_name: '', last_name: '' };
        o.shipping = { ...o.shipping, first_name: '', last_name: '' };
      }),
    );
    const again = await profile('same.address@example.pk', wooToken);
    expect(again.addresses).toHaveLength(1);
    expect(again.addresses[0]).toMatchObject({ name: 'بلال احمد', phone: '+923001234567', city: 'Lahore', zip: '54660' });
  });
});

describe('phones', () => {
  it('WooCommerce: reads a local number with the billing country when the store has none', async () => {
    await woo(
      wooNoCountry,
      'order.created',
      wooOrder(901, (o) => {
        o.billing = {
          ...o.billing,
          email: 'joana@example.com.br',
          phone: '(11) 98765-4321',
          country: 'BR',
          city: 'São Paulo',
          postcode: '01310-100',
        };
        o.shipping = { ...o.shipping, country: 'BR', city: 'São Paulo', postcode: '01310-100' };
      }),
    );
    const p = await profile('joana@example.com.br', wooToken);
    expect(p.phone).toBe('+5511987654321');
    expect(p.identities[0]).toMatchObject({ phone: '+5511987654321', phoneRaw: null });
  });

  it('WooCommerce: keeps a phone it cannot read as entered, for staff, without linking by it', async () => {
    for (const [id, email] of [
      [902, 'first.raw@example.pk'],
      [903, 'second.raw@example.pk'],
    ] as const) {
      await woo(
        wooNoCountry,
        'order.created',
        wooOrder(id, (o) => {
          o.customer_id = id;
          o.billing = { ...o.billing, email, phone: '0300 12 34' };
        }),
      );
    }
    const first = await profile('first.raw@example.pk', wooToken);
    expect(first.phone).toBeNull();
    expect(first.identities[0]).toMatchObject({ phone: null, phoneRaw: '0300 12 34' });
    // Same unreadable phone, other email: still two people.
    expect((await profile('second.raw@example.pk', wooToken)).id).not.toBe(first.id);
  });

  it('Shopify: reads a local number with the address country when the store has none; keeps an unreadable one raw', async () => {
    const order = (id: number, email: string, phone: string) =>
      fixture('shopify/order-card-paid.json', (body) => {
        const o = body as Obj;
        o.id = id;
        o.email = email;
        o.phone = null;
        o.customer.id = id * 10;
        o.customer.email = email;
        o.customer.phone = phone;
        for (const a of [o.customer.default_address, o.billing_address, o.shipping_address])
          Object.assign(a, { country: 'Brazil', country_code: 'BR', phone: null });
      });
    await shopify('orders/create', order(7101, 'rafael@example.com.br', '(21) 2345-6789'));
    const p = await profile('rafael@example.com.br', shopToken);
    expect(p.phone).toBe('+552123456789');
    await shopify('orders/create', order(7102, 'unreadable@example.com.br', 'ramal 12'));
    expect((await profile('unreadable@example.com.br', shopToken)).identities[0]).toMatchObject({ phone: null, phoneRaw: 'ramal 12' });
  });
});
