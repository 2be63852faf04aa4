import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, sessionToken } from '../helpers/signed.ts';

// customers/data_request exports reach the merchant: listed, downloadable, marked handed over,
// and only ever to the account whose store asked.

const SHOP_A = 'dsr-a.myshopify.com';
const SHOP_B = 'dsr-b.myshopify.com';
let server: TestServer;
let tokenA: string;
let tokenB: string;

async function call(method: string, path: string, token: string) {
  const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

async function deliver(topic: string, body: string) {
  expect((await postShopify(server.url, { topic, shop: SHOP_A, body })).status).toBe(200);
  await server.drain();
}

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  await t.upsertConnection({
    accountId: await t.createAccount('A', 'USD'),
    platform: 'shopify',
    domain: SHOP_A,
    currency: 'USD',
    country: 'US',
  });
  await t.upsertConnection({
    accountId: await t.createAccount('B', 'USD'),
    platform: 'shopify',
    domain: SHOP_B,
    currency: 'USD',
    country: 'US',
  });
  tokenA = await sessionToken(SHOP_A);
  tokenB = await sessionToken(SHOP_B);
});
afterAll(() => server.close());

describe('data requests', () => {
  it('lists, downloads and marks handed over, newest first, for the asking account only', async () => {
    await deliver(
      'orders/create',
      fixture('shopify/order-card-paid.json', (o) => {
        Object.assign(o, { id: 6001, email: 'asker@example.com' });
        Object.assign(o.customer as object, { id: 6101, email: 'asker@example.com' });
      }),
    );
    for (const id of [501, 502]) {
      await deliver(
        'customers/data_request',
        fixture('shopify/customers-data-request.json', (b) => {
          b.shop_domain = SHOP_A;
          b.customer = { id: 6101, email: 'asker@example.com', phone: null };
          b.data_request = { id };
        }),
      );
    }

    const list = await call('GET', '/api/privacy/data-requests', tokenA);
    expect(list.status).toBe(200);
    expect(list.body.dataRequests.map((r: { externalRequestId: string }) => r.externalRequestId)).toEqual(['502', '501']);
    const [newest] = list.body.dataRequests;
    expect(newest).toMatchObject({
      store: SHOP_A,
      customer: { externalId: '6101', email: 'asker@example.com' },
      profilesFound: 1,
      fulfilledAt: null,
    });

    const download = await call('GET', `/api/privacy/data-requests/${newest.id}/export`, tokenA);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="data-request-${newest.id}.json"`);
    expect(download.body.profiles).toHaveLength(1);
    expect(download.body.profiles[0].profile.email).toBe('asker@example.com');
    expect(download.body.profiles[0].orders).toHaveLength(1);

    // Another account sees nothing and can neither download nor mark it.
    expect((await call('GET', '/api/privacy/data-requests', tokenB)).body.dataRequests).toEqual([]);
    expect((await call('GET', `/api/privacy/data-requests/${newest.id}/export`, tokenB)).status).toBe(404);
    expect((await call('POST', `/api/privacy/data-requests/${newest.id}/fulfil`, tokenB)).status).toBe(404);
    expect((await call('GET', '/api/privacy/data-requests', tokenA)).body.dataRequests[0].fulfilledAt).toBeNull();

    const done = await call('POST', `/api/privacy/data-requests/${newest.id}/fulfil`, tokenA);
    expect(done).toMatchObject({ status: 200, body: { fulfilled: true } });
    expect((await call('GET', '/api/privacy/data-requests', tokenA)).body.dataRequests[0].fulfilledAt).toEqual(expect.any(String));
    expect((await call('POST', '/api/privacy/data-requests/dsr_missing/fulfil', tokenA)).status).toBe(404);
  });

  it('a later customers/redact drops the exports that hold the erased person', async () => {
    await deliver(
      'customers/redact',
      fixture('shopify/customers-redact.json', (b) => {
        b.shop_domain = SHOP_A;
        b.customer = { id: 6101, email: 'asker@example.com', phone: null };
        b.orders_to_redact = [6001];
      }),
    );
    expect((await call('GET', '/api/privacy/data-requests', tokenA)).body.dataRequests).toEqual([]);
  });
});
