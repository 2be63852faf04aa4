import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifyAppFake, type ShopifyAppFake } from '../fakes/shopify-app.fake.ts';
import { startTestServer, TEST_API_KEY, TEST_API_SECRET, type TestServer } from '../helpers/server.ts';
import { actorNames } from '../../src/db/queries/actors.query.ts';
import { fixture } from '../helpers/fixtures.ts';
import { postShopify, sessionToken } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// Install through token exchange with the real @shopify/shopify-api against the local fake of
// POST /admin/oauth/access_token; expiring offline tokens refreshed one at a time; app/uninstalled
// drops the sessions when the worker applies it (the ack only records it); reinstall reactivates
// the same connection.

const SHOP = 'new-merchant.myshopify.com';
let fake: ShopifyAppFake;
let server: TestServer;

beforeAll(async () => {
  fake = await startShopifyAppFake({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET });
  server = await startTestServer(
    { SHOPIFY_API_SECRET_PREVIOUS: 'the-previous-secret', PUBLIC_URL: 'https://rapport.example.net/' },
    undefined,
    {
      shopifyAdminOrigin: () => fake.origin,
      platformRetries: 0,
      shopifyBulk: { pollMs: 1 },
    },
  );
});
afterAll(async () => {
  await server.close();
  await fake.close();
});

const api = async (token: string) => fetch(`${server.url}/api/connections`, { headers: { authorization: `Bearer ${token}` } });
// is_online reads as 0/1 on SQLite, true/false on PostgreSQL.
const sessionRows = async (): Promise<Record<string, any>[]> =>
  (await sql(server).all('SELECT * FROM shopify_sessions WHERE shop = ? ORDER BY id', SHOP)).map((r) => ({
    ...r,
    is_online: Boolean(r.is_online),
  }));

describe('install by token exchange', () => {
  it('exchanges the first session token for an expiring offline token and creates the account', async () => {
    const res = await api(await sessionToken(SHOP));
    expect(res.status).toBe(200);
    const { connections } = (await res.json()) as { connections: Array<{ domain: string; currency: string; status: string }> };
    expect(connections).toEqual([expect.objectContaining({ domain: SHOP, currency: 'PKR', status: 'active' })]);
    expect(fake.oauthRequests).toHaveLength(1);
    expect(fake.oauthRequests[0]!.body).toMatchObject({
      client_id: TEST_API_KEY,
      client_secret: TEST_API_SECRET,
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      requested_token_type: 'urn:shopify:params:oauth:token-type:offline-access-token',
      expiring: '1',
    });
    const [row] = await sessionRows();
    expect(row).toMatchObject({ id: `offline_${SHOP}`, is_online: false, scope: expect.stringContaining('read_all_orders') });
    expect(row!.access_token_enc).toMatch(/^v1\./); // sealed, never plaintext
    // The shop's own time zone (shop.ianaTimezone): its "today" for birthday points.
    expect((await server.runtime.tenancy.connectionByDomain('shopify', SHOP))?.timezone).toBe('Asia/Karachi');
    expect(row!.refresh_token_enc).toMatch(/^v1\./);
    expect(Date.parse(row!.expires_at) - Date.now()).toBeGreaterThan(3_000_000);
    await server.runtime.shopify.idle(); // the install started a backfill (empty shop)
  });

  it("tells the shop's checkout blocks where Rapport runs, in the app-owned shop metafield they declare", () => {
    const shopMetafields = fake.metafields.get('gid://shopify/Shop/1234');
    expect(shopMetafields?.get('app--1234--loyalty.backend_url')).toEqual({
      namespace: 'app--1234--loyalty',
      key: 'backend_url',
      type: 'url',
      value: 'https://rapport.example.net',
    });
  });

  it('learns who the staff member is from an online token, once, and keeps only that', async () => {
    // Exchanged in the background with the same session token, for the token's user (sub 42).
    const online = fake.oauthRequests.filter(
      (r) => r.body.requested_token_type === 'urn:shopify:params:oauth:token-type:online-access-token',
    );
    expect(online).toHaveLength(1);
    expect(online[0]!.body.subject_token).toBe(fake.oauthRequests[0]!.body.subject_token);
    const row = (await sessionRows()).find((r) => r.is_online)!;
    expect(row).toMatchObject({ id: `${SHOP}_42`, user_id: '42' });
    expect(row.access_token_enc).toBeNull(); // the staff member's token itself is not kept
    expect(JSON.parse(row.online_access_info).associated_user).toMatchObject({ first_name: 'Ayesha', last_name: 'Khan' });
    expect(JSON.stringify(row)).not.toMatch(/shpat_/);
  });

  it('names that staff member on the notes and points adjustments they make', async () => {
    const res = await postShopify(server.url, { topic: 'customers/create', shop: SHOP, body: fixture('shopify/customer-create.json') });
    expect(res.status).toBe(200);
    await server.drain();
    const headers = { authorization: `Bearer ${await sessionToken(SHOP)}`, 'content-type': 'application/json' };
    const id = (await sql(server).value<string>('SELECT id FROM customers ORDER BY created_at DESC, id DESC LIMIT 1'))!;
    const note = await fetch(`${server.url}/api/customers/${id}/notes`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ body: 'Called about her COD order' }),
    });
    expect(await note.json()).toMatchObject({ author: `shopify:${SHOP}:42`, authorName: 'Ayesha Khan' });
    const adjust = await fetch(`${server.url}/api/customers/${id}/points`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ points: 25, note: 'Goodwill' }),
    });
    expect(adjust.status).toBe(201);
    const ledger = (await (await fetch(`${server.url}/api/customers/${id}/points`, { headers })).json()) as {
      entries: Array<Record<string, unknown>>;
    };
    expect(ledger.entries[0]).toMatchObject({ reason: 'manual', points: 25, actorName: 'Ayesha Khan' });
    // Another account's rows cannot borrow this store's staff names.
    const elsewhere = await server.runtime.tenancy.createAccount('Elsewhere', 'PKR');
    expect((await actorNames(server.runtime.database, elsewhere, [`shopify:${SHOP}:42`])).size).toBe(0);
  });

  it('later calls need no call to Shopify', async () => {
    const before = fake.oauthRequests.length;
    expect((await api(await sessionToken(SHOP))).status).toBe(200);
    await server.runtime.shopify.idle();
    expect(fake.oauthRequests).toHaveLength(before);
  });

  it('refreshes a token near expiry once, however many callers ask at the same time', async () => {
    await sql(server).run('UPDATE shopify_sessions SET expires_at = ? WHERE shop = ?', new Date(Date.now() + 60_000).toISOString(), SHOP);
    const auth = server.runtime.shopify.auth!;
    const before = (await server.runtime.shopify.sessions.loadSession(`offline_${SHOP}`))!;
    const tokens = await Promise.all([auth.accessToken(SHOP), auth.accessToken(SHOP), auth.accessToken(SHOP)]);
    const refreshes = fake.oauthRequests.filter((r) => r.grantType === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.body.refresh_token).toBe(before.refreshToken);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(before.accessToken);
    const after = (await server.runtime.shopify.sessions.loadSession(`offline_${SHOP}`))!;
    expect(after.refreshToken).not.toBe(before.refreshToken); // replaced on every use
    const client = await auth.adminClient(SHOP);
    expect((await client!.query('query { shop { name } }')).ok).toBe(true);
  });

  it('app/uninstalled drops every token of the shop with the status change; a reinstall exchanges again and reactivates the connection', async () => {
    const id = (await server.runtime.tenancy.connectionByDomain('shopify', SHOP))!.id;
    // Signed with the previous secret: accepted during a rotation, like session tokens.
    const uninstall = {
      topic: 'app/uninstalled',
      shop: SHOP,
      body: JSON.stringify({ id: 1, domain: SHOP }),
      secret: 'the-previous-secret',
      webhookId: 'uninstall-1',
      eventId: 'uninstall-event-1',
    };
    const res = await postShopify(server.url, uninstall);
    expect(res.status).toBe(200);
    await server.drain();
    expect(await sessionRows()).toEqual([]);
    expect((await server.runtime.tenancy.connectionByDomain('shopify', SHOP))!.status).toBe('uninstalled');
    // Nothing Rapport holds reaches the shop any more: no offline token, for the app or for background work.
    expect(await server.runtime.shopify.auth!.adminClient(SHOP)).toBeNull();
    expect(await server.runtime.shopify.adminClientFor(id)).toBeNull();
    expect((await server.runtime.shopify.startBackfill(id)).started).toBe(false);

    expect((await api(await sessionToken(SHOP))).status).toBe(200);
    await server.runtime.shopify.idle();
    const offline = (r: { body: Record<string, string> }) =>
      r.body.requested_token_type === 'urn:shopify:params:oauth:token-type:offline-access-token';
    expect(fake.oauthRequests.filter(offline)).toHaveLength(2);
    const again = (await server.runtime.tenancy.connectionByDomain('shopify', SHOP))!;
    expect(again).toMatchObject({ id, status: 'active', uninstalledAt: null });
    // The offline session, and the staff member's online one learned again after the reinstall.
    expect((await sessionRows()).map((r) => r.is_online).sort()).toEqual([false, true]);

    // Shopify retrying the old delivery is dropped at the door: the reinstall's tokens stay.
    const retry = await postShopify(server.url, uninstall);
    expect(await retry.json()).toMatchObject({ duplicate: true });
    await server.drain();
    expect((await sessionRows()).map((r) => r.is_online).sort()).toEqual([false, true]);
    expect((await server.runtime.tenancy.connectionByDomain('shopify', SHOP))!.status).toBe('active');
    expect(await server.runtime.shopify.auth!.adminClient(SHOP)).not.toBeNull();
  });

  it('a token Shopify refuses to exchange is a 401', async () => {
    const res = await api(await sessionToken('refused.myshopify.com', { secret: 'the-previous-secret' }));
    expect(res.status).toBe(401); // the fake only knows the current secret, as Shopify would after rotating
    expect(await server.runtime.tenancy.connectionByDomain('shopify', 'refused.myshopify.com')).toBeUndefined();
  });
});
