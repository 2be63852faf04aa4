import { stringify } from 'lossless-json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooFake, type WooFake } from '../fakes/woocommerce.fake.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postWoo } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// The scheduled reconcile recovers what webhooks missed, exactly once, and repairs webhooks.

let server: TestServer;
let token: string;
let woo: WooFake;
let id: string;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const reconcile = async () => {
  const r = await api('POST', `/api/connections/woocommerce/${id}/reconcile`, {});
  expect(r.status).toBe(200);
  return r.body;
};
const row = async (text: string, ...args: unknown[]) => (await sql(server).get(text, ...args))!;
const watermark = async () => (await server.runtime.wooSync.deps.recorder.state(id)).ordersWatermark;
async function profile(email: string) {
  const list = await api('GET', `/api/customers?query=${encodeURIComponent(email)}`);
  expect(list.body.customers).toHaveLength(1);
  return (await api('GET', `/api/customers/${list.body.customers[0].id}`)).body;
}
const points = () => row('SELECT count(*) AS n, coalesce(sum(pending_delta + available_delta), 0) AS total FROM points_ledger');

beforeAll(async () => {
  server = await startTestServer(
    {
      SHOPIFY_APP_URL: 'https://rapport.example' /* the fallback when PUBLIC_URL is unset */,
      OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' /* the local fake */,
    },
    undefined,
    { wooAllowHttpLoopback: true, platformRetries: 0 },
  );
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Lahore Loom', 'PKR');
  await t.createAdminUser(accountId, 'owner@loom.example', 'correct horse battery');
  token = (await t.login('owner@loom.example', 'correct horse battery'))!.token;
  expect((await api('PUT', '/api/loyalty/program', { earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] } })).status).toBe(200);
  // Its clock starts after the program does: orders placed before a program started earn nothing.
  woo = await startWooFake({ start: new Date(Date.now() + 60_000).toISOString().slice(0, 19) });
  woo.addOrder({ billing: { first_name: 'Sana', email: 'sana@example.pk', phone: '03211234567', country: 'PK' }, customer_id: 0 });
  const r = await api('POST', '/api/connections/woocommerce', {
    url: woo.url,
    consumerKey: woo.consumerKey,
    consumerSecret: woo.consumerSecret,
  });
  expect(r.status).toBe(201);
  id = r.body.connection.id;
  await server.runtime.wooSync.idle(id);
});

it("stores the shop's time zone from WordPress's settings when the store connects", async () => {
  expect((await server.runtime.tenancy.connection(id))?.timezone).toBe('Asia/Karachi');
});
afterAll(async () => {
  await server.close();
  await woo.close();
});

describe('reconcile', () => {
  it('recovers an order missed by webhooks, exactly once, even when the webhook arrives late too', async () => {
    const before = await watermark();
    const base = await points();
    const missed = woo.addOrder(
      { customer_id: 0, billing: { first_name: 'Bilal', email: 'bilal@example.pk', phone: '03001234567', country: 'PK' } },
      'order-cod-completed.json',
    );
    const r = await reconcile();
    expect(r.orders).toBeGreaterThanOrEqual(1);
    expect((await watermark())! > before!).toBe(true);
    expect(await watermark()).toBe(missed.date_modified_gmt);
    let p = await profile('bilal@example.pk');
    expect(p.numberOfOrders).toBe(1);
    expect(p.amountSpent).toEqual({ amount: '3700.00', currencyCode: 'PKR' });
    expect(p.identities[0].externalId).toBe('guest:bilal@example.pk'); // guest keyed by billing email
    const awarded = await points();
    expect(awarded.total - base.total).toBe(35); // COD completed = delivered: 1 point per 100 PKR of 3,500 (shipping excluded)

    // The webhook for the same change arrives after all, and the next reconcile sees it again.
    const secret = (await server.runtime.tenancy.secrets((await server.runtime.tenancy.connection(id))!)).webhookSecret!;
    expect((await postWoo(server.url, { connectionId: id, topic: 'order.updated', body: stringify(missed)!, secret })).status).toBe(200);
    await server.drain();
    await reconcile();
    p = await profile('bilal@example.pk');
    expect(p.numberOfOrders).toBe(1);
    expect(p.amountSpent).toEqual({ amount: '3700.00', currencyCode: 'PKR' });
    expect(await points()).toEqual(awarded);
    expect((await row('SELECT count(*) AS n FROM orders WHERE external_id = ?', String(missed.id))).n).toBe(1);
  });

  it('advances the watermark only past applied changes and picks up later updates', async () => {
    const order = [...woo.orders.values()].find((o) => (o.billing as { email: string }).email === 'sana@example.pk')!;
    const mark = await watermark();
    expect((await reconcile()).ordersWatermark).toBe(mark); // nothing new: unchanged
    woo.updateOrder(order.id as number, { status: 'on-hold' });
    await reconcile();
    expect(await watermark()).toBe(order.date_modified_gmt);
    expect((await profile('sana@example.pk')).orders[0].platformStatus).toBe('on-hold');
    // The next walk starts a little before the watermark (same-second writes), with dates_are_gmt.
    const last = woo.requests.filter((q) => q.path.endsWith('/orders') && q.query.modified_after && !q.query.status).at(-1)!;
    expect(last.query).toMatchObject({ dates_are_gmt: 'true', per_page: '100' });
    expect(Date.parse(`${last.query.modified_after}Z`)).toBeLessThan(Date.parse(`${mark}Z`));
  });

  it('trash is a soft delete and untrashing brings the order back; checkout drafts are ignored; custom statuses kept', async () => {
    const order = [...woo.orders.values()].find((o) => (o.billing as { email: string }).email === 'bilal@example.pk')!;
    woo.updateOrder(order.id as number, { status: 'trash' });
    expect((await reconcile()).trashed).toBe(1);
    expect((await profile('bilal@example.pk')).numberOfOrders).toBe(0);
    woo.updateOrder(order.id as number, { status: 'completed' });
    await reconcile();
    expect((await profile('bilal@example.pk')).numberOfOrders).toBe(1);

    const draft = woo.addOrder({ status: 'checkout-draft' });
    const custom = woo.addOrder({ status: 'out-for-delivery', customer_id: 0, billing: { email: 'zara@example.pk', country: 'PK' } });
    woo.updateOrder(draft.id as number, { status: 'checkout-draft' });
    await reconcile();
    expect((await row('SELECT count(*) AS n FROM orders WHERE external_id = ?', String(draft.id))).n).toBe(0);
    expect((await profile('zara@example.pk')).orders[0]).toMatchObject({
      platformStatus: 'out-for-delivery',
      fulfilmentStatus: 'fulfilled',
    });
    expect(String(custom.id)).toMatch(/\d+/);
  });

  it('picks up new customers by id without re-reading the old ones', async () => {
    const c = woo.addCustomer({
      email: 'new.customer@example.pk',
      billing: { first_name: 'Noor', email: 'new.customer@example.pk', phone: '03331112223', country: 'PK' },
    });
    const r = await reconcile();
    expect(r.customers).toBe(1);
    expect((await profile('new.customer@example.pk')).identities[0].externalId).toBe(String(c.id));
    expect((await reconcile()).customers).toBe(0);
    const last = woo.requests.filter((q) => q.path.endsWith('/customers')).at(-1)!;
    expect(last.query).toMatchObject({ orderby: 'id', order: 'desc', page: '1' });
  });

  it('re-activates a disabled webhook and re-creates a deleted one, without duplicates', async () => {
    const hooks = [...woo.webhooks.values()];
    woo.disableWebhook(hooks.find((w) => w.topic === 'order.updated')!.id as number);
    woo.webhooks.delete(String(hooks.find((w) => w.topic === 'customer.deleted')!.id));
    const health = (await api('GET', `/api/connections/woocommerce/${id}/sync`)).body.webhooks as { topic: string; status: string }[];
    expect(health.find((h) => h.topic === 'order.updated')!.status).toBe('disabled');
    expect(health.find((h) => h.topic === 'customer.deleted')!.status).toBe('missing');

    const r = await reconcile();
    expect(
      r.webhooks
        .filter((w: { action: string }) => w.action !== 'ok')
        .map((w: { topic: string; action: string }) => `${w.topic}:${w.action}`)
        .sort(),
    ).toEqual(['customer.deleted:created', 'order.updated:reactivated']);
    expect([...woo.webhooks.values()]).toHaveLength(11);
    expect([...woo.webhooks.values()].every((w) => w.status === 'active')).toBe(true);
    const sync = await api('GET', `/api/connections/woocommerce/${id}/sync`);
    expect(sync.body.state.webhooksCheckedAt).toBeTruthy();
    expect(sync.body.runs.some((x: { kind: string; resource: string }) => x.kind === 'reconcile' && x.resource === 'orders')).toBe(true);
  });

  it("answers 404 for another account's or an unknown connection", async () => {
    expect((await api('GET', '/api/connections/woocommerce/con_nope/sync')).status).toBe(404);
    expect((await api('POST', '/api/connections/woocommerce/con_nope/reconcile', {})).status).toBe(404);
  });

  it('an erased shopper stays erased when the reconcile pulls their order again', async () => {
    const order = woo.addOrder({
      customer_id: 0,
      billing: { first_name: 'Erasmina', email: 'erasmina@example.pk', phone: '03451234567', country: 'PK' },
    });
    await reconcile();
    const p = await profile('erasmina@example.pk');
    expect((await api('POST', `/api/customers/${p.id}/erase`, { confirm: p.id })).status).toBe(200);
    woo.updateOrder(order.id as number, { status: 'completed' });
    await reconcile();
    const left = await row(`SELECT (SELECT count(*) FROM orders WHERE email = 'erasmina@example.pk' OR phone LIKE '%3451234567%')
      + (SELECT count(*) FROM customer_identities WHERE email = 'erasmina@example.pk' OR first_name = 'Erasmina')
      + (SELECT count(*) FROM customers WHERE search_text LIKE '%erasmina%') AS n`);
    expect(left.n).toBe(0);
    const after = (await api('GET', `/api/customers/${p.id}`)).body;
    expect(after).toMatchObject({ redacted: true, email: null, numberOfOrders: 1 });
  });
});

describe('products', () => {
  const gmt = (d: Date) => d.toISOString().slice(0, 19);
  it('reads the catalogue by REST: a simple product, a variable one with its variations; later only what changed', async () => {
    const now = new Date();
    woo.products.set('501', {
      id: 501,
      name: 'Multani kashi mug',
      type: 'simple',
      status: 'publish',
      sku: 'MUG-1',
      price: '1450',
      regular_price: '1450',
      sale_price: '',
      manage_stock: true,
      stock_quantity: 30,
      images: [],
      variations: [],
      date_created_gmt: gmt(now),
      date_modified_gmt: gmt(now),
    });
    woo.products.set('502', {
      id: 502,
      name: 'Sindhi topi',
      type: 'variable',
      status: 'publish',
      sku: 'TOPI',
      price: '900',
      images: [],
      variations: [503, 504],
      date_created_gmt: gmt(now),
      date_modified_gmt: gmt(now),
    });
    // As REST returns variations: no type or parent named.
    woo.variations.set('502', [
      {
        id: 503,
        sku: 'TOPI-S',
        price: '900',
        regular_price: '900',
        sale_price: '',
        attributes: [{ name: 'Size', option: 'S' }],
        menu_order: 1,
        date_modified_gmt: gmt(now),
      },
      {
        id: 504,
        sku: 'TOPI-L',
        price: '1100',
        regular_price: '1100',
        sale_price: '',
        attributes: [{ name: 'Size', option: 'L' }],
        menu_order: 2,
        date_modified_gmt: gmt(now),
      },
    ]);
    const first = await reconcile();
    expect(first.products).toBeGreaterThanOrEqual(2);
    const list = (await api('GET', '/api/products?search=topi')).body.products;
    expect(list).toMatchObject([{ title: 'Sindhi topi', variantCount: 2, minPriceMinor: 90_000, maxPriceMinor: 110_000 }]);
    const topi = (await api('GET', `/api/products/${list[0].id}`)).body;
    expect(topi.variants.map((v: Record<string, unknown>) => [v.title, v.sku, v.priceMinor])).toEqual([
      ['S', 'TOPI-S', 90_000],
      ['L', 'TOPI-L', 110_000],
    ]);
    expect((await api('GET', '/api/products?search=mug-1')).body.products).toMatchObject([
      { inventoryQuantity: 30, minPriceMinor: 145_000 },
    ]);

    // A price changed at the store (a webhook missed): the next reconcile asks only for what changed
    // since the previous one began, and brings the new price.
    Object.assign(woo.products.get('501')!, { price: '1300', sale_price: '1300', date_modified_gmt: gmt(new Date(Date.now() + 1000)) });
    await reconcile();
    const asked = woo.requests.filter((r) => r.method === 'GET' && /\/products$/.test(r.path)).at(-1)!;
    expect(asked.query.modified_after).toBeDefined();
    expect((await api('GET', '/api/products?search=mug-1')).body.products).toMatchObject([{ minPriceMinor: 130_000 }]);
  });
});
