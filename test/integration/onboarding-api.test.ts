import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_API_KEY, type TestServer } from '../helpers/server.ts';
import { appProxyQuery, sessionToken } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// Home's first-hour checklist: computed from the account's own data (a connection, a running
// program, the widget's first storefront call) and the merchant's marks; never another account's.

const SHOP_A = 'onboard-a.myshopify.com';
const SHOP_B = 'onboard-b.myshopify.com';
const WOO_SITE = 'https://woo-onboard.example.pk/';

let server: TestServer;
let accountA: string;
let connA: string;
let standaloneToken: string;

type Step = { id: string; done: boolean; by: string | null };
type State = {
  steps: Step[];
  complete: boolean;
  dismissed: boolean;
  store: { platform: string; domain: string } | null;
  widget: Record<string, string | null>;
};

async function call(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
const stateFor = async (token: string): Promise<State> => {
  const r = await call('GET', '/api/onboarding', token);
  expect(r.status).toBe(200);
  return r.body as State;
};
const done = (s: State) => Object.fromEntries(s.steps.map((x) => [x.id, x.done]));

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  accountA = await t.createAccount('Onboard A', 'PKR');
  const b = await t.createAccount('Onboard B', 'PKR');
  connA = (await t.upsertConnection({ accountId: accountA, platform: 'shopify', domain: SHOP_A, accessToken: 'shpat_a', country: 'PK' }))
    .id;
  await t.upsertConnection({ accountId: b, platform: 'shopify', domain: SHOP_B, accessToken: 'shpat_b', country: 'IN' });
  // A standalone merchant with no store yet (the first run before connecting WooCommerce).
  const fresh = await t.createAccount('Fresh Woo', 'PKR');
  await t.createAdminUser(fresh, 'owner@fresh.example', 'correct horse battery');
  standaloneToken = (await t.login('owner@fresh.example', 'correct horse battery'))!.token;
});
afterAll(() => server.close());

describe('GET /api/onboarding', () => {
  it('opens every step but the owner for a fresh account without a store', async () => {
    const s = await stateFor(standaloneToken);
    expect(done(s)).toEqual({ owner: true, connect: false, launch: false, widget: false, preview: false });
    expect(s).toMatchObject({
      complete: false,
      dismissed: false,
      store: null,
      widget: { themeEditorUrl: null, pluginsUrl: null, firstSeenAt: null },
    });
  });

  it('ticks "connect" for a Shopify shop and links the theme editor with our app embed', async () => {
    const s = await stateFor(await sessionToken(SHOP_A));
    expect(done(s)).toMatchObject({ connect: true, launch: false, widget: false });
    expect(s.store).toEqual({ platform: 'shopify', domain: SHOP_A, country: 'PK' });
    expect(s.widget.themeEditorUrl).toBe(
      `https://${SHOP_A}/admin/themes/current/editor?context=apps&activateAppId=${TEST_API_KEY}/rapport-embed`,
    );
  });

  it('ticks "launch" once the program runs, not while it is saved switched off', async () => {
    const token = await sessionToken(SHOP_A);
    const settings = (await call('GET', '/api/loyalty/program', token)).body.proposed;
    expect((await call('PUT', '/api/loyalty/program', token, { ...settings, enabled: false })).status).toBe(200);
    expect(done(await stateFor(token)).launch).toBe(false);
    expect((await call('PUT', '/api/loyalty/program', token, { ...settings, enabled: true })).status).toBe(200);
    expect(done(await stateFor(token)).launch).toBe(true);
  });

  it("shows WordPress' plugin screen for a WooCommerce store", async () => {
    const t = server.runtime.tenancy;
    const w = await t.createAccount('Woo Onboard', 'PKR');
    await t.upsertConnection({
      accountId: w,
      platform: 'woocommerce',
      domain: WOO_SITE,
      currency: 'PKR',
      storefrontSecret: 'woo-storefront-secret-0123456789abcdef',
    });
    await t.createAdminUser(w, 'owner@woo-onboard.example', 'correct horse battery');
    const token = (await t.login('owner@woo-onboard.example', 'correct horse battery'))!.token;
    const s = await stateFor(token);
    expect(s.store?.platform).toBe('woocommerce');
    expect(s.widget).toMatchObject({ pluginsUrl: `${WOO_SITE}wp-admin/plugins.php`, themeEditorUrl: null });
  });
});

describe('the storefront widget step', () => {
  const storefront = () => fetch(`${server.url}/storefront/shopify/loyalty?${appProxyQuery({ shop: SHOP_A })}`);
  const rows = () =>
    sql(server).all<{ connection_id: string; first_seen_at: string }>(
      'SELECT connection_id, first_seen_at FROM storefront_first_seen ORDER BY connection_id',
    );

  it('is done from data when the widget first calls the shopper API, written once per store', async () => {
    const before = await stateFor(await sessionToken(SHOP_A));
    expect(before.widget.firstSeenAt).toBeNull();
    expect((await storefront()).status).toBe(200);
    expect(await rows()).toEqual([{ connection_id: connA, first_seen_at: expect.any(String) }]);
    const after = await stateFor(await sessionToken(SHOP_A));
    expect(after.steps.find((s) => s.id === 'widget')).toEqual({ id: 'widget', done: true, by: 'data' });
    expect(after.widget.firstSeenAt).toBe((await rows())[0]!.first_seen_at);
  });

  it('does not write again on later storefront requests (the in-memory guard)', async () => {
    // Remove the row behind the server's back: only a write on the hot path could bring it back.
    await sql(server).run('DELETE FROM storefront_first_seen');
    for (let i = 0; i < 3; i++) expect((await storefront()).status).toBe(200);
    expect(await rows()).toEqual([]);
  });

  it('is not touched by a refused storefront request', async () => {
    const res = await fetch(`${server.url}/storefront/shopify/loyalty?${appProxyQuery({ shop: SHOP_B, secret: 'not-the-secret' })}`);
    expect(res.status).toBe(401);
    expect(await rows()).toEqual([]);
  });
});

describe('marks and dismissal', () => {
  it('keeps a manual "widget is on" and the preview as seen, by the merchant', async () => {
    const token = await sessionToken(SHOP_B);
    const r = await call('POST', '/api/onboarding/steps/widget/done', token);
    expect(r.status).toBe(200);
    expect(r.body.steps.find((s: Step) => s.id === 'widget')).toEqual({ id: 'widget', done: true, by: 'merchant' });
    expect(done(await stateFor(token)).widget).toBe(true);
    expect((await call('POST', '/api/onboarding/steps/preview/done', token)).status).toBe(200);
    expect(done(await stateFor(token)).preview).toBe(true);
  });

  it.each([['owner'], ['connect'], ['launch'], ['anything']])('refuses to mark "%s" by hand, and changes nothing', async (step) => {
    const token = await sessionToken(SHOP_A);
    const before = await stateFor(token);
    const r = await call('POST', `/api/onboarding/steps/${step}/done`, token);
    expect(r.status).toBe(400);
    expect(await stateFor(token)).toEqual(before);
  });

  it("never shows or changes another account's state", async () => {
    // B marked its widget and preview above; A's stay open (A's widget step was done from data, then the row was removed).
    const a = await stateFor(await sessionToken(SHOP_A));
    expect(done(a)).toMatchObject({ widget: false, preview: false });
    expect(a.store?.domain).toBe(SHOP_A);
    const b = await stateFor(await sessionToken(SHOP_B));
    expect(b.store?.domain).toBe(SHOP_B);
    expect(done(b).launch).toBe(false);
  });

  it('refuses to hide an unfinished checklist (409), then hides it once every step is done', async () => {
    const token = await sessionToken(SHOP_B);
    const refused = await call('POST', '/api/onboarding/dismiss', token);
    expect(refused.status).toBe(409);
    expect((await stateFor(token)).dismissed).toBe(false);
    const settings = (await call('GET', '/api/loyalty/program', token)).body.proposed;
    expect((await call('PUT', '/api/loyalty/program', token, { ...settings, enabled: true })).status).toBe(200);
    const ok = await call('POST', '/api/onboarding/dismiss', token);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ complete: true, dismissed: true });
    expect((await stateFor(token)).dismissed).toBe(true);
    expect((await stateFor(await sessionToken(SHOP_A))).dismissed).toBe(false);
  });

  it('needs a signed-in caller', async () => {
    expect((await fetch(`${server.url}/api/onboarding`)).status).toBe(401);
  });
});
