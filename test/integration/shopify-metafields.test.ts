import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomerTags, removeCustomerTags } from '../../src/platforms/shopify/metafields.ts';
import { startShopifyAppFake, type ShopifyAppFake } from '../fakes/shopify-app.fake.ts';
import { startTestServer, TEST_API_KEY, TEST_API_SECRET, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';
import { gqlCustomer } from '../helpers/shopify-orders.ts';
import { sql } from '../helpers/sql.ts';

// Loyalty balance and tier written to `$app:loyalty` customer metafields through metafieldsSet
// (<= 25 inputs a call), coalesced through platform_outbox, paced by the client's throttling.

const SHOP = 'loyal.myshopify.com';
let fake: ShopifyAppFake;
let server: TestServer;
let customers: Array<{ id: string; external_id: string }>;

beforeAll(async () => {
  fake = await startShopifyAppFake({
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    customers: Array.from({ length: 10 }, (_, i) => gqlCustomer(i + 1)),
  });
  server = await startTestServer({}, undefined, { shopifyAdminOrigin: () => fake.origin, platformRetries: 3, shopifyBulk: { pollMs: 1 } });
  expect((await api('/api/connections')).status).toBe(200); // installs, imports the 10 customers
  await server.runtime.shopify.idle();
  customers = await sql(server).all<(typeof customers)[number]>(
    `SELECT c.id, i.external_id FROM customers c JOIN customer_identities i ON i.customer_id = c.id
    ORDER BY i.external_id, c.id`,
  );
});
afterAll(async () => {
  await server.close();
  await fake.close();
});

async function api(path: string, body?: unknown) {
  return fetch(`${server.url}${path}`, {
    method: body ? 'POST' : 'GET',
    body: body ? JSON.stringify(body) : undefined,
    headers: { authorization: `Bearer ${await sessionToken(SHOP)}`, 'content-type': 'application/json' },
  });
}
const award = async (customerId: string, points: number) =>
  expect((await api(`/api/customers/${customerId}/points`, { points, note: 'test' })).status).toBe(201);
const sets = () => fake.requests.filter((r) => r.operation === 'metafieldsSet');

describe('loyalty metafields', () => {
  it('writes balance, pending and tier of every changed member, at most 25 metafields a call', async () => {
    expect(customers).toHaveLength(10);
    for (const [i, c] of customers.entries()) await award(c.id, 100 + i);
    const result = await server.runtime.shopify.writeBack();
    expect(result).toEqual({ written: 10, failed: 0 });
    expect(sets().map((r) => r.variables.metafields.length)).toEqual([24, 6]);
    expect(sets()[0]!.variables.metafields[0]).toMatchObject({ namespace: '$app:loyalty', key: 'points_balance', type: 'number_integer' });
    const first = fake.metafields.get(`gid://shopify/Customer/${customers[0]!.external_id}`)!;
    expect(Object.fromEntries([...first.values()].map((m) => [m.key, m.value]))).toEqual({
      points_balance: '100',
      points_pending: '0',
      tier: 'none',
    });
    expect(await sql(server).count('SELECT count(*) AS n FROM platform_outbox')).toBe(0);
  });

  it('coalesces a burst of changes into one write with the latest balance', async () => {
    const before = sets().length;
    await award(customers[1]!.id, 5);
    await award(customers[1]!.id, 7);
    fake.failNext(1, { type: 'throttled' }); // the client waits for the bucket and retries
    expect(await server.runtime.shopify.writeBack()).toEqual({ written: 1, failed: 0 });
    const calls = sets().slice(before);
    expect(calls.map((r) => r.variables.metafields.length)).toEqual([3, 3]); // throttled once, then written
    const mf = fake.metafields.get(`gid://shopify/Customer/${customers[1]!.external_id}`)!;
    expect(mf.get('app--1234--loyalty.points_balance')!.value).toBe(String(101 + 12));
    expect(await server.runtime.shopify.writeBack()).toEqual({ written: 0, failed: 0 }); // nothing changed since
  });

  it('saves how far it scanned, so a restart resumes there instead of rewriting every member', async () => {
    const head = await sql(server).count('SELECT max(id) AS id FROM points_ledger');
    const saved = (await sql(server).value<string>(`SELECT value FROM job_state WHERE name = 'shopify.loyalty_metafields.scan'`))!;
    expect(JSON.parse(saved).ledgerId).toBe(head);
  });

  it('adds and removes customer tags', async () => {
    const client = (await server.runtime.shopify.auth!.adminClient(SHOP))!;
    const gid = `gid://shopify/Customer/${customers[2]!.external_id}`;
    expect(await addCustomerTags(client, gid, ['rapport-gold', 'rapport-vip'])).toEqual({ ok: true });
    expect(await removeCustomerTags(client, gid, ['rapport-vip'])).toEqual({ ok: true });
    expect([...fake.tags.get(gid)!]).toEqual(['rapport-gold']);
  });
});
