import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, fixtureObject } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postWoo, shopifyHmac } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

const SECRET = 'woo-webhook-secret-123';
let server: TestServer;
let connectionId: string;
let token: string;

async function api(path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

function count(text: string): Promise<number> {
  return sql(server).count(text);
}

async function deliver(topic: string, body: string) {
  const res = await postWoo(server.url, { connectionId, topic, body, secret: SECRET });
  expect(res.status).toBe(200);
  return (await res.json()) as { duplicate: boolean };
}

async function profileByEmail(email: string) {
  const list = await api(`/api/customers?query=${encodeURIComponent(email)}`);
  expect(list.body.customers).toHaveLength(1);
  return (await api(`/api/customers/${list.body.customers[0].id}`)).body;
}

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Karachi Kitchen', 'PKR');
  connectionId = (
    await t.upsertConnection({
      accountId,
      platform: 'woocommerce',
      domain: 'https://shop.example.pk/',
      currency: 'PKR',
      country: 'PK',
      webhookSecret: SECRET,
    })
  ).id;
  await t.createAdminUser(accountId, 'owner@kitchen.example', 'correct horse battery');
  token = (await t.login('owner@kitchen.example', 'correct horse battery'))!.token;
});
afterAll(() => server.close());

describe('WooCommerce webhook intake', () => {
  it('answers the unsigned creation ping with exactly 200 and stores nothing', async () => {
    const before = await count('SELECT count(*) AS n FROM webhook_inbox');
    const res = await fetch(`${server.url}/webhooks/woocommerce/${connectionId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'webhook_id=17',
    });
    expect(res.status).toBe(200);
    expect(await count('SELECT count(*) AS n FROM webhook_inbox')).toBe(before);
  });

  it.each([
    ['missing signature', { signature: null }, 401],
    ['wrong signature', { signature: shopifyHmac('{}', 'other') }, 401],
    ['missing topic', { headers: { 'x-wc-webhook-topic': null } }, 400],
  ] as const)('%s -> %i and nothing written', async (_t, change, status) => {
    const before = await count('SELECT count(*) AS n FROM webhook_inbox');
    const res = await postWoo(server.url, { connectionId, topic: 'order.updated', body: '{"id": 1}', secret: SECRET, ...change });
    expect(res.status).toBe(status);
    expect(await count('SELECT count(*) AS n FROM webhook_inbox')).toBe(before);
  });

  it('unknown connection -> 404; malformed JSON -> 400', async () => {
    expect((await postWoo(server.url, { connectionId: 'con_nope', topic: 'order.updated', body: '{"id":1}', secret: SECRET })).status).toBe(
      404,
    );
    expect((await postWoo(server.url, { connectionId, topic: 'order.updated', body: '{"id":', secret: SECRET })).status).toBe(400);
  });
});

describe('WooCommerce orders into the CRM', () => {
  it('keeps a COD order unpaid at processing (date_paid notwithstanding) and paid once completed', async () => {
    await deliver('order.created', fixture('woocommerce/order-cod-processing.json'));
    await server.drain();
    let p = await profileByEmail('bilal.ahmed@example.pk');
    expect(p.orders[0]).toMatchObject({
      paymentMethod: 'cod',
      paymentStatus: 'pending',
      fulfilmentStatus: 'unfulfilled',
      platformStatus: 'processing',
    });
    expect(p.phone).toBe('+923001234567');
    expect(p.firstName).toBe('بلال');
    await deliver('order.updated', fixture('woocommerce/order-cod-completed.json'));
    await server.drain();
    p = await profileByEmail('bilal.ahmed@example.pk');
    expect(p.orders[0]).toMatchObject({ paymentStatus: 'paid', fulfilmentStatus: 'delivered' });
    expect(p.numberOfOrders).toBe(1);
    expect(p.amountSpent).toEqual({ amount: '3700.00', currencyCode: 'PKR' });
    expect(p.timeline.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['order_placed', 'order_paid', 'order_delivered']),
    );
  });

  it('ignores a late, older update and a duplicate delivery', async () => {
    const older = await deliver('order.updated', fixture('woocommerce/order-cod-processing.json'));
    expect(older.duplicate).toBe(false); // other topic than the first delivery, same version
    expect((await deliver('order.updated', fixture('woocommerce/order-cod-completed.json'))).duplicate).toBe(true);
    await server.drain();
    expect((await profileByEmail('bilal.ahmed@example.pk')).orders[0].paymentStatus).toBe('paid');
  });

  it('nets a partial refund delivered inside order.updated (other currency listed apart)', async () => {
    await deliver('order.updated', fixture('woocommerce/order-card-refunded-partial.json'));
    await server.drain();
    const p = await profileByEmail('emma.clarke@example.com');
    expect(p.orders[0].refunded).toEqual({ amount: '15.00', currencyCode: 'USD' });
    expect(p.amountSpentByCurrency).toEqual([{ amount: '45.00', currencyCode: 'USD', numberOfOrders: 1 }]);
    expect(p.amountSpent).toEqual({ amount: '0.00', currencyCode: 'PKR' }); // the account reports in PKR
  });

  it('keys a guest by billing email and keeps the Gurmukhi name', async () => {
    await deliver('order.created', fixture('woocommerce/order-guest.json'));
    await server.drain();
    const p = await profileByEmail('gurpreet.kaur@example.in');
    expect([p.firstName, p.lastName]).toEqual(['ਗੁਰਪ੍ਰੀਤ', 'ਕੌਰ']);
    expect(p.identities[0].externalId).toBe('guest:gurpreet.kaur@example.in');
  });

  it('ignores checkout drafts', async () => {
    await deliver('order.updated', fixture('woocommerce/order-checkout-draft.json'));
    await server.drain();
    expect(await count(`SELECT count(*) AS n FROM orders WHERE external_id = '750'`)).toBe(0);
  });

  it('treats trash as a soft delete and restored as its undo', async () => {
    await deliver('order.updated', fixture('woocommerce/order-trash.json'));
    await server.drain();
    expect((await profileByEmail('bilal.ahmed@example.pk')).numberOfOrders).toBe(0);
    await deliver('order.restored', fixture('woocommerce/order-cod-completed.json', { date_modified_gmt: '2026-11-17T08:00:00' }));
    await server.drain();
    expect((await profileByEmail('bilal.ahmed@example.pk')).numberOfOrders).toBe(1);
    await deliver('order.deleted', '{"id": 727}');
    await server.drain();
    expect((await profileByEmail('bilal.ahmed@example.pk')).numberOfOrders).toBe(0);
  });

  it('upserts customers and links them to their orders', async () => {
    const body = fixtureObject('woocommerce/customer-created.json');
    expect(body.id).toBeDefined();
    await deliver('customer.created', fixture('woocommerce/customer-created.json'));
    await server.drain();
    const p = await profileByEmail('bilal.ahmed@example.pk');
    expect(p.identities).toHaveLength(1); // same Woo customer id as on the orders
    expect(p.addresses[0].city).toBe('Lahore');
  });
});
