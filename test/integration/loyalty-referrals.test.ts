import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { appProxyQuery, postShopify, sessionToken } from '../helpers/signed.ts';

// Referrals end to end: a friend arrives through the storefront API with a member's code, then
// their first order comes as signed Shopify webhooks (duplicated, reordered, cancelled). The
// friend's points follow that order; the advocate is paid once it is available (COD: when the
// cash is collected). Fraud rules block with a reason the merchant reads in the admin API.

const SHOP = 'referral-shop.myshopify.com';
const OTHER_SHOP = 'other-referral-shop.myshopify.com';
const ADVOCATE_SHOPIFY_ID = '706405506930370084';
let server: TestServer;
let token: string;
let otherToken: string;
let code: string;
let advocateId: string;
let ipCounter = 0;

type Friend = { shopifyId: number; email: string | null; phone?: string | null };

async function admin(method: string, path: string, auth = token) {
  const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${auth}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function deliver(topic: string, body: string) {
  expect((await postShopify(server.url, { topic, shop: SHOP, body })).status).toBe(200);
  await server.drain();
}

async function refer(body: Record<string, unknown>, options: { ip?: string; shop?: string; customerId?: string } = {}) {
  const res = await fetch(
    `${server.url}/storefront/shopify/referrals?${appProxyQuery({ shop: options.shop ?? SHOP, customerId: options.customerId })}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': options.ip ?? `198.51.100.${++ipCounter}` },
      body: JSON.stringify({ code, ...body }),
    },
  );
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const at = (offsetSeconds: number) => new Date(Date.now() + offsetSeconds * 1000).toISOString();

/** The documented COD order (PKR 5,000 + 250 shipping: 50 points), placed now by `friend`. */
function order(id: number, friend: Friend, change: Record<string, unknown> = {}) {
  return fixture('shopify/order-cod-pending.json', (o) => {
    Object.assign(o, {
      id,
      name: `#${id}`,
      email: friend.email,
      phone: friend.phone ?? null,
      created_at: at(-120),
      processed_at: at(-120),
      updated_at: at(-110),
    });
    o.customer = {
      ...(o.customer as object),
      id: friend.shopifyId,
      email: friend.email,
      phone: friend.phone ?? null,
      updated_at: at(-110),
      default_address: null,
    };
    (o.shipping_address as Record<string, unknown>).phone = null;
    Object.assign(o, change);
  });
}

async function customerIdOf(email: string): Promise<string> {
  return (await admin('GET', `/api/customers?query=${encodeURIComponent(email)}`)).body.customers[0].id;
}
const loyalty = async (customerId: string) => (await admin('GET', `/api/customers/${customerId}/loyalty`)).body;
const referralOf = async (friendEmail: string) =>
  (await admin('GET', '/api/loyalty/referrals?first=200')).body.referrals.find(
    (r: { friendEmail: string }) => r.friendEmail === friendEmail,
  );

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Referral Shop', 'PKR');
  await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' });
  await t.upsertConnection({
    accountId: await t.createAccount('Other', 'PKR'),
    platform: 'shopify',
    domain: OTHER_SHOP,
    currency: 'PKR',
    country: 'PK',
  });
  token = await sessionToken(SHOP);
  otherToken = await sessionToken(OTHER_SHOP);
  const settings = {
    earnOrdersPlacedFrom: '2020-01-01T00:00:00Z',
    earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
    referrals: { enabled: true, advocatePoints: 100, friendPoints: 40, maxPerIpPerDay: 3 },
  };
  for (const auth of [token, otherToken]) {
    const res = await fetch(`${server.url}/api/loyalty/program`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    expect(res.status).toBe(200);
  }
  // The advocate: bilal.ahmed@example.pk, +923211234567, House 5, Street 9, F-7/2, Islamabad.
  await deliver('customers/create', fixture('shopify/customer-create.json'));
  advocateId = await customerIdOf('bilal.ahmed@example.pk');
  const widget = await fetch(`${server.url}/storefront/shopify/loyalty?${appProxyQuery({ shop: SHOP, customerId: ADVOCATE_SHOPIFY_ID })}`);
  code = ((await widget.json()) as { member: { referral: { code: string } } }).member.referral.code;
});
afterAll(() => server.close());

describe('a referral completes exactly once', () => {
  const friend: Friend = { shopifyId: 5001, email: 'sana.friend@example.pk' };

  it('the friend arrives with the code', async () => {
    expect(await refer({ email: 'Sana.Friend@example.pk' })).toMatchObject({ status: 201, body: { eligible: true } });
    // A reload of the same page is the same referral.
    expect((await refer({ email: 'sana.friend@example.pk' })).status).toBe(200);
    expect(await referralOf(friend.email!)).toMatchObject({ status: 'pending', advocateId, friendId: null, block: null });
  });

  it("the first order (COD) makes the friend's points pending, the advocate gets nothing yet", async () => {
    await deliver('orders/create', order(7001, friend));
    await deliver('orders/create', order(7001, friend)); // duplicate delivery
    const friendId = await customerIdOf(friend.email!);
    expect(await loyalty(friendId)).toMatchObject({ balance: 0, pending: 50 + 40 });
    expect(await loyalty(advocateId)).toMatchObject({ balance: 0, pending: 0 });
    expect(await referralOf(friend.email!)).toMatchObject({ status: 'completed', friendId, orderId: expect.stringMatching(/^ord_/) });
  });

  it('pays both when the courier collects the cash, whatever the duplicates and stale updates', async () => {
    const paid = order(7001, friend, { financial_status: 'paid', updated_at: at(-60) });
    await deliver('orders/updated', paid);
    await deliver('orders/updated', order(7001, friend, { updated_at: at(-80) })); // older state, arriving late
    await deliver('orders/updated', paid);
    const friendId = await customerIdOf(friend.email!);
    expect(await loyalty(friendId)).toMatchObject({ balance: 90, pending: 0 });
    expect(await loyalty(advocateId)).toMatchObject({ balance: 100, pending: 0 });
    const ledger = (await admin('GET', `/api/customers/${advocateId}/points`)).body.entries;
    expect(ledger.filter((e: { reason: string }) => e.reason === 'referral')).toHaveLength(1);
    const timeline = await admin('GET', `/api/customers/${advocateId}/timeline?kind=referral_completed`);
    expect(timeline.body.events).toHaveLength(1);
    expect((await admin('GET', `/api/customers/${friendId}/timeline?kind=referral_received`)).body.events).toHaveLength(1);
  });

  it('a second order of the friend changes nothing', async () => {
    await deliver('orders/create', order(7002, friend, { financial_status: 'paid' }));
    expect(await loyalty(advocateId)).toMatchObject({ balance: 100 });
  });
});

describe('reordered webhooks', () => {
  it('paid state first, creation last: the same end', async () => {
    const friend: Friend = { shopifyId: 5002, email: 'zara.friend@example.pk' };
    await refer({ email: friend.email });
    await deliver('orders/updated', order(7101, friend, { financial_status: 'paid', updated_at: at(-60) }));
    await deliver('orders/create', order(7101, friend));
    expect(await loyalty(await customerIdOf(friend.email!))).toMatchObject({ balance: 50 + 40, pending: 0 });
    expect(await loyalty(advocateId)).toMatchObject({ balance: 200 });
  });
});

describe('a cancelled first order pays nobody', () => {
  it("withdraws the friend's pending points and never pays the advocate", async () => {
    const friend: Friend = { shopifyId: 5003, email: 'hina.friend@example.pk' };
    await refer({ email: friend.email });
    await deliver('orders/create', order(7201, friend));
    const friendId = await customerIdOf(friend.email!);
    expect(await loyalty(friendId)).toMatchObject({ pending: 90 });
    await deliver('orders/cancelled', order(7201, friend, { cancelled_at: at(-50), financial_status: 'voided', updated_at: at(-50) }));
    // A later order is not the referred one: the referral stays with the cancelled first order.
    await deliver(
      'orders/create',
      order(7202, friend, { financial_status: 'paid', created_at: at(-45), processed_at: at(-45), updated_at: at(-40) }),
    );
    expect(await loyalty(friendId)).toMatchObject({ balance: 50, pending: 0 });
    expect(await loyalty(advocateId)).toMatchObject({ balance: 200 });
  });
});

describe('fraud rules block with a reason the merchant understands', () => {
  it.each([
    ['own email with a +tag', { email: 'Bilal.Ahmed+promo@example.pk' }, 'self_referral', /member's own/],
    ['own phone in local format', { phone: '0321 1234567' }, 'self_referral', /phone number is the member's own/],
    ['same name at another provider', { email: 'bilal.ahmed@yahoo.com' }, 'similar_email', /same name as the member's at another provider/],
    ['one character away at the same domain', { email: 'bilal.ahmad@example.pk' }, 'similar_email', /differs by one character/],
  ] as const)('%s', async (_t, body, blockCode, message) => {
    const r = await refer(body);
    expect(r.body.eligible).toBe(false);
    const referral = (await admin('GET', '/api/loyalty/referrals?status=blocked&first=200')).body.referrals[0];
    expect(referral.block).toMatchObject({ code: blockCode, message: expect.stringMatching(message) });
  });

  it('a friend who already ordered is not a first order', async () => {
    const friend: Friend = { shopifyId: 5004, email: 'old.customer@example.pk' };
    await deliver('orders/create', order(7301, friend));
    const r = await refer({ email: friend.email });
    expect(r.body).toMatchObject({ eligible: false, message: expect.stringMatching(/first order/) });
    expect((await referralOf(friend.email!)).block).toMatchObject({
      code: 'not_first_order',
      message: expect.stringMatching(/already ordered before \(1 order\)/),
    });
  });

  it("an order shipped to the advocate's address is a self-referral, found when the order arrives", async () => {
    const friend: Friend = { shopifyId: 5005, email: 'cousin@example.pk' };
    expect((await refer({ email: friend.email })).body.eligible).toBe(true);
    await deliver(
      'orders/create',
      order(7401, friend, {
        financial_status: 'paid',
        shipping_address: {
          name: 'Cousin',
          address1: 'House 5, Street 9, F-7/2',
          address2: null,
          city: 'Islamabad',
          province: 'Islamabad Capital Territory',
          zip: '44000',
          country: 'Pakistan',
          country_code: 'PK',
          phone: null,
        },
      }),
    );
    expect(await referralOf(friend.email!)).toMatchObject({
      status: 'blocked',
      block: { code: 'self_referral', message: expect.stringMatching(/address the member has used/) },
    });
    expect(await loyalty(await customerIdOf(friend.email!))).toMatchObject({ balance: 50, pending: 0 });
    expect(await loyalty(advocateId)).toMatchObject({ balance: 200 });
  });

  it('more than maxPerIpPerDay referrals from one IP', async () => {
    const statuses: string[] = [];
    for (let i = 1; i <= 4; i++) {
      await refer({ email: `ip.friend${i}@example.pk` }, { ip: '192.0.2.44' });
      statuses.push((await referralOf(`ip.friend${i}@example.pk`)).status);
    }
    expect(statuses).toEqual(['pending', 'pending', 'pending', 'blocked']);
    expect((await referralOf('ip.friend4@example.pk')).block).toMatchObject({
      code: 'ip_limit',
      message: expect.stringMatching(/More than 3 referrals/),
    });
  });
});

describe('the merchant decides', () => {
  it('approving a blocked referral pays as if it had passed', async () => {
    const blocked = await referralOf('bilal.ahmed@yahoo.com');
    const friend: Friend = { shopifyId: 5006, email: 'bilal.ahmed@yahoo.com' };
    await deliver('orders/create', order(7501, friend, { financial_status: 'paid' }));
    expect(await loyalty(advocateId)).toMatchObject({ balance: 200 });
    const r = await admin('POST', `/api/loyalty/referrals/${blocked.id}/approve`);
    expect(r).toMatchObject({ status: 200, body: { referral: { status: 'approved', decidedBy: expect.stringContaining('shopify:') } } });
    expect(await loyalty(advocateId)).toMatchObject({ balance: 300 });
    expect(await loyalty(await customerIdOf(friend.email!))).toMatchObject({ balance: 90 });
    expect((await admin('POST', `/api/loyalty/referrals/${blocked.id}/approve`)).status).toBe(409);
  });

  it('a rejected referral pays nobody, even when the order comes', async () => {
    const pending = await referralOf('ip.friend1@example.pk');
    expect((await admin('POST', `/api/loyalty/referrals/${pending.id}/reject`)).body.referral.status).toBe('rejected');
    await deliver('orders/create', order(7601, { shopifyId: 5007, email: 'ip.friend1@example.pk' }, { financial_status: 'paid' }));
    expect(await loyalty(advocateId)).toMatchObject({ balance: 300 });
    expect(await loyalty(await customerIdOf('ip.friend1@example.pk'))).toMatchObject({ balance: 50 });
  });

  it('lists by status, newest first, in pages', async () => {
    const first = await admin('GET', '/api/loyalty/referrals?status=blocked&first=2');
    expect(first.body.referrals).toHaveLength(2);
    expect(first.body.pageInfo.hasNextPage).toBe(true);
    const next = await admin('GET', `/api/loyalty/referrals?status=blocked&first=50&after=${first.body.pageInfo.endCursor}`);
    const all = [...first.body.referrals, ...next.body.referrals];
    expect(all.every((r: { status: string; block: unknown }) => r.status === 'blocked' && r.block)).toBe(true);
    expect(all.map((r: { createdAt: string }) => r.createdAt)).toEqual(
      all
        .map((r: { createdAt: string }) => r.createdAt)
        .sort()
        .reverse(),
    );
    expect(JSON.stringify(all)).not.toContain('ipHash');
  });
});

describe('tenancy', () => {
  it('another shop sees none of these referrals and cannot decide them', async () => {
    const mine = await referralOf('ip.friend2@example.pk');
    expect((await admin('GET', '/api/loyalty/referrals', otherToken)).body.referrals).toEqual([]);
    expect((await admin('POST', `/api/loyalty/referrals/${mine.id}/approve`, otherToken)).status).toBe(404);
    expect((await admin('POST', `/api/loyalty/referrals/${mine.id}/reject`, otherToken)).status).toBe(404);
  });

  it("a code of this shop means nothing on another shop's storefront", async () => {
    expect((await refer({ email: 'stranger@example.pk' }, { shop: OTHER_SHOP })).status).toBe(404);
  });
});
