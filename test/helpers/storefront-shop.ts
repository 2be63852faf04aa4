import type { ShopifyAdminFake } from '../fakes/shopify-admin.fake.ts';
import { fixture, fixtureObject } from './fixtures.ts';
import type { TestServer } from './server.ts';
import { postShopify, sessionToken } from './signed.ts';

// A Shopify shop with a loyalty program for the storefront widget tests and benchmark: the
// connection's Admin API is the local fake, one synced customer with 300 points, and rewards.

export const WIDGET_SHOP = 'lahore-looms.myshopify.com';

export type WidgetShop = {
  shopperId: string;
  customerId: string;
  rewardIds: Record<'small' | 'big', string>;
  admin: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;
};

export async function seedWidgetShop(server: TestServer, shopify: ShopifyAdminFake): Promise<WidgetShop> {
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Lahore Looms', 'PKR');
  await t.upsertConnection({
    accountId,
    platform: 'shopify',
    domain: WIDGET_SHOP,
    currency: 'PKR',
    country: 'PK',
    accessToken: shopify.accessToken,
  });
  const token = await sessionToken(WIDGET_SHOP);
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const must = async (method: string, path: string, body?: unknown) => {
    const r = await admin(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  await must('PUT', '/api/loyalty/program', {
    earnOrdersPlacedFrom: '2026-01-01T00:00:00Z',
    earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
    actions: { signup: 50 },
    referrals: { enabled: true, friendPoints: 100, advocatePoints: 200 },
  });
  const delivered = await postShopify(server.url, {
    topic: 'customers/create',
    shop: WIDGET_SHOP,
    body: fixture('shopify/customer-create.json'),
  });
  if (delivered.status !== 200) throw new Error(`customers/create: ${delivered.status}`);
  await server.drain();
  const customerId = (await must('GET', '/api/customers?query=bilal')).customers[0].id as string;
  await must('POST', `/api/customers/${customerId}/points`, { points: 300, note: 'Welcome gift' });
  const small = await must('POST', '/api/loyalty/rewards', {
    name: 'PKR 200 off',
    kind: 'fixed_amount',
    amountMinor: 20_000,
    currency: 'PKR',
    pointsCost: 200,
  });
  const big = await must('POST', '/api/loyalty/rewards', {
    name: 'PKR 1,000 off',
    kind: 'fixed_amount',
    amountMinor: 100_000,
    currency: 'PKR',
    pointsCost: 1000,
  });
  return {
    shopperId: String(fixtureObject('shopify/customer-create.json').id),
    customerId,
    rewardIds: { small: small.id, big: big.id },
    admin,
  };
}
