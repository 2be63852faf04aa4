import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifyAppFake, type ShopifyAppFake } from '../fakes/shopify-app.fake.ts';
import { startTestServer, TEST_API_KEY, TEST_API_SECRET, type TestServer } from '../helpers/server.ts';
import { postShopify, sessionToken } from '../helpers/signed.ts';
import { gqlCustomer, gqlOrder, restOrder } from '../helpers/shopify-orders.ts';
import { sql } from '../helpers/sql.ts';

// Backfill through a bulk operation against the fake: JSONL with __parentId children streamed
// into the store, progress in sync_runs, the 60-day limit without read_all_orders, and webhooks
// interleaved with the import neither lost nor double-counted.

const day = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * day).toISOString().replace(/\.\d{3}Z$/, 'Z');
let fake: ShopifyAppFake;
let server: TestServer;
let duringBulk: (() => Promise<void>) | null = null;

beforeAll(async () => {
  fake = await startShopifyAppFake({
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    customers: [gqlCustomer(1), gqlCustomer(2), gqlCustomer(99)],
    orders: [
      gqlOrder({ n: 1, createdAt: ago(200), customer: 1 }),
      gqlOrder({ n: 2, createdAt: ago(100), customer: 1, items: 3 }),
      gqlOrder({ n: 3, createdAt: ago(10), customer: 2, items: 1, total: '700.00' }),
      gqlOrder({ n: 4, createdAt: ago(5), customer: 2 }),
    ],
    // As the bulk `products` query returns them (Admin GraphQL: Money scalars, gids, status enum).
    products: [
      {
        id: 'gid://shopify/Product/7700000000001',
        title: 'Peshawari chappal',
        handle: 'peshawari-chappal',
        status: 'ACTIVE',
        vendor: 'Bannu Works',
        productType: 'Shoes',
        updatedAt: ago(3),
        featuredMedia: { preview: { image: { url: 'https://cdn.shopify.com/chappal.jpg' } } },
        variants: [
          {
            id: 'gid://shopify/ProductVariant/4400000000001',
            title: '42',
            sku: 'CHAPPAL-42',
            price: '3500.00',
            compareAtPrice: '4000.00',
            position: 1,
            inventoryQuantity: 9,
            inventoryItem: { tracked: true },
            image: null,
          },
          {
            id: 'gid://shopify/ProductVariant/4400000000002',
            title: '43',
            sku: 'CHAPPAL-43',
            price: '3600.00',
            compareAtPrice: null,
            position: 2,
            inventoryQuantity: 0,
            inventoryItem: { tracked: false },
            image: { url: 'https://cdn.shopify.com/chappal-43.jpg' },
          },
        ],
      },
    ],
  });
  server = await startTestServer({}, undefined, {
    shopifyAdminOrigin: () => fake.origin,
    platformRetries: 0,
    // A webhook can be slipped in while Shopify is still running the bulk operation.
    shopifyBulk: {
      pollMs: 1,
      sleep: async () => {
        const hook = duringBulk;
        duringBulk = null;
        await hook?.();
      },
    },
  });
});
afterAll(async () => {
  await server.close();
  await fake.close();
});

const count = (text: string, ...args: unknown[]) => sql(server).count(text, ...args);
const auth = async (shop: string) => ({ authorization: `Bearer ${await sessionToken(shop)}` });
async function install(shop: string) {
  const res = await fetch(`${server.url}/api/connections`, { headers: await auth(shop) });
  expect(res.status).toBe(200);
  await server.runtime.shopify.idle();
  return (await server.runtime.tenancy.connectionByDomain('shopify', shop))!;
}
async function progress(shop: string, id: string) {
  const res = await fetch(`${server.url}/api/connections/${id}/sync`, { headers: await auth(shop) });
  return (await res.json()) as { runs: Array<Record<string, any>>; grantedScopes: string; lastReconcileAt: string };
}

describe('backfill on install', () => {
  it('imports every customer and order, line items assembled from __parentId children', async () => {
    const c = await install('history.myshopify.com');
    expect(await count('SELECT count(*) n FROM orders WHERE connection_id = ?', c.id)).toBe(4);
    expect(await count('SELECT count(*) n FROM line_items li JOIN orders o ON o.id = li.order_id WHERE o.connection_id = ?', c.id)).toBe(8);
    expect(await count('SELECT count(*) n FROM customers WHERE account_id = ?', c.accountId)).toBe(3);
    const run = fake.bulkRuns.find((r) => r.query.includes('orders'))!;
    expect(run.groupObjects).toBe(true);
    expect(run.lines.filter((l) => JSON.parse(l).__parentId === 'gid://shopify/Order/5600000000002')).toHaveLength(3);
    const { runs } = await progress('history.myshopify.com', c.id);
    expect(runs.map((r) => [r.resource, r.status, r.done, r.total, r.percentage, r.note])).toEqual([
      ['products', 'completed', 1, 1, 100, null],
      ['orders', 'completed', 4, 4, 100, null],
      ['customers', 'completed', 3, 3, 100, null],
    ]);
    // The catalogue, by the same ids the products/* webhooks carry.
    const products = await fetch(`${server.url}/api/products?search=chappal`, { headers: await auth('history.myshopify.com') });
    const [chappal] = ((await products.json()) as { products: Array<Record<string, any>> }).products;
    expect(chappal).toMatchObject({ title: 'Peshawari chappal', status: 'active', variantCount: 2, minPriceMinor: 350_000 });
    const one = (await (
      await fetch(`${server.url}/api/products/${chappal!.id}`, { headers: await auth('history.myshopify.com') })
    ).json()) as Record<string, any>;
    expect(one.externalId).toBe('7700000000001');
    expect(one.imageUrl).toBe('https://cdn.shopify.com/chappal.jpg');
    expect(one.variants).toMatchObject([
      { externalId: '4400000000001', sku: 'CHAPPAL-42', priceMinor: 350_000, compareAtPriceMinor: 400_000, inventoryQuantity: 9 },
      { externalId: '4400000000002', priceMinor: 360_000, inventoryQuantity: null, imageUrl: 'https://cdn.shopify.com/chappal-43.jpg' },
    ]);
  });

  it('without read_all_orders imports the last 60 days and says so', async () => {
    fake.setScope('read_customers,write_customers,read_orders,write_discounts');
    const c = await install('recent-only.myshopify.com');
    fake.setScope('read_customers,write_customers,read_orders,read_all_orders,read_products,write_discounts');
    expect(await count('SELECT count(*) n FROM orders WHERE connection_id = ?', c.id)).toBe(2);
    expect(fake.bulkRuns.at(-1)!.query).toMatch(/created_at:>='\d{4}-\d\d-\d\dT/);
    const orders = (await progress('recent-only.myshopify.com', c.id)).runs.find((r) => r.resource === 'orders')!;
    expect(orders).toMatchObject({ status: 'completed', done: 2, percentage: 100 });
    expect(orders.note).toMatch(/read_all_orders/);
    expect(orders).toMatchObject({ noteCode: 'history_limited', noteParams: { days: 60 } }); // for the panel's languages
  });

  it('once the merchant approves read_all_orders (app/scopes_update), the next import brings the whole history', async () => {
    const shop = 'recent-only.myshopify.com';
    const c = (await server.runtime.tenancy.connectionByDomain('shopify', shop))!;
    expect((await progress(shop, c.id)).grantedScopes).not.toMatch(/read_all_orders/);
    // The fake grants every scope again, as after the merchant's approval; Shopify then says so.
    const body = JSON.stringify({
      id: 1,
      previous: ['read_customers', 'read_orders'],
      current: ['read_customers', 'read_orders', 'read_all_orders'],
      updated_at: new Date().toISOString(),
    });
    const res = await postShopify(server.url, { topic: 'app/scopes_update', shop, body });
    expect(res.status).toBe(200);
    await expect.poll(async () => (await progress(shop, c.id)).grantedScopes).toMatch(/read_all_orders/);
    const session = await server.runtime.shopify.sessions.loadSession(`offline_${shop}`);
    expect(session!.scope).toMatch(/read_all_orders/);

    const start = await fetch(`${server.url}/api/connections/${c.id}/backfill`, { method: 'POST', headers: await auth(shop) });
    expect(start.status).toBe(202);
    await server.runtime.shopify.idle();
    expect(await count('SELECT count(*) n FROM orders WHERE connection_id = ?', c.id)).toBe(4);
    expect(fake.bulkRuns.at(-1)!.query).not.toMatch(/created_at:>=/);
    const orders = (await progress(shop, c.id)).runs.find((r) => r.resource === 'orders')!;
    expect(orders).toMatchObject({ status: 'completed', note: null });
  });
});

describe('webhooks during a backfill', () => {
  it('a newer webhook for an order being imported wins; nothing is counted twice', async () => {
    const shop = 'busy.myshopify.com';
    const c = await install(shop);
    const before = await count('SELECT count(*) n FROM orders WHERE connection_id = ?', c.id);
    // Order 3 is refunded in Shopify while the bulk operation runs (the bulk file holds the older snapshot).
    const newer = restOrder({
      n: 3,
      createdAt: ago(10),
      updatedAt: ago(0),
      customer: 2,
      items: 1,
      total: '700.00',
      financial: 'PARTIALLY_REFUNDED',
      refund: '200.00',
    });
    duringBulk = async () => {
      expect((await postShopify(server.url, { topic: 'orders/updated', shop, body: JSON.stringify(newer) })).status).toBe(200);
      await server.drain();
    };
    const res = await fetch(`${server.url}/api/connections/${c.id}/backfill`, { method: 'POST', headers: await auth(shop) });
    expect(res.status).toBe(202);
    await server.runtime.shopify.idle();
    expect(duringBulk).toBeNull(); // the webhook really arrived mid-import

    const order = await sql(server).get(
      'SELECT payment_status, refunded_minor, source_updated_at FROM orders WHERE connection_id = ? AND external_id = ?',
      c.id,
      '5600000000003',
    );
    expect(order).toMatchObject({ payment_status: 'partially_refunded', refunded_minor: 20000 });
    expect(await count('SELECT count(*) n FROM orders WHERE connection_id = ?', c.id)).toBe(before);
    expect(await count('SELECT count(*) n FROM refunds WHERE connection_id = ?', c.id)).toBe(1);
    const buyer2 = await sql(server).value(
      `SELECT c.orders_count FROM customers c JOIN customer_identities i ON i.customer_id = c.id
      WHERE i.connection_id = ? AND i.external_id = ?`,
      c.id,
      '7700002',
    );
    expect(buyer2).toBe(2);

    // The same webhook again after the import (a retry): still one order, one refund.
    await postShopify(server.url, { topic: 'orders/updated', shop, body: JSON.stringify(newer) });
    await server.drain();
    expect(await count('SELECT count(*) n FROM refunds WHERE connection_id = ?', c.id)).toBe(1);
  });

  it('other accounts can neither see nor start an import of this store', async () => {
    const c = (await server.runtime.tenancy.connectionByDomain('shopify', 'busy.myshopify.com'))!;
    const other = await fetch(`${server.url}/api/connections/${c.id}/sync`, { headers: await auth('history.myshopify.com') });
    expect(other.status).toBe(404);
    const post = await fetch(`${server.url}/api/connections/${c.id}/backfill`, {
      method: 'POST',
      headers: await auth('history.myshopify.com'),
    });
    expect(post.status).toBe(404);
  });
});

describe('scheduled reconcile', () => {
  it('repairs an order whose webhook never arrived and records the run', async () => {
    const c = (await server.runtime.tenancy.connectionByDomain('shopify', 'history.myshopify.com'))!;
    fake.data.orders.push(gqlOrder({ n: 50, createdAt: ago(0), customer: 1 }));
    const runs = await server.runtime.shopify.reconcileAll();
    const mine = runs.find((r) => r.connectionId === c.id)!;
    expect(mine).toMatchObject({ kind: 'reconcile', resource: 'orders' });
    expect(await count('SELECT count(*) n FROM orders WHERE connection_id = ? AND external_id = ?', c.id, '5600000000050')).toBe(1);
    const { runs: listed, ...rest } = await progress('history.myshopify.com', c.id);
    expect(listed[0]).toMatchObject({
      kind: 'reconcile',
      status: 'completed',
      note: expect.stringMatching(/^1 of \d+ /),
      noteCode: 'orders_repaired',
      noteParams: { repaired: 1, seen: listed[0]!.total },
    });
    expect(Date.now() - Date.parse(rest.lastReconcileAt)).toBeLessThan(60_000);
    expect(fake.requests.filter((r) => r.operation === 'orders').at(-1)!.variables.query).toMatch(/^updated_at:>'/);
  });
});

describe('rewards on an app-store install', () => {
  it('a redemption creates its code at Shopify through the offline session (the connection has no token of its own)', async () => {
    const shop = 'history.myshopify.com';
    const c = (await server.runtime.tenancy.connectionByDomain('shopify', shop))!;
    expect((await server.runtime.tenancy.secrets(c))?.accessToken ?? null).toBeNull();
    const headers = { ...(await auth(shop)), 'content-type': 'application/json' };
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const program = await call('PUT', '/api/loyalty/program', { earning: { rates: [{ currency: c.currency, points: 1, per: '100' }] } });
    expect(program.status, JSON.stringify(program.body)).toBe(200);
    const customer = (await call('GET', '/api/customers')).body.customers[0];
    expect((await call('POST', `/api/customers/${customer.id}/points`, { points: 500, note: 'welcome back' })).status).toBe(201);
    const reward = await call('POST', '/api/loyalty/rewards', {
      name: 'PKR 500 off',
      kind: 'fixed_amount',
      amountMinor: 50_000,
      currency: c.currency,
      pointsCost: 100,
    });
    expect(reward.status, JSON.stringify(reward.body)).toBe(201);
    const before = fake.discounts.length;
    const r = await call('POST', `/api/customers/${customer.id}/redemptions`, {
      rewardId: reward.body.id,
      idempotencyKey: 'app-store-install-1',
      connectionId: c.id,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(fake.discounts).toHaveLength(before + 1);
    expect(fake.discounts.at(-1)!.code).toBe(r.body.redemption.code);
  });
});
