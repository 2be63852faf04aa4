import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, sessionToken } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// Before launching (or changing) the program, the merchant sees what it would have earned on the
// last 30 days of real orders: counted orders only, COD still waiting for delivery apart, nothing
// written to the ledger, and only the caller's own orders.

const SHOP = 'multan-launch.myshopify.com';
const OTHER_SHOP = 'quetta-other.myshopify.com';
let server: TestServer;
let token: string;
let otherToken: string;

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function call(method: string, path: string, body?: unknown, auth = token) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** The documented COD order (PKR 5,000 subtotal), placed `age` days ago by `email`. */
function codOrder(id: number, age: number, email: string, change: Record<string, unknown> = {}) {
  return fixture('shopify/order-cod-pending.json', (o) => {
    Object.assign(o, { id, name: `#${id}`, email, created_at: daysAgo(age), processed_at: daysAgo(age), updated_at: daysAgo(age) });
    o.customer = { ...(o.customer as object), id: id * 10, email, updated_at: daysAgo(age) };
    for (const k of Object.keys(o)) if (k.endsWith('_set')) delete o[k];
    Object.assign(o, change);
  });
}

async function deliver(shop: string, body: string) {
  expect((await postShopify(server.url, { topic: 'orders/create', shop, body })).status).toBe(200);
}

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  await t.upsertConnection({
    accountId: await t.createAccount('Multan Launch', 'PKR'),
    platform: 'shopify',
    domain: SHOP,
    currency: 'PKR',
    country: 'PK',
  });
  await t.upsertConnection({
    accountId: await t.createAccount('Quetta Other', 'PKR'),
    platform: 'shopify',
    domain: OTHER_SHOP,
    currency: 'PKR',
    country: 'PK',
  });
  token = await sessionToken(SHOP);
  otherToken = await sessionToken(OTHER_SHOP);
  await deliver(SHOP, codOrder(1001, 3, 'amna@example.pk')); // pending: cash not collected
  await deliver(
    SHOP,
    codOrder(1002, 10, 'amna@example.pk', {
      financial_status: 'paid',
      gateway: 'shopify_payments',
      payment_gateway_names: ['shopify_payments'],
    }),
  ); // card, paid
  await deliver(SHOP, codOrder(1003, 12, 'zain@example.pk', { cancelled_at: daysAgo(11), cancel_reason: 'customer' })); // cancelled: never counts
  await deliver(SHOP, codOrder(1004, 45, 'zain@example.pk')); // outside the window
  await deliver(OTHER_SHOP, codOrder(2001, 2, 'other@example.pk')); // another account's
  await server.drain();
});
afterAll(() => server.close());

describe('program backtest', () => {
  it('says what the proposed settings would have earned in the last 30 days, before any program exists', async () => {
    expect((await call('GET', '/api/loyalty/program')).body.program).toBeNull();
    const r = await call('POST', '/api/loyalty/backtest', {});
    expect(r.status).toBe(200);
    // 1 point per PKR 100 of the 5,000 subtotal: 50 pending (COD), 50 available (paid by card).
    expect(r.body).toMatchObject({ days: 30, orders: 2, customers: 1, pendingPoints: 50, availablePoints: 50, truncated: false });
  });

  it('follows the settings it is given', async () => {
    const r = await call('POST', '/api/loyalty/backtest', {
      settings: { earning: { rates: [{ currency: 'PKR', points: 3, per: '100' }] } },
    });
    expect(r.body).toMatchObject({ pendingPoints: 150, availablePoints: 150 });
  });

  it('writes nothing to the ledger', async () => {
    expect(await sql(server).count('SELECT count(*) FROM points_ledger')).toBe(0);
  });

  it('refuses bad settings with the field named', async () => {
    const r = await call('POST', '/api/loyalty/backtest', { settings: { earning: { rates: [{ currency: 'PKR', points: 1, per: '0' }] } } });
    expect(r.status).toBe(400);
  });

  it("counts only the caller's own orders", async () => {
    const r = await call('POST', '/api/loyalty/backtest', {}, otherToken);
    expect(r.body).toMatchObject({ orders: 1, customers: 1, pendingPoints: 50, availablePoints: 0 });
  });
});
