import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseSharedState } from '../../src/db/shared-state.repo.ts';
import { createWooConnect } from '../../src/platforms/woocommerce/connect.service.ts';
import { checkSiteUrl } from '../../src/platforms/woocommerce/site-url.ts';
import { startWooFake, type WooFake } from '../fakes/woocommerce.fake.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sql } from '../helpers/sql.ts';

// Connect, backfill and reconcile against the local WooCommerce fake, through the real server.

const PUBLIC_URL = 'https://rapport.example';
let server: TestServer;
let token: string;
let accountId: string;
const fakes: WooFake[] = [];

async function fake(opts: Parameters<typeof startWooFake>[0] = {}): Promise<WooFake> {
  const f = await startWooFake(opts);
  fakes.push(f);
  return f;
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const connect = (f: WooFake, over: Record<string, string> = {}) =>
  api('POST', '/api/connections/woocommerce', { url: f.url, consumerKey: f.consumerKey, consumerSecret: f.consumerSecret, ...over });

async function connected(f: WooFake): Promise<string> {
  const r = await connect(f);
  expect(r.status).toBe(201);
  await server.runtime.wooSync.idle(r.body.connection.id);
  return r.body.connection.id as string;
}

const n = (text: string, ...args: unknown[]) => sql(server).count(text, ...args);

beforeAll(async () => {
  // OUTBOUND_ALLOW_PRIVATE: the operator's escape hatch, for the local fake on 127.0.0.1.
  server = await startTestServer({ PUBLIC_URL, OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' }, undefined, {
    wooAllowHttpLoopback: true,
    platformRetries: 0,
  });
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Lahore Loom', 'PKR');
  await t.createAdminUser(accountId, 'owner@loom.example', 'correct horse battery');
  token = (await t.login('owner@loom.example', 'correct horse battery'))!.token;
});
afterEach(async () => {
  await server.runtime.wooSync.idle();
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});
afterAll(() => server.close());

describe('connect with pasted keys', () => {
  it.each([
    ['a bad URL', async () => ({ url: 'not a url' }), 'bad_url'],
    ['HTTP instead of HTTPS', async () => ({ url: 'http://shop.example.pk/' }), 'http_not_https'],
    [
      'wrong keys',
      async () => {
        const f = await fake();
        return { url: f.url, consumerKey: f.consumerKey, consumerSecret: 'cs_wrong_secret_000' };
      },
      'wrong_keys',
    ],
    [
      'no pretty permalinks',
      async () => {
        const f = await fake({ prettyPermalinks: false });
        return { url: f.url, consumerKey: f.consumerKey, consumerSecret: f.consumerSecret };
      },
      'pretty_permalinks_disabled',
    ],
    [
      'WooCommerce inactive',
      async () => {
        const f = await fake({ woocommerceActive: false });
        return { url: f.url, consumerKey: f.consumerKey, consumerSecret: f.consumerSecret };
      },
      'woocommerce_inactive',
    ],
  ] as const)('%s -> 400 naming it, nothing stored', async (_t, input, reason) => {
    const before = (await server.runtime.tenancy.listConnections()).length;
    const r = await api('POST', '/api/connections/woocommerce', {
      consumerKey: 'ck_test_1234',
      consumerSecret: 'cs_test_secret_5678',
      ...(await input()),
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual({ reason });
    expect(r.body.error.message.length).toBeGreaterThan(20);
    expect(await server.runtime.tenancy.listConnections()).toHaveLength(before);
  });

  it('plain http is refused for loopback too unless the runtime opts in', () => {
    expect(checkSiteUrl('http://127.0.0.1:8080/')).toMatchObject({ ok: false, reason: 'http_not_https' });
    expect(checkSiteUrl('http://127.0.0.1:8080/', { allowHttpLoopback: true })).toEqual({ ok: true, url: 'http://127.0.0.1:8080/' });
  });

  it('stores keys sealed, makes secrets, registers each webhook once even when connecting twice', async () => {
    const f = await fake();
    const first = await connect(f);
    expect(first.status).toBe(201);
    expect(first.body.connection.currency).toBe('PKR');
    const id = first.body.connection.id as string;
    await server.runtime.wooSync.idle(id);
    const c = (await server.runtime.tenancy.connection(id))!;
    const sealed = (await sql(server).get<{ v: string }>('SELECT api_secret_enc AS v FROM connections WHERE id = ?', id))!;
    expect(sealed.v).not.toContain(f.consumerSecret);
    expect(c).not.toHaveProperty('apiSecretEnc');
    const secrets = await server.runtime.tenancy.secrets(c);
    expect(secrets).toMatchObject({ apiKey: f.consumerKey, apiSecret: f.consumerSecret });
    expect(secrets.webhookSecret!.length).toBeGreaterThanOrEqual(24);
    expect(secrets.storefrontSecret!.length).toBeGreaterThanOrEqual(32);

    const again = await connect(f);
    expect(again.status).toBe(201);
    expect(again.body.connection.id).toBe(id);
    expect(again.body.webhooks.every((w: { action: string }) => w.action === 'ok')).toBe(true);
    await server.runtime.wooSync.idle(id);
    const hooks = [...f.webhooks.values()];
    expect(hooks.map((w) => w.topic).sort()).toEqual([
      'customer.created',
      'customer.deleted',
      'customer.updated',
      'order.created',
      'order.deleted',
      'order.restored',
      'order.updated',
      'product.created',
      'product.deleted',
      'product.restored',
      'product.updated',
    ]);
    expect(new Set(hooks.map((w) => w.delivery_url))).toEqual(new Set([`${PUBLIC_URL}/webhooks/woocommerce/${id}`]));
    expect(f.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/webhooks'))).toHaveLength(11);
    // Reconnecting does not import everything again: the reconcile continues from the watermark.
    expect(
      (await server.runtime.wooSync.deps.recorder.runs(id, 50)).filter((r) => r.kind === 'backfill' && r.resource === 'orders'),
    ).toHaveLength(1);
    // The same secret both times: webhooks created the first time keep verifying.
    expect(hooks.every((w) => w.secret === secrets.webhookSecret)).toBe(true);
    expect((await server.runtime.tenancy.secrets((await server.runtime.tenancy.connection(id))!)).webhookSecret).toBe(
      secrets.webhookSecret,
    );
  });
});

describe('backfill', () => {
  it('imports 120 customers and 250 orders over pages of 100, with progress', async () => {
    const f = await fake();
    for (let i = 0; i < 120; i++) {
      f.addCustomer({
        email: `c${i}@example.pk`,
        billing: { first_name: `C${i}`, email: `c${i}@example.pk`, phone: `0300${String(1000000 + i)}`, country: 'PK' },
      });
    }
    for (let i = 0; i < 250; i++)
      f.addOrder({ customer_id: 0, billing: { first_name: 'G', email: `g${i % 50}@example.pk`, phone: '', country: 'PK' } });
    const id = await connected(f);
    expect(await n('SELECT count(*) AS n FROM orders WHERE connection_id = ?', id)).toBe(250);
    expect(await n(`SELECT count(*) AS n FROM customer_identities WHERE connection_id = ? AND external_id NOT LIKE 'guest:%'`, id)).toBe(
      120,
    );
    const pages = f.requests.filter((r) => r.path.endsWith('/customers') || (r.path.endsWith('/orders') && r.query.per_page === '100'));
    expect(pages.every((r) => r.query.per_page === '100')).toBe(true);
    expect(pages.filter((r) => r.path.endsWith('/orders')).length).toBeGreaterThanOrEqual(3);

    const sync = await api('GET', `/api/connections/woocommerce/${id}/sync`);
    expect(sync.status).toBe(200);
    const byResource = Object.fromEntries(sync.body.runs.map((r: { resource: string }) => [r.resource, r]));
    expect(byResource.customers).toMatchObject({ kind: 'backfill', status: 'completed', done: 120, total: 120, percentage: 100 });
    expect(byResource.orders).toMatchObject({ kind: 'backfill', status: 'completed', done: 250, total: 250, percentage: 100 });
    expect(sync.body.state.ordersWatermark).toBe(
      [...f.orders.values()]
        .map((o) => String(o.date_modified_gmt))
        .sort()
        .at(-1),
    );
    expect(sync.body.webhooks).toHaveLength(11);
  });
});

describe('wc-auth key flow', () => {
  const KEY = `ck_${'a1'.repeat(20)}`;
  const SECRET = `cs_${'b2'.repeat(20)}`;
  const deliver = (body: unknown) =>
    fetch(`${server.url}/wc-auth/callback`, {
      // Exactly how WC_Auth::post_consumer_data sends it.
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify(body),
    });

  it('builds the authorize URL and stores the keys WooCommerce posts back (state checked, one use)', async () => {
    const f = await fake({ consumerKey: KEY, consumerSecret: SECRET });
    const r = await api('GET', `/api/connections/woocommerce/authorize-url?url=${encodeURIComponent(f.url)}`);
    expect(r.status).toBe(200);
    const u = new URL(r.body.url);
    expect(`${u.origin}${u.pathname}`).toBe(`${f.url}/wc-auth/v1/authorize`);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      app_name: 'Rapport',
      scope: 'read_write',
      callback_url: `${PUBLIC_URL}/wc-auth/callback`,
      return_url: expect.stringMatching(/^https:\/\/rapport\.example\//),
    });
    const state = u.searchParams.get('user_id')!;
    expect(state).toMatch(/^[\w-]+\.[\w-]+$/); // survives WooCommerce's wc_clean()
    const keys = { key_id: 7, user_id: state, consumer_key: KEY, consumer_secret: SECRET, key_permissions: 'read_write' };

    const tampered = `${state.slice(0, -2)}${state.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await deliver({ ...keys, user_id: tampered })).status).toBe(401);
    expect((await deliver({ ...keys, user_id: 'acc_123' })).status).toBe(401);
    expect((await deliver({ ...keys, consumer_key: 'nope' })).status).toBe(400);
    expect(await server.runtime.tenancy.connectionByDomain('woocommerce', `${f.url}/`)).toBeUndefined();

    const ok = await deliver(keys);
    expect(ok.status).toBe(200);
    const c = (await server.runtime.tenancy.connectionByDomain('woocommerce', `${f.url}/`))!;
    expect(c.accountId).toBe(accountId);
    expect(await server.runtime.tenancy.secrets(c)).toMatchObject({ apiKey: KEY, apiSecret: SECRET });
    expect((await deliver(keys)).status).toBe(401); // a state is good once
    // …on every web process: another one over the same database refuses it too.
    const other = createWooConnect(server.runtime.wooSync, createDatabaseSharedState(server.runtime.database));
    expect(await other.acceptCallback(keys)).toEqual({ ok: false, kind: 'unauthorized', message: 'Rejected: state already used' });
    await server.runtime.wooSync.idle(c.id);
    expect(f.webhooks.size).toBe(11); // set-up continued after the 200
    // The shop's time zone is read once the keys work (WordPress's Settings > General).
    await expect.poll(async () => (await server.runtime.tenancy.connection(c.id))?.timezone).toBe('Asia/Karachi');
  });

  it('refuses to hand out an authorize URL for a plain-http or malformed shop address', async () => {
    expect(
      (await api('GET', `/api/connections/woocommerce/authorize-url?url=${encodeURIComponent('http://shop.example.pk')}`)).body.error
        .details,
    ).toEqual({ reason: 'http_not_https' });
    expect((await api('GET', '/api/connections/woocommerce/authorize-url?url=nope')).status).toBe(400);
  });
});
