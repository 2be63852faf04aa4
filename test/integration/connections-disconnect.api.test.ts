import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifyAppFake, type ShopifyAppFake } from '../fakes/shopify-app.fake.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// POST /api/connections/:id/disconnect over real HTTP: scoped to the caller's account, removes
// only Rapport's subscriptions at the (fake) shop, deletes the secrets, idempotent.

const TOKEN = 'shpat_api_disconnect_0123456789abcd';
let server: TestServer;
let fake: ShopifyAppFake;
type Shop = { domain: string; accountId: string; connectionId: string; bearer: string };
let mine: Shop;
let other: Shop;

// Standalone logins: a disconnected custom-app store has no Shopify session to sign in with.
async function call(shop: Shop, method: string, path: string): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${shop.bearer}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  fake = await startShopifyAppFake({ apiKey: 'unused', apiSecret: 'unused', accessToken: TOKEN });
  server = await startTestServer({ PUBLIC_URL: 'https://crm.example.pk' }, undefined, {
    shopifyAdminOrigin: () => fake.origin,
    platformRetries: 0,
  });
  const t = server.runtime.tenancy;
  const shop = async (domain: string, accessToken?: string): Promise<Shop> => {
    const accountId = await t.createAccount(domain, 'PKR');
    const connectionId = (
      await t.upsertConnection({ accountId, platform: 'shopify', domain, currency: 'PKR', accessToken, webhookSecret: 'whsec-api' })
    ).id;
    await t.createAdminUser(accountId, `owner@${domain}`, 'a long enough password');
    return { domain, accountId, connectionId, bearer: (await t.login(`owner@${domain}`, 'a long enough password'))!.token };
  };
  mine = await shop('mine.myshopify.com', TOKEN);
  other = await shop('other.myshopify.com');
  fake.subscriptions.push(
    { id: 'gid://shopify/WebhookSubscription/1', topic: 'ORDERS_CREATE', uri: 'https://crm.example.pk/webhooks/shopify', format: 'JSON' },
    { id: 'gid://shopify/WebhookSubscription/2', topic: 'APP_UNINSTALLED', uri: 'https://crm.example.pk/webhooks/shopify', format: 'JSON' },
    { id: 'gid://shopify/WebhookSubscription/3', topic: 'ORDERS_CREATE', uri: 'https://erp.example.pk/hooks', format: 'JSON' },
  );
});
afterAll(async () => {
  await server.close();
  await fake.close();
});

describe('POST /api/connections/:id/disconnect', () => {
  it("answers 404 for another account's store and changes nothing", async () => {
    const r = await call(other, 'POST', `/api/connections/${mine.connectionId}/disconnect`);
    expect(r.status).toBe(404);
    expect(await server.runtime.tenancy.connection(mine.connectionId)).toMatchObject({ status: 'active' });
    expect(fake.subscriptions).toHaveLength(3);
  });

  it("removes Rapport's subscriptions at the shop and the secrets here; again is a no-op", async () => {
    const r = await call(mine, 'POST', `/api/connections/${mine.connectionId}/disconnect`);
    expect(r).toMatchObject({
      status: 200,
      body: {
        connectionId: mine.connectionId,
        status: 'disconnected',
        alreadyDisconnected: false,
        webhooksRemovedAtStore: 2,
        storeError: null,
      },
    });
    expect(fake.subscriptions.map((s) => s.uri)).toEqual(['https://erp.example.pk/hooks']);
    const gone = (await server.runtime.tenancy.connection(mine.connectionId))!;
    expect(gone.status).toBe('disconnected');
    expect(await server.runtime.tenancy.secrets(gone)).toMatchObject({
      accessToken: null,
      webhookSecret: null,
      apiKey: null,
      apiSecret: null,
    });
    const again = await call(mine, 'POST', `/api/connections/${mine.connectionId}/disconnect`);
    expect(again).toMatchObject({ status: 200, body: { alreadyDisconnected: true, webhooksRemovedAtStore: 0 } });
  });
});
