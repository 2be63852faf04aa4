import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, TEST_API_SECRET, type TestServer } from '../helpers/server.ts';
import { postShopify, sessionToken, shopifyHmac } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// Shopify keeps sending privacy webhooks for shops Rapport does not know (installed but never
// opened, or uninstalled and erased); they must get a 2xx once the app's HMAC verifies.

const PREVIOUS = 'previous-app-secret';
const UNKNOWN = 'never-opened.myshopify.com';
const KNOWN = 'uninstalled-shop.myshopify.com';
let server: TestServer;

const recorded = (shop = UNKNOWN) =>
  sql(server).all<{ topic: string; webhookId: string }>(
    'SELECT topic, webhook_id AS "webhookId" FROM shopify_unknown_shop_deliveries WHERE shop_domain = ? ORDER BY id',
    shop,
  );
const inboxCount = () => sql(server).count('SELECT count(*) AS n FROM webhook_inbox');

beforeAll(async () => {
  server = await startTestServer({ SHOPIFY_API_SECRET_PREVIOUS: PREVIOUS });
});
afterAll(() => server.close());

describe('privacy webhooks for a shop Rapport does not know', () => {
  const bodies: Record<string, string> = {
    'customers/data_request': fixture('shopify/customers-data-request.json', { shop_domain: UNKNOWN }),
    'customers/redact': fixture('shopify/customers-redact.json', { shop_domain: UNKNOWN }),
    'shop/redact': fixture('shopify/shop-redact.json', { shop_domain: UNKNOWN }),
    'app/uninstalled': `{"id": 1, "domain": "${UNKNOWN}"}`,
  };

  it.each(Object.keys(bodies))('%s -> 200, recorded (ids only), nothing queued', async (topic) => {
    const before = (await recorded()).length;
    const res = await postShopify(server.url, { topic, shop: UNKNOWN, body: bodies[topic]!, webhookId: `wh-${topic}` });
    expect(res.status).toBe(200);
    expect((await recorded()).slice(before)).toEqual([{ topic, webhookId: `wh-${topic}` }]);
    expect(await inboxCount()).toBe(0);
  });

  it('drops a retry of the same delivery, and accepts the previous app secret', async () => {
    const before = (await recorded()).length;
    const retry = await postShopify(server.url, {
      topic: 'shop/redact',
      shop: UNKNOWN,
      body: bodies['shop/redact']!,
      webhookId: 'wh-shop/redact',
    });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { duplicate: boolean }).duplicate).toBe(true);
    const rotated = await postShopify(server.url, {
      topic: 'customers/redact',
      shop: UNKNOWN,
      body: bodies['customers/redact']!,
      webhookId: 'wh-rotated',
      secret: PREVIOUS,
    });
    expect(rotated.status).toBe(200);
    expect((await recorded()).length).toBe(before + 1);
  });

  it('still refuses a bad signature (401) and other topics (404), recording nothing', async () => {
    const before = (await recorded()).length;
    const forged = await postShopify(server.url, {
      topic: 'shop/redact',
      shop: UNKNOWN,
      body: bodies['shop/redact']!,
      hmac: shopifyHmac(bodies['shop/redact']!, 'not-the-app-secret'),
    });
    expect(forged.status).toBe(401);
    const order = await postShopify(server.url, { topic: 'orders/create', shop: UNKNOWN, body: '{"id": 1}' });
    expect(order.status).toBe(404);
    expect((await recorded()).length).toBe(before);
    expect(await inboxCount()).toBe(0);
  });
});

describe('privacy webhooks for an uninstalled shop Rapport still knows', () => {
  it('applies customers/redact after app/uninstalled', async () => {
    const accountId = await server.runtime.tenancy.createAccount('Uninstalled Bazaar', 'USD');
    await server.runtime.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: KNOWN, currency: 'USD', country: 'PK' });
    const token = await sessionToken(KNOWN);
    const customer = fixture('shopify/customer-create.json', { id: 777, email: 'gone@example.pk' });
    expect((await postShopify(server.url, { topic: 'customers/create', shop: KNOWN, body: customer })).status).toBe(200);
    await server.drain();
    const list = await fetch(`${server.url}/api/customers?query=gone%40example.pk`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { customers: unknown[] }).customers).toHaveLength(1);

    expect((await postShopify(server.url, { topic: 'app/uninstalled', shop: KNOWN, body: `{"id": 1, "domain": "${KNOWN}"}` })).status).toBe(
      200,
    );
    await server.drain();
    expect((await server.runtime.tenancy.connectionByDomain('shopify', KNOWN))?.status).toBe('uninstalled');
    const redact = fixture('shopify/customers-redact.json', (b) => {
      b.shop_domain = KNOWN;
      b.customer = { id: 777, email: 'gone@example.pk', phone: null };
      b.orders_to_redact = [];
    });
    const res = await postShopify(server.url, { topic: 'customers/redact', shop: KNOWN, body: redact, secret: TEST_API_SECRET });
    expect(res.status).toBe(200);
    await server.drain();
    expect(await sql(server).count(`SELECT count(*) AS n FROM customers WHERE email = 'gone@example.pk'`)).toBe(0);
    expect(await recorded(KNOWN)).toEqual([]); // a known shop goes through the inbox
  });
});
