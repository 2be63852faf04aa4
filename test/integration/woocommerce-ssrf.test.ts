import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooFake, type WooFake } from '../fakes/woocommerce.fake.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// A logged-in account must not make Rapport connect to internal addresses (SSRF): loopback,
// private, link-local (cloud metadata), in any spelling, by name or literal, on connect and on
// every later REST call to a stored store URL. The refusal never says what answered. This server
// has no OUTBOUND_ALLOW_PRIVATE, so even the local fake on 127.0.0.1 is out of bounds: it must
// not receive a single request.

const PUBLIC_URL = 'https://rapport.example';
let server: TestServer;
let token: string;
let accountId: string;
let fake: WooFake;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  server = await startTestServer({ PUBLIC_URL }, undefined, { wooAllowHttpLoopback: true, platformRetries: 0 });
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Prober', 'PKR');
  await t.createAdminUser(accountId, 'owner@prober.example', 'correct horse battery');
  token = (await t.login('owner@prober.example', 'correct horse battery'))!.token;
  fake = await startWooFake();
});
afterAll(async () => {
  await server.close();
  await fake.close();
});

describe('store URLs that point inside the network', () => {
  const port = () => new URL(fake.url).port;
  const cases: Array<[string, () => string]> = [
    ['the loopback fake itself (http)', () => fake.url],
    ['loopback over https', () => `https://127.0.0.1:${port()}/`],
    ['a host name resolving to loopback', () => `http://localhost:${port()}/`],
    ['loopback spelled as a number', () => `https://2130706433:${port()}/`],
    ['IPv4-mapped IPv6 loopback', () => `https://[::ffff:127.0.0.1]:${port()}/`],
    ['IPv6 loopback', () => `https://[::1]:${port()}/`],
    ['a private (RFC 1918) address', () => 'https://10.0.0.5/'],
    ['cloud metadata (link-local)', () => 'https://169.254.169.254/'],
    ['CGNAT', () => 'https://100.64.0.1/'],
    ['unique-local IPv6', () => 'https://[fd00::1]/'],
  ];

  it.each(cases)('refuses %s with 400 private_address, the same words every time', async (_name, url) => {
    const r = await api('POST', '/api/connections/woocommerce', {
      url: url(),
      consumerKey: fake.consumerKey,
      consumerSecret: fake.consumerSecret,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual({ reason: 'private_address' });
    expect(r.body.error.message).toBe(
      "Rapport connects only to public internet addresses, and this shop address is private or internal. Use the shop's public https:// address.",
    );
    const authorize = await api('GET', `/api/connections/woocommerce/authorize-url?url=${encodeURIComponent(url())}`);
    expect(authorize.status).toBe(400);
    expect(authorize.body.error.details).toEqual({ reason: 'private_address' });
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses every later REST call to a stored private store URL (reconcile, webhooks, coupons)', async () => {
    // As if the store was connected from the command line, or its name later pointed inside.
    const c = await server.runtime.tenancy.upsertConnection({
      accountId,
      platform: 'woocommerce',
      domain: `${fake.url}/`,
      currency: 'PKR',
      apiKey: fake.consumerKey,
      apiSecret: fake.consumerSecret,
      webhookSecret: 'whsec-0123456789abcdef',
      storefrontSecret: 'sf-0123456789abcdef0123456789abcdef',
    });
    await expect(server.runtime.wooSync.reconcile(c.id)).rejects.toMatchObject({ code: 'private_address' });
    await expect(server.runtime.wooSync.registerWebhooks(c.id)).rejects.toMatchObject({ code: 'private_address' });
    const issuer = await server.runtime.discountIssuers.issuerFor(
      (await server.runtime.store.transaction((repos) => repos.connections.get(c.id)))!,
    );
    const coupon = await issuer!.create({
      code: 'RAP-7QX2M9',
      title: 'Rapport: PKR 500 off',
      kind: 'fixed_amount',
      amountMinor: 50_000,
      percentage: null,
      productExternalId: null,
      currency: 'PKR',
      minimumOrderMinor: null,
      customer: { externalId: '26', email: 'bilal@example.pk' },
      startsAt: '2026-11-20T10:00:00.000Z',
      expiresAt: '2027-01-31T18:59:59.000Z',
    });
    expect(coupon.ok).toBe(false);
    const reconcile = await api('POST', `/api/connections/woocommerce/${c.id}/reconcile`, {});
    expect(JSON.stringify(reconcile.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|system_status/);
    expect(fake.requests).toHaveLength(0);
  });

  it('checks the addresses a stored host name resolves to at connect time, not only when it was typed', async () => {
    const c = await server.runtime.tenancy.upsertConnection({
      accountId,
      platform: 'woocommerce',
      domain: `http://localhost:${new URL(fake.url).port}/`,
      currency: 'PKR',
      apiKey: fake.consumerKey,
      apiSecret: fake.consumerSecret,
      webhookSecret: 'whsec-0123456789abcdef',
      storefrontSecret: 'sf-0123456789abcdef0123456789abcdef',
    });
    await expect(server.runtime.wooSync.reconcile(c.id)).rejects.toMatchObject({ code: 'private_address' });
    expect(fake.requests).toHaveLength(0);
  });
});
