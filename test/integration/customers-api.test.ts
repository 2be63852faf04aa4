import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { customer, order } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';

// The admin customers API over a store built from canonical events: search, sort, cursor
// pages, the profile with merged identities, and the paged timeline.

const SHOP = 'api-test.myshopify.com';
let server: TestServer;
let token: string;
let shopify: string;
let woo: string;

async function get(path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Lahore Crafts', 'PKR');
  shopify = (await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' })).id;
  woo = (
    await t.upsertConnection({ accountId, platform: 'woocommerce', domain: 'https://crafts.example.pk/', currency: 'PKR', country: 'PK' })
  ).id;
  token = await sessionToken(SHOP);
  const store = server.runtime.store;
  for (let i = 1; i <= 30; i++) {
    const c = customer(String(i), { email: `shopper${i}@example.com`, firstName: i % 2 ? 'Ayesha' : 'عائشہ', lastName: `Khan${i}` });
    await applyEvent(store, shopify, { type: 'customer.upserted', customer: c });
    for (let k = 0; k < i % 4; k++) {
      await applyEvent(store, shopify, {
        type: 'order.upserted',
        order: order(`${i}-${k}`, {
          customer: c,
          currency: 'PKR',
          totalMinor: 100_000 * (k + 1),
          placedAt: `2026-03-${String(k + 1).padStart(2, '0')}T00:00:00.000Z`,
        }),
      });
    }
  }
});
afterAll(() => server.close());

describe('customer list', () => {
  it('pages through everyone exactly once with a stable cursor', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await get(`/api/customers?first=7&sort=-amountSpent${after ? `&after=${after}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.customers.map((c: { id: string }) => c.id));
      after = page.body.pageInfo.hasNextPage ? page.body.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('sorts by amount spent, descending', async () => {
    const page = await get('/api/customers?first=30&sort=-amountSpent');
    const amounts = page.body.customers.map((c: { amountSpent: { amount: string } }) => Number(c.amountSpent.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(page.body.customers[0].amountSpent).toEqual({ amount: '6000.00', currencyCode: 'PKR' });
  });

  it('searches by name in Urdu script, email and phone', async () => {
    expect((await get(`/api/customers?query=${encodeURIComponent('عائشہ')}&first=50`)).body.customers).toHaveLength(15);
    const byEmail = await get('/api/customers?query=shopper17@');
    expect(byEmail.body.customers).toHaveLength(1);
    expect(byEmail.body.customers[0].lastName).toBe('Khan17');
  });

  it.each([
    ['first too large', 'first=1000'],
    ['unknown sort', 'sort=bogus'],
    ['forged cursor', 'after=not-a-cursor'],
    // A cursor of the spend sort (a number) on the date sort, and a date one on the spend sort.
    ['cursor of another sort', `sort=-lastOrderAt&after=${Buffer.from(JSON.stringify([5000, 'cus_x'])).toString('base64url')}`],
    [
      'cursor of another sort',
      `sort=amountSpent&after=${Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'cus_x'])).toString('base64url')}`,
    ],
    ['cursor with no instant', `sort=createdAt&after=${Buffer.from(JSON.stringify(['', 'cus_x'])).toString('base64url')}`],
    ['unknown parameter', 'limit=5'],
  ])('%s -> 400 with a reason', async (_t, qs) => {
    const res = await get(`/api/customers?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/\w/);
  });
});

describe('profile', () => {
  it('merges a WooCommerce identity with the same phone and explains it', async () => {
    const store = server.runtime.store;
    const shop = customer('501', { phone: '0300 1112223', firstName: 'بلال', lastName: 'احمد' });
    await applyEvent(store, shopify, {
      type: 'order.upserted',
      order: order('501-1', { customer: shop, currency: 'PKR', totalMinor: 250_000, paymentMethod: 'cod' }),
    });
    const wooShopper = customer('77', { phone: '+92 300 1112223', email: 'bilal@example.pk', updatedAt: '2026-02-02T00:00:00.000Z' });
    await applyEvent(store, woo, {
      type: 'order.upserted',
      order: order('9001', { customer: wooShopper, currency: 'PKR', totalMinor: 50_000 }),
    });
    const list = await get('/api/customers?query=%2B923001112223');
    expect(list.body.customers).toHaveLength(1);
    const p = (await get(`/api/customers/${list.body.customers[0].id}`)).body;
    expect(p.numberOfOrders).toBe(2);
    expect(p.amountSpent).toEqual({ amount: '3000.00', currencyCode: 'PKR' });
    expect(p.averageOrderValue).toEqual({ amount: '1500.00', currencyCode: 'PKR' });
    expect(p.identities.map((i: { platform: string; linkedBy: string }) => [i.platform, i.linkedBy])).toEqual([
      ['shopify', 'new'],
      ['woocommerce', 'phone'],
    ]);
    expect(p.firstName).toBe('بلال');
    expect(p.email).toBe('bilal@example.pk');
    expect(p.timeline.events.map((e: { kind: string }) => e.kind)).toContain('identity_linked');
  });

  it("shows each order's products in the store's order (line ids numbered upwards), and only that order's", async () => {
    const store = server.runtime.store;
    const buyer = customer('lines-1', { email: 'lines@example.pk' });
    const line = (externalId: string, title: string, quantity: number, priceMinor: number) => ({
      externalId,
      productId: `p${externalId}`,
      variantId: null,
      sku: null,
      title,
      quantity,
      priceMinor,
      totalMinor: priceMinor * quantity,
      giftCard: false,
    });
    await applyEvent(store, shopify, {
      type: 'order.upserted',
      order: order('lines-1-1', {
        customer: buyer,
        currency: 'PKR',
        totalMinor: 900_000,
        placedAt: '2026-03-01T00:00:00.000Z',
        // Sent out of order; 1000 < 998 as text, not as a number.
        lineItems: [line('1001', 'Dupatta', 1, 150_000), line('998', 'لان کا سوٹ', 2, 300_000), line('1000', 'Khussa', 1, 150_000)],
      }),
    });
    await applyEvent(store, shopify, {
      type: 'order.upserted',
      order: order('lines-1-2', { customer: buyer, currency: 'PKR', totalMinor: 50_000, placedAt: '2026-03-02T00:00:00.000Z' }),
    });
    const list = await get('/api/customers?query=lines%40example.pk');
    const p = (await get(`/api/customers/${list.body.customers[0].id}`)).body;
    const [newest, first] = p.orders;
    expect(newest.lines).toEqual([]);
    expect(first.lines.map((l: { title: string; quantity: number }) => [l.title, l.quantity])).toEqual([
      ['لان کا سوٹ', 2],
      ['Khussa', 1],
      ['Dupatta', 1],
    ]);
    expect(first.lines[0]).toMatchObject({
      productId: 'p998',
      price: { amount: '3000.00', currencyCode: 'PKR' },
      total: { amount: '6000.00', currencyCode: 'PKR' },
    });
  });

  it("lists what a customer spent in other currencies beside the account's, never added to it", async () => {
    const store = server.runtime.store;
    const abroad = customer('usd-1', { email: 'diaspora@example.com' });
    await applyEvent(store, woo, {
      type: 'order.upserted',
      order: order('usd-1-1', { customer: abroad, currency: 'USD', totalMinor: 4_500 }),
    });
    await applyEvent(store, woo, {
      type: 'order.upserted',
      order: order('usd-1-2', { customer: abroad, currency: 'USD', totalMinor: 1_000 }),
    });
    await applyEvent(store, shopify, {
      type: 'order.upserted',
      order: order('usd-1-3', { customer: customer('pkr-9', { email: 'diaspora@example.com' }), currency: 'PKR', totalMinor: 20_000 }),
    });
    const [row] = (await get('/api/customers?query=diaspora@')).body.customers;
    expect(row).toMatchObject({
      numberOfOrders: 3,
      amountSpent: { amount: '200.00', currencyCode: 'PKR' },
      amountSpentElsewhere: [{ amount: '55.00', currencyCode: 'USD' }],
    });
    // Customers with only the account's currency list nothing elsewhere.
    expect((await get('/api/customers?query=shopper3@')).body.customers[0].amountSpentElsewhere).toEqual([]);
    // The CSV export says the same, in a column of its own.
    const csv = await (
      await fetch(`${server.url}/api/customers/export.csv?query=diaspora@`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    const [header, line] = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(header!.split(',').at(-1)).toBe('amount_spent_other');
    expect(line!.split(',').slice(5, 8)).toEqual(['3', '200.00', 'PKR']);
    expect(line!.split(',').at(-1)).toBe('USD 55.00');
  });

  it('merges two existing profiles when a later update reveals they are one person', async () => {
    const store = server.runtime.store;
    await applyEvent(store, shopify, {
      type: 'order.upserted',
      order: order('601-1', { customer: customer('601', { email: 'zara@example.com' }), totalMinor: 10_000, currency: 'PKR' }),
    });
    await applyEvent(store, woo, {
      type: 'order.upserted',
      order: order('602-1', { customer: customer('602', { phone: '03214445556' }), totalMinor: 20_000, currency: 'PKR' }),
    });
    // The Shopify customer adds the phone number the Woo profile is keyed by.
    await applyEvent(store, shopify, {
      type: 'customer.upserted',
      customer: customer('601', { email: 'zara@example.com', phone: '+923214445556', updatedAt: '2026-05-01T00:00:00.000Z' }),
    });
    const list = await get('/api/customers?query=zara@');
    expect(list.body.customers).toHaveLength(1);
    const p = (await get(`/api/customers/${list.body.customers[0].id}`)).body;
    expect(p.numberOfOrders).toBe(2);
    expect(p.amountSpent.amount).toBe('300.00');
    expect(p.mergedFrom).toHaveLength(1);
    expect(p.mergedFrom[0].reason).toBe('same phone');
    // The old id still resolves to the surviving profile.
    expect((await get(`/api/customers/${p.mergedFrom[0].customerId}`)).body.id).toBe(p.id);
  });

  it('pages the timeline and filters by kind', async () => {
    const list = await get('/api/customers?query=shopper3@');
    const id = list.body.customers[0].id;
    const first = await get(`/api/customers/${id}/timeline?first=2`);
    expect(first.body.events).toHaveLength(2);
    expect(first.body.pageInfo.hasNextPage).toBe(true);
    const rest = await get(`/api/customers/${id}/timeline?first=50&after=${first.body.pageInfo.endCursor}`);
    const all = [...first.body.events, ...rest.body.events];
    expect(new Set(all.map((e: { id: string }) => e.id)).size).toBe(all.length);
    const placed = await get(`/api/customers/${id}/timeline?kind=order_placed`);
    expect(placed.body.events.map((e: { kind: string }) => e.kind)).toEqual(['order_placed', 'order_placed', 'order_placed']);
  });

  it('unknown customer -> 404', async () => {
    expect((await get('/api/customers/cus_nope')).status).toBe(404);
  });
});
