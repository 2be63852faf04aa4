import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifyAdminFake, type ShopifyAdminFake } from '../fakes/shopify-admin.fake.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';
import { seedWidgetShop, WIDGET_SHOP, type WidgetShop } from '../helpers/storefront-shop.ts';

// The admin customer-details block's endpoint: a Shopify customer GID in, that shop's member's
// loyalty and lifetime value out; other shops and login tokens get nothing.

let server: TestServer;
let shopify: ShopifyAdminFake;
let shop: WidgetShop;

beforeAll(async () => {
  shopify = await startShopifyAdminFake({ accessToken: 'shpat_ext' });
  server = await startTestServer({}, undefined, { shopifyAdminOrigin: () => shopify.origin, platformRetries: 0 });
  shop = await seedWidgetShop(server, shopify);
  const other = await server.runtime.tenancy.createAccount('Other', 'PKR');
  await server.runtime.tenancy.upsertConnection({
    accountId: other,
    platform: 'shopify',
    domain: 'other-shop.myshopify.com',
    currency: 'PKR',
    country: 'PK',
    accessToken: 'shpat_other',
  });
});
afterAll(async () => {
  await server?.close();
  await shopify?.close();
});

async function get(path: string, token: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
}

describe('GET /api/extensions/customer/:customerGid', () => {
  it('answers the customer-details block for a synced customer', async () => {
    const r = await get(
      `/api/extensions/customer/${encodeURIComponent(`gid://shopify/Customer/${shop.shopperId}`)}`,
      await sessionToken(WIDGET_SHOP),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      customerId: shop.customerId,
      balance: 350,
      pending: 0,
      tier: null,
      profilePath: `/customers/${shop.customerId}`,
    });
    expect(r.body.lifetimeValue).toEqual({ amountMinor: expect.any(Number), currency: expect.any(String) });
  });

  it.each([
    ['an unknown customer', `/api/extensions/customer/12345`, WIDGET_SHOP, 404],
    ['another shop', `/api/extensions/customer/${'706405506930370084'}`, 'other-shop.myshopify.com', 404],
    ['a malformed id', '/api/extensions/customer/gid%3A%2F%2Fshopify%2FOrder%2F1', WIDGET_SHOP, 400],
  ])('refuses %s', async (_t, path, tokenShop, status) => {
    expect((await get(path, await sessionToken(tokenShop))).status).toBe(status);
  });

  it('needs a session token', async () => {
    expect((await fetch(`${server.url}/api/extensions/customer/1`)).status).toBe(401);
  });
});
