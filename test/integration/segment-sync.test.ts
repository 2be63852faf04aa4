import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifyAppFake, type ShopifyAppFake } from '../fakes/shopify-app.fake.ts';
import { startWooFake, type WooFake } from '../fakes/woocommerce.fake.ts';
import { startTestServer, TEST_API_KEY, TEST_API_SECRET, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';
import { gqlCustomer } from '../helpers/shopify-orders.ts';
import { sql } from '../helpers/sql.ts';

// Sync out: a segment with a store tag mirrors itself as a Shopify customer tag (tagsAdd /
// tagsRemove) and as WooCommerce's `rapport_segments` customer meta (customers/batch), through
// the real server and job, against the local fakes. Idempotent, retried, and taken off again.

const SHOP = 'mirror.myshopify.com';
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

describe('Shopify customer tags', () => {
  let fake: ShopifyAppFake;
  let server: TestServer;
  let customers: Array<{ id: string; external_id: string }>;

  beforeAll(async () => {
    fake = await startShopifyAppFake({
      apiKey: TEST_API_KEY,
      apiSecret: TEST_API_SECRET,
      customers: Array.from({ length: 6 }, (_, i) => gqlCustomer(i + 1)),
    });
    server = await startTestServer({}, undefined, {
      shopifyAdminOrigin: () => fake.origin,
      platformRetries: 3,
      shopifyBulk: { pollMs: 1 },
    });
    expect((await api('GET', '/api/connections')).status).toBe(200); // installs, imports the customers
    await server.runtime.shopify.idle();
    customers = await sql(server).all<(typeof customers)[number]>(
      `SELECT c.id, i.external_id FROM customers c JOIN customer_identities i ON i.customer_id = c.id ORDER BY i.external_id`,
    );
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${await sessionToken(SHOP)}`, 'content-type': 'application/json' },
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }
  const award = async (customerId: string, points: number) =>
    expect((await api('POST', `/api/customers/${customerId}/points`, { points, note: 'test' })).status).toBe(201);
  // The fake's tag map holds what tagsAdd / tagsRemove did (the imported customers' own tags are not in it).
  const tagsOf = (i: number) => [...(fake.tags.get(`gid://shopify/Customer/${customers[i]!.external_id}`) ?? [])].sort();
  const tagCalls = () => fake.requests.filter((r) => r.operation === 'tagsAdd' || r.operation === 'tagsRemove').length;
  let segmentId: string;

  it('tags the members of a segment with a store tag, and only them', async () => {
    await award(customers[0]!.id, 150);
    await award(customers[1]!.id, 300);
    await award(customers[2]!.id, 20);
    const created = await api('POST', '/api/segments', {
      name: 'Big savers',
      query: 'points_balance >= 100',
      syncTag: 'rapport-big-savers',
    });
    expect(created.status).toBe(201);
    expect(created.body.syncTag).toBe('rapport-big-savers');
    segmentId = created.body.id;
    const r = await server.runtime.segmentSync.run();
    expect(r).toMatchObject({ checked: 1, written: 2, failed: 0 });
    expect(tagsOf(0)).toEqual(['rapport-big-savers']);
    expect(tagsOf(1)).toEqual(['rapport-big-savers']);
    expect(tagsOf(2)).toEqual([]);
    const status = await api('GET', `/api/segments/${segmentId}/sync`);
    expect(status.body).toEqual({ syncTag: 'rapport-big-savers', storeCustomers: 2, pushed: 2, pending: 0, failing: 0, lastError: null });
  });

  it('follows customers entering and leaving, and sends nothing when nothing changed', async () => {
    await award(customers[2]!.id, 100); // 120: enters
    await award(customers[0]!.id, -100); // 50: leaves
    expect(await sql(server).count('SELECT count(*) AS n FROM segment_sync_queue')).toBe(2);
    const before = tagCalls();
    expect(await server.runtime.segmentSync.run()).toMatchObject({ written: 2, failed: 0 });
    expect(tagCalls() - before).toBe(2); // one tagsAdd, one tagsRemove
    expect(tagsOf(0)).toEqual([]);
    expect(tagsOf(2)).toEqual(['rapport-big-savers']);
    const again = tagCalls();
    expect(await server.runtime.segmentSync.run()).toMatchObject({ enqueued: 0, written: 0 });
    expect(tagCalls()).toBe(again);
  });

  it('retries a write the store refused, later', async () => {
    await award(customers[3]!.id, 500);
    fake.failNext(4, { type: 'status', status: 503 });
    const first = await server.runtime.segmentSync.run();
    expect(first).toMatchObject({ written: 0, failed: 1 });
    const status = await api('GET', `/api/segments/${segmentId}/sync`);
    expect(status.body).toMatchObject({ pending: 1, failing: 1 });
    expect(status.body.lastError).toEqual(expect.any(String));
    expect(await server.runtime.segmentSync.run()).toMatchObject({ written: 0, failed: 0 }); // not due yet
    expect(await server.runtime.segmentSync.run(later(5))).toMatchObject({ written: 1, failed: 0 });
    expect(tagsOf(3)).toEqual(['rapport-big-savers']);
  });

  it('moves every member to a new tag, and takes the tag off when the segment goes', async () => {
    const renamed = await api('PATCH', `/api/segments/${segmentId}`, { syncTag: 'savers' });
    expect(renamed.status).toBe(200);
    await server.runtime.segmentSync.run();
    for (const i of [1, 2, 3]) expect(tagsOf(i)).toEqual(['savers']);
    expect(tagsOf(0)).toEqual([]);
    expect((await api('DELETE', `/api/segments/${segmentId}`)).status).toBe(200);
    await server.runtime.segmentSync.run();
    for (const i of [0, 1, 2, 3, 4, 5]) expect(tagsOf(i)).toEqual([]);
    expect(await sql(server).count('SELECT count(*) AS n FROM segment_tag_pushes')).toBe(0);
  });

  it('mirrors a built-in by its tag alone, and refuses a taken or malformed tag', async () => {
    const { body } = await api('GET', '/api/segments');
    const champions = body.segments.find((s: { builtIn: string | null }) => s.builtIn === 'first_time_buyers');
    expect((await api('PATCH', `/api/segments/${champions.id}`, { name: 'Mine now' })).status).toBe(409);
    expect((await api('PATCH', `/api/segments/${champions.id}`, { syncTag: 'first-timers' })).status).toBe(200);
    const taken = await api('POST', '/api/segments', { name: 'Other', query: 'points_balance > 0', syncTag: 'first-timers' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain(champions.name);
    const comma = await api('POST', '/api/segments', { name: 'Other', query: 'points_balance > 0', syncTag: 'a,b' });
    expect(comma.status).toBe(400);
    expect(await sql(server).count(`SELECT count(*) AS n FROM segments WHERE name = 'Other'`)).toBe(0);
    expect((await api('PATCH', `/api/segments/${champions.id}`, { syncTag: null })).status).toBe(200);
  });
});

describe('WooCommerce customer meta', () => {
  let woo: WooFake;
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    woo = await startWooFake();
    for (let i = 0; i < 3; i++) {
      const email = `woo${i}@example.pk`;
      woo.addCustomer({ email, first_name: `Woo${i}`, billing: { email, phone: `0300555000${i}`, city: 'Multan', country: 'PK' } });
    }
    server = await startTestServer({ PUBLIC_URL: 'https://rapport.example', OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' }, undefined, {
      wooAllowHttpLoopback: true,
      platformRetries: 0,
    });
    const t = server.runtime.tenancy;
    const accountId = await t.createAccount('Multan Mangoes', 'PKR');
    await t.createAdminUser(accountId, 'owner@mangoes.example', 'correct horse battery');
    token = (await t.login('owner@mangoes.example', 'correct horse battery'))!.token;
    const r = await api('POST', '/api/connections/woocommerce', {
      url: woo.url,
      consumerKey: woo.consumerKey,
      consumerSecret: woo.consumerSecret,
    });
    expect(r.status).toBe(201);
    await server.runtime.wooSync.idle(r.body.connection.id);
  });
  afterAll(async () => {
    await server.close();
    await woo.close();
  });

  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }
  const metaOf = (email: string) => {
    const c = [...woo.customers.values()].find((x) => x.email === email)!;
    return ((c.meta_data ?? []) as Array<{ key: string; value: unknown }>).filter((m) => m.key === 'rapport_segments').map((m) => m.value);
  };
  const idOf = async (email: string) => (await sql(server).value<string>('SELECT id FROM customers WHERE email = ?', email))!;

  it('writes every mirrored segment a customer is in as one meta value, in batches', async () => {
    for (const [i, points] of [200, 50, 400].entries()) {
      expect((await api('POST', `/api/customers/${await idOf(`woo${i}@example.pk`)}/points`, { points, note: 't' })).status).toBe(201);
    }
    expect((await api('POST', '/api/segments', { name: 'Savers', query: 'points_balance >= 100', syncTag: 'savers' })).status).toBe(201);
    expect((await api('POST', '/api/segments', { name: 'Whales', query: 'points_balance >= 300', syncTag: 'whales' })).status).toBe(201);
    const before = woo.requests.length;
    expect(await server.runtime.segmentSync.run()).toMatchObject({ written: 2, failed: 0 });
    const batches = woo.requests.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/customers/batch'));
    expect(batches).toHaveLength(1);
    expect(metaOf('woo0@example.pk')).toEqual(['savers']);
    expect(metaOf('woo1@example.pk')).toEqual([]);
    expect(metaOf('woo2@example.pk')).toEqual(['savers, whales']);
  });

  it('empties the value when the customer leaves the last mirrored segment', async () => {
    expect((await api('POST', `/api/customers/${await idOf('woo0@example.pk')}/points`, { points: -150, note: 't' })).status).toBe(201);
    expect(await server.runtime.segmentSync.run()).toMatchObject({ written: 1 });
    expect(metaOf('woo0@example.pk')).toEqual(['']);
  });
});
