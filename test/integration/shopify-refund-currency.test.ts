import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, sessionToken } from '../helpers/signed.ts';

// A PKR shop whose shopper paid in USD: Shopify's refund transactions move the shopper's dollars,
// while stats and points are in the shop's rupees. The refund must be counted in shop money
// (its lines' and adjustments' `*_set.shop_money`), never the dollar figure read as rupees.

const SHOP = 'lahore-multicurrency.myshopify.com';
let server: TestServer;
let token: string;

async function call(path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function deliver(topic: string, body: string) {
  expect((await postShopify(server.url, { topic, shop: SHOP, body })).status).toBe(200);
  await server.drain();
}

async function profile(): Promise<Record<string, any>> {
  const list = await call('/api/customers?query=omar.farooq');
  expect(list.body.customers).toHaveLength(1);
  const id = list.body.customers[0].id as string;
  return { ...(await call(`/api/customers/${id}`)).body, loyalty: (await call(`/api/customers/${id}/loyalty`)).body };
}

beforeAll(async () => {
  server = await startTestServer();
  const accountId = await server.runtime.tenancy.createAccount('Lahore Multicurrency', 'PKR');
  await server.runtime.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' });
  await server.runtime.store.transaction((repos) =>
    saveProgram(
      repos,
      accountId,
      {
        earnOrdersPlacedFrom: '2020-01-01T00:00:00Z',
        earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
      },
      'test',
      new Date().toISOString(),
    ),
  );
  token = await sessionToken(SHOP);
});
afterAll(() => server.close());

describe('multi-currency refunds (shop PKR, shopper paid USD)', () => {
  it('refunds/create nets PKR 16,800 (a shawl and the shipping), not "60.00" read as rupees', async () => {
    await deliver('orders/create', fixture('shopify/order-multicurrency-paid.json'));
    expect((await profile()).loyalty).toMatchObject({ balance: 280, pending: 0 });
    await deliver('refunds/create', fixture('shopify/refund-multicurrency.json'));
    const p = await profile();
    expect(p.amountSpent).toEqual({ amount: '14000.00', currencyCode: 'PKR' });
    expect(p.orders[0].refunded).toEqual({ amount: '16800.00', currencyCode: 'PKR' });
    // 16,800 of 30,800 refunded: 280 points become 127.
    expect(p.loyalty).toMatchObject({ balance: 127, pending: 0 });
  });

  it('the same refund inside a later orders/updated counts the same, once', async () => {
    await deliver(
      'orders/updated',
      fixture('shopify/order-multicurrency-paid.json', (o) => {
        o.financial_status = 'partially_refunded';
        o.updated_at = '2026-10-09T11:02:12+05:00';
        o.refunds = [JSON.parse(fixture('shopify/refund-multicurrency.json')) as unknown];
      }),
    );
    const p = await profile();
    expect(p.amountSpent).toEqual({ amount: '14000.00', currencyCode: 'PKR' });
    expect(p.loyalty).toMatchObject({ balance: 127, pending: 0 });
  });
});
