import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifyAdminFake, type ShopifyAdminFake } from '../fakes/shopify-admin.fake.ts';
import { fixture, fixtureObject } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { appProxyQuery, postShopify, sessionToken } from '../helpers/signed.ts';

// The shopper's side of rewards, through the Shopify app proxy exactly as Shopify signs it:
// what they can redeem and why not, redeeming into a real code at the store (the Admin API
// fake), the same click retried, and another shopper's codes never visible.

const SHOP = 'lahore-widget.myshopify.com';
const SHOPPER = String(fixtureObject('shopify/customer-create.json').id);
let server: TestServer;
let shopify: ShopifyAdminFake;
let adminToken: string;
let customerId: string;

async function shopper(method: 'GET' | 'POST', path: string, body?: unknown, customer: string | null = SHOPPER) {
  const res = await fetch(`${server.url}/storefront/shopify${path}?${appProxyQuery({ shop: SHOP, customerId: customer })}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const rewardIds: Record<string, string> = {};

beforeAll(async () => {
  shopify = await startShopifyAdminFake({ accessToken: 'shpat_widget' });
  server = await startTestServer({}, undefined, { shopifyAdminOrigin: () => shopify.origin, platformRetries: 0 });
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Lahore Widget', 'PKR');
  await t.upsertConnection({
    accountId,
    platform: 'shopify',
    domain: SHOP,
    currency: 'PKR',
    country: 'PK',
    accessToken: shopify.accessToken,
  });
  adminToken = await sessionToken(SHOP);
  await admin('PUT', '/api/loyalty/program', {
    earnOrdersPlacedFrom: '2026-01-01T00:00:00Z',
    earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
  });
  expect(
    (await postShopify(server.url, { topic: 'customers/create', shop: SHOP, body: fixture('shopify/customer-create.json') })).status,
  ).toBe(200);
  await server.drain();
  customerId = (await admin('GET', '/api/customers?query=bilal')).body.customers[0].id;
  await admin('POST', `/api/customers/${customerId}/points`, { points: 300, note: 'Welcome gift' });
  const gold = await admin('POST', '/api/loyalty/tiers', { name: 'Gold', threshold: 100_000, multiplier: 1.5 });
  for (const [name, body] of Object.entries({
    small: { name: 'PKR 200 off', kind: 'fixed_amount', amountMinor: 20_000, currency: 'PKR', pointsCost: 200 },
    big: { name: 'PKR 1,000 off', kind: 'fixed_amount', amountMinor: 100_000, currency: 'PKR', pointsCost: 1000 },
    gold: { name: 'Free shipping for Gold', kind: 'free_shipping', pointsCost: 50, tierIds: [gold.body.id] },
  })) {
    const r = await admin('POST', '/api/loyalty/rewards', body);
    expect(r.status).toBe(201);
    rewardIds[name] = r.body.id;
  }
});
afterAll(async () => {
  await server?.close();
  await shopify?.close();
});

describe('shopper rewards', () => {
  it('lists rewards with what stands between the shopper and each', async () => {
    const r = await shopper('GET', '/rewards');
    expect(r.status).toBe(200);
    expect(r.body.rewards.map((x: any) => [x.name, x.available, x.reason])).toEqual([
      ['Free shipping for Gold', false, 'For Gold members.'],
      ['PKR 200 off', true, null],
      ['PKR 1,000 off', false, '700 more points needed.'],
    ]);
    expect(r.body.codes).toEqual([]);
  });

  it('tells guests to log in, and refuses their redemption', async () => {
    const r = await shopper('GET', '/rewards', undefined, null);
    expect(r.body.rewards.every((x: any) => !x.available && x.reason === 'Log in to redeem.')).toBe(true);
    expect((await shopper('POST', '/redemptions', { rewardId: rewardIds.small, idempotencyKey: 'guest-click-1' }, null)).status).toBe(401);
  });

  it('redeems into one real code at the store, even when the click is retried', async () => {
    const click = { rewardId: rewardIds.small, idempotencyKey: 'widget-click-0001' };
    const first = await shopper('POST', '/redemptions', click);
    const again = await shopper('POST', '/redemptions', click);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(first.body.redemption.code).toMatch(/^RP-/);
    expect(again.body.redemption.code).toBe(first.body.redemption.code);
    expect(first.body.balance).toBe(100);
    expect(shopify.discounts).toHaveLength(1);
    const codes = (await shopper('GET', '/rewards')).body.codes;
    expect(codes.map((c: any) => [c.code, c.rewardName])).toEqual([[first.body.redemption.code, 'PKR 200 off']]);
  });

  it.each([
    ['not enough points', 'big', 'insufficient_points'],
    ['a tier-only reward', 'gold', 'tier'],
  ])('refuses %s with a reason and takes nothing', async (_t, which, reason) => {
    const r = await shopper('POST', '/redemptions', { rewardId: rewardIds[which], idempotencyKey: `refused-${which}-1` });
    expect(r.status).toBe(409);
    expect(r.body.error.details.reason).toBe(reason);
    expect((await admin('GET', `/api/customers/${customerId}/loyalty`)).body.balance).toBe(100);
  });

  it('gives the points back when the store fails, and says so', async () => {
    await admin('POST', `/api/customers/${customerId}/points`, { points: 200, note: 'Top-up' });
    shopify.failNext(1, { type: 'status', status: 503 });
    const r = await shopper('POST', '/redemptions', { rewardId: rewardIds.small, idempotencyKey: 'widget-click-0002' });
    expect(r.status).toBe(503);
    expect(r.body.error.message).toContain('your points are back');
    expect((await admin('GET', `/api/customers/${customerId}/loyalty`)).body.balance).toBe(300);
  });

  it('validates the body', async () => {
    expect((await shopper('POST', '/redemptions', { rewardId: rewardIds.small })).status).toBe(400);
    expect((await shopper('POST', '/redemptions', { rewardId: rewardIds.small, idempotencyKey: 'x' })).status).toBe(400);
  });

  it('never shows another shopper the codes', async () => {
    const other = await shopper('GET', '/rewards', undefined, '999999');
    expect(other.body.codes).toEqual([]);
    expect(other.body.rewards.every((x: any) => !x.available)).toBe(true);
  });
});
