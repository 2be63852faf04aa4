import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustPoints } from '../../src/crm/loyalty/actions.service.ts';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { resolveCustomer } from '../../src/crm/customers/customers.service.ts';
import { appProxyMessage } from '../../src/http/storefront/app-proxy.ts';
import { startTestServer, TEST_API_SECRET, type TestServer } from '../helpers/server.ts';
import { appProxyQuery, wooShopperToken, type AppProxyRequest } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// The shopper API: who the shopper is comes only from a Shopify app proxy signature or the
// WordPress plugin's JWT, never from anything the browser chooses, and no shopper ever sees
// another customer's or another store's data.

const SHOP_A = 'lahore-widgets.myshopify.com';
const SHOP_B = 'karachi-other.myshopify.com';
const WOO_SITE = 'https://woo.example.pk/';
const WOO_SECRET = 'woo-storefront-secret-0123456789abcdef';
const WOO_OTHER_SECRET = 'another-storefront-secret-0123456789';
const now = () => Math.floor(Date.now() / 1000);

let server: TestServer;
let woo: string;
let wooOther: string;
const ids: Record<string, string> = {};

async function seedCustomer(connectionId: string, externalId: string, email: string, points: number): Promise<string> {
  return server.runtime.store.transaction(async (repos) => {
    const connection = (await repos.connections.get(connectionId))!;
    const at = new Date().toISOString();
    const { customerId } = await resolveCustomer(
      repos,
      connection,
      {
        externalId,
        email,
        phone: null,
        firstName: 'Test',
        lastName: externalId,
        locale: null,
        tags: null,
        addresses: [],
        createdAt: at,
        updatedAt: at,
      },
      at,
    );
    if (!customerId) throw new Error('seeded customer was not created');
    await adjustPoints(repos, connection.accountId, customerId, points, 'Welcome gift', 'staff:test', `seed-${externalId}`, at);
    return customerId;
  });
}

async function proxy(path: string, r: Partial<AppProxyRequest> = {}, init: RequestInit = {}) {
  const res = await fetch(`${server.url}/storefront/shopify${path}?${appProxyQuery({ shop: SHOP_A, ...r })}`, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

async function wooGet(connectionId: string, path: string, token?: string) {
  const res = await fetch(`${server.url}/storefront/woocommerce/${connectionId}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  server = await startTestServer({ SHOPIFY_API_SECRET_PREVIOUS: 'the-old-secret' });
  const t = server.runtime.tenancy;
  const a = await t.createAccount('Lahore Widgets', 'PKR');
  const b = await t.createAccount('Karachi Other', 'PKR');
  const w = await t.createAccount('Woo Shop', 'PKR');
  const connA = await t.upsertConnection({ accountId: a, platform: 'shopify', domain: SHOP_A, currency: 'PKR', country: 'PK' });
  const connB = await t.upsertConnection({ accountId: b, platform: 'shopify', domain: SHOP_B, currency: 'PKR', country: 'PK' });
  woo = (
    await t.upsertConnection({
      accountId: w,
      platform: 'woocommerce',
      domain: WOO_SITE,
      currency: 'PKR',
      country: 'PK',
      storefrontSecret: WOO_SECRET,
    })
  ).id;
  wooOther = (
    await t.upsertConnection({
      accountId: w,
      platform: 'woocommerce',
      domain: 'https://other.example.pk/',
      currency: 'PKR',
      storefrontSecret: WOO_OTHER_SECRET,
    })
  ).id;
  const at = new Date().toISOString();
  for (const account of [a, b, w]) {
    await server.runtime.store.transaction((repos) =>
      saveProgram(
        repos,
        account,
        {
          earnOrdersPlacedFrom: '2020-01-01T00:00:00Z',
          earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
          actions: { signup: 25, review: 10 },
          referrals: { enabled: true, advocatePoints: 200, friendPoints: 100 },
        },
        'test',
        at,
      ),
    );
  }
  ids.ayesha = await seedCustomer(connA.id, '1001', 'ayesha@example.pk', 120);
  ids.rival = await seedCustomer(connB.id, '2002', 'rival@example.pk', 999);
  ids.wooShopper = await seedCustomer(woo, '31', 'woo.shopper@example.pk', 75);
  for (let i = 0; i < 3; i++) {
    await server.runtime.store.transaction((repos) => adjustPoints(repos, a, ids.ayesha!, 1, `note ${i}`, 'staff:test', `extra-${i}`, at));
  }
});
afterAll(() => server.close());

describe('Shopify app proxy signature', () => {
  it('valid: the logged-in shopper sees their own balance, tier and referral link', async () => {
    const r = await proxy('/loyalty', { customerId: '1001' });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toContain('no-store');
    expect(r.body).toMatchObject({ loggedIn: true, enabled: true, join: null, member: { balance: 123, pending: 0, tier: null } });
    expect(r.body.member.referral.code).toMatch(/^[2-9A-Z]{7}$/);
    expect(r.body.member.referral.link).toBe(`https://${SHOP_A}/?ref=${r.body.member.referral.code}`);
    // Review points are in the program, but no shopper can earn them from the store yet: not offered.
    expect(r.body.waysToEarn.map((w: { action: string }) => w.action)).toEqual(['order', 'signup', 'referral']);
    // Structured, so the widget words them in the shopper's language; English kept alongside.
    expect(r.body.waysToEarn[0]).toEqual({
      action: 'order',
      points: null,
      rates: [{ points: 1, per: '100', currency: 'PKR' }],
      description: '1 point per 100 PKR spent.',
    });
    expect(r.body.waysToEarn[1]).toEqual({ action: 'signup', points: 25, description: 'Create an account: 25 points.' });
  });

  it('extra widget parameters, repeated, are part of what is signed', async () => {
    expect((await proxy('/loyalty', { customerId: '1001', extra: { view: ['a', 'b'] } })).status).toBe(200);
  });

  const t = now();
  it.each([
    [
      'tampered customer id',
      { customerId: '1001', after: (q: URLSearchParams) => q.set('logged_in_customer_id', '1002') },
      /Invalid app proxy signature/,
    ],
    ['tampered shop', { after: (q: URLSearchParams) => q.set('shop', SHOP_B) }, /Invalid app proxy signature/],
    ['a parameter added after signing', { after: (q: URLSearchParams) => q.append('first', '5') }, /Invalid app proxy signature/],
    ['a duplicated logged_in_customer_id', { after: (q: URLSearchParams) => q.append('logged_in_customer_id', '2002') }, /more than once/],
    ['stale timestamp (91 s old)', { timestamp: t - 120 }, /expired/],
    ['future timestamp', { timestamp: t + 120 }, /future/],
    ['missing signature', { signature: null }, /Missing app proxy signature/],
    ['signed with another secret', { secret: 'not-the-app-secret' }, /Invalid app proxy signature/],
    ['a shop that is not connected', { shop: 'stranger.myshopify.com' }, /not connected/],
  ] as const)('rejects %s with 401 and a JSON reason', async (_t, r, message) => {
    const res = await proxy('/loyalty', r);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(message) });
  });

  it('a guest URL Shopify signed, re-split into a logged-in one, is refused (path_prefix bound, no "=" in names or values)', async () => {
    // The attacker, a guest, asks the store for /apps/rapport/loyalty?a=<crafted>. Shopify signs
    // "a=<crafted>logged_in_customer_id=path_prefix=/apps/rapportshop=...timestamp=...".
    const ts = String(now());
    const tail = `shop=${SHOP_A}timestamp=${ts}`;
    const crafted = `xlogged_in_customer_id=1001path_prefix=/apps/rapport${tail}`;
    const signedByShopify = `a=${crafted}logged_in_customer_id=path_prefix=/apps/rapport${tail}`;
    const signature = createHmac('sha256', TEST_API_SECRET).update(signedByShopify).digest('hex');
    // Replayed to Rapport split differently: the same message, now with a logged-in customer.
    const resplit = new URLSearchParams([
      ['a', 'x'],
      ['logged_in_customer_id', '1001'],
      ['path_prefix', `/apps/rapport${tail}logged_in_customer_id=path_prefix=/apps/rapport`],
      ['shop', SHOP_A],
      ['timestamp', ts],
      ['signature', signature],
    ]);
    expect(appProxyMessage(resplit)).toBe(signedByShopify);
    const res = await fetch(`${server.url}/storefront/shopify/loyalty?${resplit}`);
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).not.toContain('"balance"');
    // Even as Shopify sent it, a value carrying "=" is refused: its split cannot be told apart. A foreign prefix too.
    const genuine = new URLSearchParams([
      ['a', crafted],
      ['logged_in_customer_id', ''],
      ['path_prefix', '/apps/rapport'],
      ['shop', SHOP_A],
      ['timestamp', ts],
      ['signature', signature],
    ]);
    expect((await fetch(`${server.url}/storefront/shopify/loyalty?${genuine}`)).status).toBe(401);
    expect((await proxy('/loyalty', { pathPrefix: '/apps/other' })).status).toBe(401);
  });

  it('accepts the previous secret during a rotation', async () => {
    expect((await proxy('/loyalty', { customerId: '1001', secret: 'the-old-secret' })).status).toBe(200);
  });

  it("a guest (blank logged_in_customer_id) learns how to join, and nobody else's data", async () => {
    const r = await proxy('/loyalty');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      loggedIn: false,
      member: null,
      join: { signupPoints: 25 },
      earning: [{ currency: 'PKR', points: 1, per: '100' }],
    });
    expect(r.body.referrals).toEqual({ enabled: true, friendPoints: 100, advocatePoints: 200 });
    expect((await proxy('/loyalty/history')).status).toBe(401);
  });

  it('a customer of another shop is never visible, even with a valid signature for this one', async () => {
    const r = await proxy('/loyalty', { customerId: '2002' });
    expect(r.status).toBe(200);
    expect(r.body.member).toBeNull();
    expect(JSON.stringify(r.body)).not.toContain('999');
    const history = await proxy('/loyalty/history', { customerId: '2002' });
    expect(history.body).toEqual({ entries: [], pageInfo: { hasNextPage: false, endCursor: null } });
    // Shop B's own shopper sees their own balance only through shop B.
    expect((await proxy('/loyalty', { shop: SHOP_B, customerId: '2002' })).body.member.balance).toBe(999);
  });

  it('unknown storefront routes get a JSON 404 (after the signature check)', async () => {
    expect((await proxy('/nope', { customerId: '1001' })).body.error.code).toBe('not_found');
    expect((await proxy('/nope', { signature: 'f'.repeat(64) })).status).toBe(401);
  });
});

describe('points history', () => {
  it("is the shopper's own ledger, newest first, paged, with no internal fields", async () => {
    const first = await proxy('/loyalty/history', { customerId: '1001', extra: { first: '2' } });
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.pageInfo.hasNextPage).toBe(true);
    const rest = await proxy('/loyalty/history', { customerId: '1001', extra: { first: '10', before: first.body.pageInfo.endCursor } });
    const all = [...first.body.entries, ...rest.body.entries];
    expect(all.map((e: { availableDelta: number }) => e.availableDelta)).toEqual([1, 1, 1, 120]);
    expect(Number(all[0].id)).toBeGreaterThan(Number(all[3].id));
    for (const e of all) {
      expect(Object.keys(e).sort()).toEqual(['availableDelta', 'id', 'note', 'occurredAt', 'pendingDelta', 'points', 'reason', 'state']);
      expect(e.note).toBeNull(); // staff notes on manual adjustments stay internal
    }
  });
});

describe('WooCommerce shopper tokens', () => {
  const t = now();
  it.each([
    ['valid', () => wooShopperToken({ secret: WOO_SECRET, site: 'https://woo.example.pk', sub: '31' }), 200],
    ['valid, site URL with trailing slash', () => wooShopperToken({ secret: WOO_SECRET, site: WOO_SITE, sub: '31' }), 200],
    ['expired', () => wooShopperToken({ secret: WOO_SECRET, site: WOO_SITE, sub: '31', iat: t - 900, exp: t - 60 }), 401],
    ['valid for more than 10 minutes', () => wooShopperToken({ secret: WOO_SECRET, site: WOO_SITE, sub: '31', exp: t + 3600 }), 401],
    ['signed with the wrong secret', () => wooShopperToken({ secret: 'wrong-secret-wrong-secret-wrong', site: WOO_SITE, sub: '31' }), 401],
    ['wrong audience', () => wooShopperToken({ secret: WOO_SECRET, site: WOO_SITE, sub: '31', aud: 'someone-else' }), 401],
    ['issued by another site', () => wooShopperToken({ secret: WOO_SECRET, site: 'https://evil.example.com', sub: '31' }), 401],
    ['another HMAC algorithm', () => wooShopperToken({ secret: WOO_SECRET, site: WOO_SITE, sub: '31', alg: 'HS512' }), 401],
    [
      'a token of another connection',
      () => wooShopperToken({ secret: WOO_OTHER_SECRET, site: 'https://other.example.pk/', sub: '31' }),
      401,
    ],
  ] as const)('%s -> %i', async (_t, make, status) => {
    const r = await wooGet(woo, '/loyalty', await make());
    expect(r.status).toBe(status);
    if (status === 200) expect(r.body.member.balance).toBe(75);
    else expect(r.body.error.message).toMatch(/Invalid storefront token: \w/);
  });

  it('no token is a guest; an unknown connection is refused', async () => {
    const guest = await wooGet(woo, '/loyalty');
    expect(guest).toMatchObject({ status: 200, body: { loggedIn: false, member: null } });
    expect((await wooGet('con_missing', '/loyalty')).status).toBe(401);
    // The other connection of the same account has no identity 31: its token finds no member.
    const other = await wooGet(
      wooOther,
      '/loyalty',
      await wooShopperToken({ secret: WOO_OTHER_SECRET, site: 'https://other.example.pk', sub: '31' }),
    );
    expect(other.body).toMatchObject({ loggedIn: true, member: null });
  });
});

describe("referrals from the friend's browser", () => {
  it('records the referral with a keyed hash of the IP, never the IP', async () => {
    const code = (await proxy('/loyalty', { customerId: '1001' })).body.member.referral.code as string;
    const res = await fetch(`${server.url}/storefront/shopify/referrals?${appProxyQuery({ shop: SHOP_A })}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77' },
      body: JSON.stringify({ code: code.toLowerCase(), email: 'new.friend@example.pk' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ eligible: true });
    const row = (await sql(server).get<Record<string, string>>('SELECT * FROM referrals'))!;
    expect(row).toMatchObject({ advocate_id: ids.ayesha, friend_email: 'new.friend@example.pk', status: 'pending' });
    expect(row.ip_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain('203.0.113.77');
    expect(row.ip_hash).not.toBe(createHash('sha256').update('203.0.113.77').digest('hex'));
  });

  it('refuses a malformed body and an unknown code with clear errors', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/storefront/shopify/referrals?${appProxyQuery({ shop: SHOP_A })}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
    expect((await post({ code: 'ABCDEFG', email: 'not an email' })).status).toBe(400);
    expect((await post({ code: 'ABCDEFG', email: 'x@example.pk', customerId: 'cus_1' })).status).toBe(400);
    expect(await post({ code: 'ZZZZZZZ', email: 'x@example.pk' })).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once one shopper empties their bucket', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => proxy('/loyalty', { customerId: '4242' })));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/Too many requests/) });
    // Another shopper of the same shop is unaffected.
    expect((await proxy('/loyalty', { customerId: '1001' })).status).toBe(200);
  });
});
