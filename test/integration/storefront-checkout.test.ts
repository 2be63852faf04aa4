import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifyAdminFake, type ShopifyAdminFake } from '../fakes/shopify-admin.fake.ts';
import { startTestServer, TEST_API_KEY, TEST_API_SECRET, type TestServer } from '../helpers/server.ts';
import { seedWidgetShop, WIDGET_SHOP, type WidgetShop } from '../helpers/storefront-shop.ts';

// The shopper API for checkout and thank-you UI extensions (/storefront/checkout/*): Shopify's
// buyer session token as the only credential; the customer only from its `sub` GID.

let server: TestServer;
let shopify: ShopifyAdminFake;
let shop: WidgetShop;

beforeAll(async () => {
  shopify = await startShopifyAdminFake({ accessToken: 'shpat_checkout' });
  server = await startTestServer({}, undefined, { shopifyAdminOrigin: () => shopify.origin, platformRetries: 0 });
  shop = await seedWidgetShop(server, shopify);
});
afterAll(async () => {
  await server?.close();
  await shopify?.close();
});

async function checkoutToken(o: { sub?: string; dest?: string; aud?: string; secret?: string; exp?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ dest: o.dest ?? WIDGET_SHOP })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience(o.aud ?? TEST_API_KEY)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(o.exp ?? now + 300)
    .setJti(crypto.randomUUID());
  if (o.sub) jwt.setSubject(o.sub);
  return jwt.sign(new TextEncoder().encode(o.secret ?? TEST_API_SECRET));
}

async function call(path: string, token: string | null, init: RequestInit = {}) {
  const res = await fetch(`${server.url}/storefront/checkout${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
  });
  return { status: res.status, headers: res.headers, body: res.status === 204 ? null : ((await res.json()) as any) };
}

describe('/storefront/checkout', () => {
  it('shows a logged-in buyer their balance and redeems into a code', async () => {
    const token = await checkoutToken({ sub: `gid://shopify/Customer/${shop.shopperId}` });
    const l = await call('/loyalty', token);
    expect(l.status).toBe(200);
    expect(l.body.member.balance).toBe(350);
    expect(l.headers.get('access-control-allow-origin')).toBe('*');
    const r = await call('/redemptions', token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rewardId: shop.rewardIds.small, idempotencyKey: 'checkout-click-1' }),
    });
    expect(r.status).toBe(201);
    expect(r.body.redemption.code).toMatch(/^RP-/);
    expect(shopify.discounts).toHaveLength(1);
  });

  it.each([
    ['no sub (a guest buyer)', { dest: `https://${WIDGET_SHOP}` }],
    ['a staff user id as sub', { sub: '42' }],
  ])('treats %s as a guest', async (_t, o) => {
    const l = await call('/loyalty', await checkoutToken(o));
    expect(l.status).toBe(200);
    expect(l.body).toMatchObject({ loggedIn: false, member: null });
  });

  it.each([
    ['no token', null],
    ['another secret', { secret: 'not-the-app-secret' }],
    ['another app', { aud: 'someone-else' }],
    ['expired', { exp: Math.floor(Date.now() / 1000) - 120 }],
    ['a shop that is not connected', { dest: 'stranger.myshopify.com' }],
    ['a dest that is not a shop', { dest: 'https://evil.example.com' }],
  ] as const)('refuses %s', async (_t, o) => {
    expect((await call('/loyalty', o === null ? null : await checkoutToken(o))).status).toBe(401);
  });

  it('answers the CORS preflight of the extension sandbox', async () => {
    const r = await call('/redemptions', null, {
      method: 'OPTIONS',
      headers: { origin: 'https://extensions.shopifycdn.com', 'access-control-request-method': 'POST' },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});
