import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireRedemptionCodes } from '../../src/crm/loyalty/redemption-codes.service.ts';
import { reserveRedemption, resumePendingRedemptions } from '../../src/crm/loyalty/redemption.service.ts';
import { startShopifyAdminFake, type ShopifyAdminFake } from '../fakes/shopify-admin.fake.ts';
import { startWooFake, type WooFake } from '../fakes/woocommerce.fake.ts';
import { fixture, fixtureObject } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, postWoo, sessionToken } from '../helpers/signed.ts';

// Rewards end to end: a merchant with a Shopify store (Admin API = the local fake, behind a proxy
// that can lose answers) and a WooCommerce store (the local fake) redeems rewards for a shopper.
// Codes must exist exactly once at the store, restricted to that shopper, and the points must
// always add up: refused, failed, expired, cancelled and used-then-cancelled redemptions included.

const SHOP = 'lahore-rewards.myshopify.com';
const LOCKED_SHOP = 'multan-locked.myshopify.com';
const OTHER_SHOP = 'karachi-other.myshopify.com';
const WOO_SECRET = 'woo-webhook-secret-rewards';
const SHOPIFY_CUSTOMER = fixtureObject('shopify/customer-create.json').id;
let server: TestServer;
let shopify: ShopifyAdminFake;
let proxy: Awaited<ReturnType<typeof startLosingProxy>>;
let woo: WooFake;
let token: string;
let otherToken: string;
const ids = { account: '', shopify: '', locked: '', woo: '', customer: '' };

/** Forwards to the Admin API fake; when armed, lets the fake act but drops its answer (a timeout). */
async function startLosingProxy(target: string) {
  let drop = 0;
  const s = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      body: Buffer.concat(chunks),
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': String(req.headers['x-shopify-access-token'] ?? '') },
    });
    const body = await upstream.text();
    if (drop > 0) {
      drop -= 1;
      return void req.socket.destroy();
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    loseNextAnswers: (n: number) => void (drop += n),
    close: () =>
      new Promise<void>((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  };
}

async function call(method: string, path: string, body?: unknown, auth = token) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function deliverShopify(topic: string, body: string, shop = SHOP) {
  expect((await postShopify(server.url, { topic, shop, body })).status).toBe(200);
  await server.drain();
}

const balance = async () => (await call('GET', `/api/customers/${ids.customer}/loyalty`)).body.balance as number;
const redemptions = async () =>
  (await call('GET', `/api/customers/${ids.customer}/redemptions`)).body.redemptions as Array<Record<string, any>>;
const deps = () => ({ store: server.runtime.store, issuerFor: server.runtime.discountIssuers.issuerFor });
let keyNo = 0;
const key = () => `test-key-${++keyNo}-${Date.now()}`;

async function reward(body: Record<string, unknown>): Promise<string> {
  const r = await call('POST', '/api/loyalty/rewards', {
    name: 'PKR 500 off',
    kind: 'fixed_amount',
    amountMinor: 50_000,
    currency: 'PKR',
    pointsCost: 100,
    ...body,
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

function redeem(rewardId: string, extra: Record<string, unknown> = {}) {
  return call('POST', `/api/customers/${ids.customer}/redemptions`, {
    rewardId,
    idempotencyKey: key(),
    connectionId: ids.shopify,
    ...extra,
  });
}

function shopifyOrder(id: number, change: Record<string, unknown>) {
  return fixture('shopify/order-cod-pending.json', (o) => {
    Object.assign(o, {
      id,
      name: `#${id}`,
      email: 'bilal.ahmed@example.pk',
      customer: { id: SHOPIFY_CUSTOMER, email: 'bilal.ahmed@example.pk', updated_at: '2026-11-01T12:00:00+05:00' },
    });
    for (const k of Object.keys(o)) if (k.endsWith('_set')) delete o[k];
    Object.assign(o, change);
  });
}

beforeAll(async () => {
  shopify = await startShopifyAdminFake({ accessToken: 'shpat_rewards_token' });
  proxy = await startLosingProxy(shopify.origin);
  woo = await startWooFake();
  // One attempt per call: outages surface at once instead of after the clients' backoff.
  server = await startTestServer({ OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' /* the local WooCommerce fake */ }, undefined, {
    shopifyAdminOrigin: () => proxy.origin,
    platformRetries: 0,
  });
  const t = server.runtime.tenancy;
  ids.account = await t.createAccount('Lahore Rewards', 'PKR');
  ids.shopify = (
    await t.upsertConnection({
      accountId: ids.account,
      platform: 'shopify',
      domain: SHOP,
      currency: 'PKR',
      country: 'PK',
      accessToken: shopify.accessToken,
    })
  ).id;
  ids.locked = (
    await t.upsertConnection({
      accountId: ids.account,
      platform: 'shopify',
      domain: LOCKED_SHOP,
      currency: 'PKR',
      country: 'PK',
      accessToken: 'shpat_revoked',
    })
  ).id;
  ids.woo = (
    await t.upsertConnection({
      accountId: ids.account,
      platform: 'woocommerce',
      domain: `${woo.url}/`,
      currency: 'PKR',
      country: 'PK',
      webhookSecret: WOO_SECRET,
      apiKey: woo.consumerKey,
      apiSecret: woo.consumerSecret,
    })
  ).id;
  const other = await t.createAccount('Karachi Other', 'PKR');
  await t.upsertConnection({ accountId: other, platform: 'shopify', domain: OTHER_SHOP, currency: 'PKR', country: 'PK' });
  token = await sessionToken(SHOP);
  otherToken = await sessionToken(OTHER_SHOP);

  await call('PUT', '/api/loyalty/program', {
    earnOrdersPlacedFrom: '2026-01-01T00:00:00Z',
    earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
  });
  // One shopper, known to every store by the same email: one profile; WooCommerce is their latest account.
  await deliverShopify('customers/create', fixture('shopify/customer-create.json'));
  await deliverShopify('customers/create', fixture('shopify/customer-create.json'), LOCKED_SHOP); // a store whose token was revoked
  expect(
    (
      await postWoo(server.url, {
        connectionId: ids.woo,
        topic: 'customer.created',
        body: fixture('woocommerce/customer-created.json'),
        secret: WOO_SECRET,
      })
    ).status,
  ).toBe(200);
  await server.drain();
  ids.customer = (await call('GET', '/api/customers?query=bilal')).body.customers[0].id;
  expect((await call('POST', `/api/customers/${ids.customer}/points`, { points: 5000, note: 'Opening balance for the test' })).status).toBe(
    201,
  );
});
afterAll(async () => {
  await server?.close();
  await Promise.all([shopify?.close(), proxy?.close(), woo?.close()]);
});

describe('rewards catalogue', () => {
  it.each([
    ['a fixed amount without an amount', { kind: 'fixed_amount', amountMinor: null }, 'amountMinor'],
    ['a fixed amount without a currency', { kind: 'fixed_amount', currency: null }, 'currency'],
    ['a percentage of 0', { kind: 'percentage', percentage: 0 }, 'percentage'],
    ['a percentage above 100', { kind: 'percentage', percentage: 101 }, 'percentage'],
    ['a percentage without one', { kind: 'percentage' }, 'percentage'],
    ['a free product without a product', { kind: 'free_product' }, 'productExternalId'],
    ['a cost of zero', { pointsCost: 0 }, 'pointsCost'],
    ['an unknown tier', { tierIds: ['tier_missing'] }, 'tierIds.0'],
  ])('refuses %s, naming the field', async (_t, change, path) => {
    const r = await call('POST', '/api/loyalty/rewards', {
      name: 'Bad',
      kind: 'fixed_amount',
      amountMinor: 50_000,
      currency: 'PKR',
      pointsCost: 100,
      ...change,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('creates, edits (clearing fields the new kind does not use) and soft-deletes', async () => {
    const id = await reward({ name: 'Free shipping', kind: 'free_shipping', amountMinor: null, currency: null, pointsCost: 50 });
    const edited = await call('PATCH', `/api/loyalty/rewards/${id}`, { kind: 'percentage', percentage: 10, name: '10% off' });
    expect(edited.body).toMatchObject({ kind: 'percentage', percentage: 10, amountMinor: null, name: '10% off', active: true });
    expect((await call('GET', '/api/loyalty/rewards')).body.rewards.map((r: { id: string }) => r.id)).toContain(id);
    expect((await call('DELETE', `/api/loyalty/rewards/${id}`)).status).toBe(200);
    expect((await call('GET', '/api/loyalty/rewards')).body.rewards.map((r: { id: string }) => r.id)).not.toContain(id);
    expect((await call('PATCH', `/api/loyalty/rewards/${id}`, { pointsCost: 5 })).status).toBe(404);
  });
});

describe('redeeming', () => {
  it('issues a single-use Shopify code restricted to the shopper and takes the points', async () => {
    const id = await reward({ name: 'PKR 500 off', pointsCost: 300, minimumOrderMinor: 200_000 });
    const before = await balance();
    const r = await redeem(id);
    expect(r.status).toBe(201);
    expect(r.body.redemption).toMatchObject({ status: 'issued', points: 300, connectionId: ids.shopify, attempts: 1 });
    expect(r.body.redemption.code).toMatch(/^RP-[2-9A-HJKMNP-Z]{8}$/);
    expect(r.body.loyalty.balance).toBe(before - 300);
    const at = shopify.discounts.find((d) => d.code === r.body.redemption.code)!;
    expect(at.id).toBe(r.body.redemption.externalId);
    expect(at.input).toMatchObject({
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: [`gid://shopify/Customer/${String(SHOPIFY_CUSTOMER)}`] } },
      customerGets: { value: { discountAmount: { amount: '500.00', appliesOnEachItem: false } } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '2000.00' } },
    });
    const timeline = await call('GET', `/api/customers/${ids.customer}/timeline?kind=reward_redeemed&first=50`);
    expect(timeline.body.events.map((e: { subjectId: string }) => e.subjectId)).toContain(r.body.redemption.id);
  });

  it("issues a WooCommerce coupon for the shopper's email in the store of their most recent account", async () => {
    const id = await reward({ name: '10% off', kind: 'percentage', percentage: 10, amountMinor: null, currency: null, pointsCost: 200 });
    const r = await call('POST', `/api/customers/${ids.customer}/redemptions`, { rewardId: id, idempotencyKey: key() });
    expect(r.status).toBe(201);
    expect(r.body.redemption).toMatchObject({ status: 'issued', connectionId: ids.woo });
    const coupon = [...woo.coupons.values()].find((c) => c.code === r.body.redemption.code.toLowerCase())!;
    expect(coupon).toMatchObject({
      discount_type: 'percent',
      amount: '10',
      usage_limit: 1,
      email_restrictions: ['bilal.ahmed@example.pk'],
      individual_use: true,
    });
    expect(String(coupon.id)).toBe(r.body.redemption.externalId);
  });

  it('answers the same idempotency key with the same redemption, and debits once', async () => {
    const id = await reward({ pointsCost: 100 });
    const body = { rewardId: id, idempotencyKey: key(), connectionId: ids.shopify };
    const first = await call('POST', `/api/customers/${ids.customer}/redemptions`, body);
    const again = await call('POST', `/api/customers/${ids.customer}/redemptions`, body);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ replayed: true, redemption: { id: first.body.redemption.id, code: first.body.redemption.code } });
    expect(again.body.loyalty.balance).toBe(first.body.loyalty.balance);
    expect(shopify.discounts.filter((d) => d.code === first.body.redemption.code)).toHaveLength(1);
  });

  it('refuses what the balance cannot cover, and changes nothing', async () => {
    const id = await reward({ pointsCost: 1_000_000 });
    const [before, count, atShopify] = [await balance(), (await redemptions()).length, shopify.discounts.length];
    const r = await redeem(id);
    expect(r.status).toBe(409);
    expect(r.body.error.details).toEqual({ reason: 'insufficient_points', available: before, cost: 1_000_000 });
    expect([await balance(), (await redemptions()).length, shopify.discounts.length]).toEqual([before, count, atShopify]);
  });

  it('keeps tier-only rewards for the tier', async () => {
    const tierId = 'tier_gold_test';
    await server.runtime.store.transaction((repos) =>
      repos.loyalty.tiers.insert({
        id: tierId,
        accountId: ids.account,
        name: 'Gold',
        threshold: 1_000_000,
        multiplier: 1,
        entryPoints: 0,
        perks: null,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        deletedAt: null,
      }),
    );
    const id = await reward({ name: 'Gold gift', tierIds: [tierId] });
    const refused = await redeem(id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ message: expect.stringContaining('Gold'), details: { reason: 'tier' } });
    await server.runtime.store.transaction((repos) =>
      repos.loyalty.members.update(ids.customer, { tierId, tierSince: new Date().toISOString() }),
    );
    expect((await redeem(id)).status).toBe(201);
    await server.runtime.store.transaction((repos) => repos.loyalty.members.update(ids.customer, { tierId: null, tierSince: null }));
  });

  it('enforces the per-customer limit, not counting failed attempts', async () => {
    const id = await reward({ name: 'Once only', limitPerCustomer: 1 });
    expect((await redeem(id, { connectionId: ids.locked })).status).toBe(502); // failed: does not count
    expect((await redeem(id)).status).toBe(201);
    const second = await redeem(id);
    expect(second.status).toBe(409);
    expect(second.body.error.details).toEqual({ reason: 'limit' });
  });

  it.each([
    ['an inactive reward', { active: false }, {}, 'inactive'],
    ['a store the shopper has no account in', {}, { connectionId: 'con_missing' }, 'no_store'],
  ])('refuses %s with a 409', async (_t, change, extra, reason) => {
    const id = await reward(change);
    const r = await redeem(id, extra);
    expect(r.status).toBe(409);
    expect(r.body.error.details).toEqual({ reason });
  });
});

describe('when the store fails', () => {
  it('returns the points and says why when the store refuses (502), leaving nothing at the store', async () => {
    const id = await reward({ pointsCost: 150 });
    const [before, atShopify] = [await balance(), shopify.discounts.length];
    const r = await redeem(id, { connectionId: ids.locked });
    expect(r.status).toBe(502);
    expect(r.body.error.message).toContain('reconnect the store');
    expect(r.body.error.details).toMatchObject({ retryable: false, redemption: { status: 'failed' }, loyalty: { balance: before } });
    expect(shopify.discounts.length).toBe(atShopify);
    const ledger = (await call('GET', `/api/customers/${ids.customer}/points?first=2`)).body.entries;
    expect(ledger.map((e: { reason: string; availableDelta: number }) => [e.reason, e.availableDelta])).toEqual([
      ['redemption_return', 150],
      ['redemption', -150],
    ]);
  });

  it.each([
    ['Shopify, answer lost after the code was created', 'shopify', (): void => proxy.loseNextAnswers(1)],
    ['Shopify, down', 'shopify', () => shopify.failNext(1, { type: 'status', status: 503 })],
    ['WooCommerce, down', 'woo', () => woo.failNext(1, 503)],
  ] as const)('%s: 503 with points back, then the retry with the same key ends with one code', async (_t, store, fail) => {
    const id = await reward({ pointsCost: 120 });
    const connectionId = store === 'shopify' ? ids.shopify : ids.woo;
    const body = { rewardId: id, idempotencyKey: key(), connectionId };
    const before = await balance();
    fail();
    const first = await call('POST', `/api/customers/${ids.customer}/redemptions`, body);
    expect(first.status).toBe(503);
    expect(first.body.error.details).toMatchObject({ retryable: true, loyalty: { balance: before } });
    const retry = await call('POST', `/api/customers/${ids.customer}/redemptions`, body);
    expect(retry.status).toBe(201);
    expect(retry.body.redemption).toMatchObject({ status: 'issued', attempts: 2, id: first.body.error.details.redemption.id });
    expect(retry.body.loyalty.balance).toBe(before - 120);
    const code = retry.body.redemption.code as string;
    const atStore =
      store === 'shopify'
        ? shopify.discounts.filter((d) => d.code === code)
        : [...woo.coupons.values()].filter((c) => c.code === code.toLowerCase());
    expect(atStore).toHaveLength(1);
    expect(String(atStore[0]!.id)).toBe(retry.body.redemption.externalId);
  });

  it('finishes a redemption left pending by a crash, once', async () => {
    const id = await reward({ pointsCost: 90 });
    const before = await balance();
    const startedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    const idempotencyKey = key();
    const begun = await server.runtime.store.transaction((repos) =>
      reserveRedemption(
        repos,
        {
          accountId: ids.account,
          customerId: ids.customer,
          rewardId: id,
          idempotencyKey,
          connectionId: ids.shopify,
          actor: 'test',
        },
        startedAt,
      ),
    );
    expect('prepared' in begun).toBe(true);
    expect(await balance()).toBe(before - 90);
    expect((await redemptions()).find((r) => r.idempotencyKey === idempotencyKey)!.status).toBe('pending');

    expect(await resumePendingRedemptions(deps())).toEqual({ issued: 1, failed: 0 });
    expect(await resumePendingRedemptions(deps())).toEqual({ issued: 0, failed: 0 });
    const r = (await redemptions()).find((x) => x.idempotencyKey === idempotencyKey)!;
    expect(r.status).toBe('issued');
    expect(shopify.discounts.filter((d) => d.code === r.code)).toHaveLength(1);
    expect(await balance()).toBe(before - 90);
  });

  it('a pending redemption asked for again with its key is issued without a second debit', async () => {
    const id = await reward({ pointsCost: 80 });
    const before = await balance();
    const idempotencyKey = key();
    await server.runtime.store.transaction((repos) =>
      reserveRedemption(
        repos,
        {
          accountId: ids.account,
          customerId: ids.customer,
          rewardId: id,
          idempotencyKey,
          connectionId: ids.shopify,
          actor: 'test',
        },
        new Date().toISOString(),
      ),
    );
    const r = await call('POST', `/api/customers/${ids.customer}/redemptions`, { rewardId: id, idempotencyKey, connectionId: ids.shopify });
    expect(r.status).toBe(201);
    expect(r.body.redemption).toMatchObject({ status: 'issued', attempts: 1 });
    expect(r.body.loyalty.balance).toBe(before - 80);
  });
});

describe('after the code is issued', () => {
  it.each([
    ['Shopify, points returned on expiry', 'shopify', true],
    ['WooCommerce, program keeps the points', 'woo', false],
  ] as const)('expires unused codes: %s', async (_t, store, giveBack) => {
    const rates = { earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] } };
    await call('PUT', '/api/loyalty/program', { ...rates, rewards: { returnPointsOnCodeExpiry: giveBack } });
    const id = await reward({ pointsCost: 70, codeValidDays: 1 });
    const before = await balance();
    const r = (await redeem(id, { connectionId: store === 'shopify' ? ids.shopify : ids.woo })).body.redemption;
    expect(Date.parse(r.expiresAt) - Date.parse(r.issuedAt)).toBe(86_400_000);
    expect(await expireRedemptionCodes(deps())).toEqual({ expired: 0, deferred: 0 }); // not yet
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
    expect(await expireRedemptionCodes(deps(), later)).toEqual({ expired: 1, deferred: 0 });
    expect(await expireRedemptionCodes(deps(), later)).toEqual({ expired: 0, deferred: 0 });
    expect((await redemptions()).find((x) => x.id === r.id)).toMatchObject({ status: 'expired', closedAt: later });
    if (store === 'shopify') expect(shopify.discounts.find((d) => d.id === r.externalId)!.status).toBe('EXPIRED');
    else expect(woo.coupons.has(r.externalId)).toBe(false);
    expect(await balance()).toBe(giveBack ? before : before - 70);
    await call('PUT', '/api/loyalty/program', { ...rates, rewards: { returnPointsOnCodeExpiry: true } });
  });

  const WOO_T = '2026-11-20T10:00:00';
  it.each([
    ['a Shopify order', 'shopify'],
    ['a WooCommerce order', 'woo'],
  ] as const)('%s using the code marks it used; cancelling that order returns the points once', async (_t, store) => {
    const id = await reward({ pointsCost: 300 });
    const before = await balance();
    const r = (await redeem(id, { connectionId: store === 'shopify' ? ids.shopify : ids.woo })).body.redemption;
    // Shoppers type codes in any case; WooCommerce reports them lower-cased.
    const typed = (r.code as string).toLowerCase();
    const place = async (cancelled: boolean) => {
      if (store === 'shopify') {
        const order = shopifyOrder(
          91_001,
          cancelled
            ? {
                updated_at: '2026-11-21T10:00:00+05:00',
                cancelled_at: '2026-11-21T10:00:00+05:00',
                financial_status: 'voided',
                discount_codes: [{ code: typed, amount: '500.00', type: 'fixed_amount' }],
              }
            : { updated_at: '2026-11-20T10:00:00+05:00', discount_codes: [{ code: typed, amount: '500.00', type: 'fixed_amount' }] },
        );
        return deliverShopify(cancelled ? 'orders/cancelled' : 'orders/create', order);
      }
      const body = fixture('woocommerce/order-cod-processing.json', {
        id: 91_002,
        coupon_lines: [{ id: 1, code: typed, discount: '500.00' }],
        ...(cancelled
          ? { status: 'cancelled', date_modified_gmt: '2026-11-21T10:00:00' }
          : { date_created_gmt: WOO_T, date_modified_gmt: WOO_T }),
      });
      expect(
        (
          await postWoo(server.url, {
            connectionId: ids.woo,
            topic: cancelled ? 'order.updated' : 'order.created',
            body,
            secret: WOO_SECRET,
          })
        ).status,
      ).toBe(200);
      await server.drain();
    };
    await place(false);
    const used = (await redemptions()).find((x) => x.id === r.id)!;
    expect(used).toMatchObject({ status: 'used', usedOrderId: expect.stringMatching(/^ord_/) });
    const timeline = await call('GET', `/api/customers/${ids.customer}/timeline?kind=reward_used&first=50`);
    expect(timeline.body.events.map((e: { subjectId: string }) => e.subjectId)).toContain(r.id);
    expect(await balance()).toBe(before - 300);
    expect((await call('POST', `/api/loyalty/redemptions/${r.id}/cancel`)).status).toBe(409); // used: nothing to cancel

    await place(true);
    await place(true); // a duplicate delivery
    expect((await redemptions()).find((x) => x.id === r.id)).toMatchObject({ status: 'returned' });
    expect(await balance()).toBe(before);
    const entries = (await call('GET', `/api/customers/${ids.customer}/points?first=200`)).body.entries as Array<{
      sourceId: string;
      reason: string;
    }>;
    expect(
      entries
        .filter((e) => e.sourceId === r.id)
        .map((e) => e.reason)
        .sort(),
    ).toEqual(['redemption', 'redemption_return']);
  });

  it('staff can cancel an issued code: disabled at the store, points back, and only once', async () => {
    const id = await reward({ pointsCost: 60 });
    const before = await balance();
    const r = (await redeem(id)).body.redemption;
    const cancelled = await call('POST', `/api/loyalty/redemptions/${r.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ redemption: { status: 'cancelled' }, loyalty: { balance: before } });
    expect(shopify.discounts.find((d) => d.id === r.externalId)!.status).toBe('EXPIRED');
    expect((await call('POST', `/api/loyalty/redemptions/${r.id}/cancel`)).status).toBe(409);
    expect(await balance()).toBe(before);
  });
});

describe('tenancy', () => {
  const seen = { reward: '', redemption: '' };
  beforeAll(async () => {
    seen.reward = await reward({ name: 'Tenancy probe', pointsCost: 10 });
    seen.redemption = (await redeem(seen.reward)).body.redemption.id;
  });

  it.each([
    ['GET', "a member's redemptions", () => `/api/customers/${ids.customer}/redemptions`, () => undefined],
    [
      'POST',
      'a redemption for a member',
      () => `/api/customers/${ids.customer}/redemptions`,
      () => ({ rewardId: seen.reward, idempotencyKey: 'steal-steal-steal' }),
    ],
    ['PATCH', 'a reward', () => `/api/loyalty/rewards/${seen.reward}`, () => ({ pointsCost: 1 })],
    ['DELETE', 'a reward', () => `/api/loyalty/rewards/${seen.reward}`, () => undefined],
    ['POST', 'a cancellation', () => `/api/loyalty/redemptions/${seen.redemption}/cancel`, () => undefined],
  ])('another shop cannot %s %s', async (method, _what, path, body) => {
    expect((await call(method, path(), body(), otherToken)).status).toBe(404);
  });

  it('another shop sees none of the catalogue, and the owner still can', async () => {
    expect((await call('GET', '/api/loyalty/rewards', undefined, otherToken)).body.rewards).toEqual([]);
    expect((await call('GET', '/api/loyalty/rewards')).body.rewards.map((r: { id: string }) => r.id)).toContain(seen.reward);
    expect((await redemptions()).find((r) => r.id === seen.redemption)).toMatchObject({ status: 'issued' });
  });
});
