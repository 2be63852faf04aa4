import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { resolveCustomer } from '../../src/crm/customers/customers.service.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { appProxyQuery } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// Every storefront request of a Shopify shop arrives from Shopify's app proxy servers; the shopper
// is the address Shopify forwards in X-Forwarded-For (shopify.dev, "Authenticate app proxies").
// Guests must be told apart by that address (rate limits, referral fraud checks), and only on
// requests whose app proxy signature verified.

const SHOP = 'lahore-guests.myshopify.com';
const SHOPIFY_PROXY = '198.51.100.10';

type Deployment = { name: string; env: Record<string, string>; xff: (shopper: string) => string };
const deployments: Deployment[] = [
  // Behind our own load balancer on loopback (TRUST_PROXY default): it appends Shopify's address.
  { name: 'behind a trusted load balancer', env: {}, xff: (shopper) => `${shopper}, ${SHOPIFY_PROXY}` },
  // Exposed directly (nothing trusted): Shopify's server is the socket; the header holds the shopper.
  { name: 'exposed directly (TRUST_PROXY=0)', env: { TRUST_PROXY: '0' }, xff: (shopper) => shopper },
];

describe.each(deployments)('Shopify app proxy shoppers, $name', ({ env, xff }) => {
  let server: TestServer;
  let code: string;

  const get = (path: string, shopper: string, customerId: string | null = null) =>
    fetch(`${server.url}/storefront/shopify${path}?${appProxyQuery({ shop: SHOP, customerId })}`, {
      headers: { 'x-forwarded-for': xff(shopper) },
    });

  beforeAll(async () => {
    server = await startTestServer(env);
    const t = server.runtime.tenancy;
    const accountId = await t.createAccount('Lahore Guests', 'PKR');
    const connection = await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' });
    await server.runtime.store.transaction(async (repos) => {
      await saveProgram(
        repos,
        accountId,
        {
          earnOrdersPlacedFrom: '2020-01-01T00:00:00Z',
          earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
          referrals: { enabled: true, advocatePoints: 200, friendPoints: 100, maxPerIpPerDay: 1 },
        },
        'test',
        new Date().toISOString(),
      );
      const at = new Date().toISOString();
      await resolveCustomer(
        repos,
        (await repos.connections.get(connection.id))!,
        {
          externalId: '1001',
          email: 'advocate@example.pk',
          phone: null,
          firstName: 'Ayesha',
          lastName: 'Khan',
          locale: null,
          tags: null,
          addresses: [],
          createdAt: at,
          updatedAt: at,
        },
        at,
      );
    });
    code = ((await (await get('/loyalty', '203.0.113.200', '1001')).json()) as { member: { referral: { code: string } } }).member.referral
      .code;
  });
  afterAll(() => server.close());

  it('40 guests with their own addresses, all through one Shopify server, all get 200', async () => {
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => get('/loyalty', `203.0.113.${i + 1}`).then((r) => r.status)));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('one guest hammering gets 429, and the next guest is unaffected', async () => {
    const statuses = await Promise.all(Array.from({ length: 40 }, () => get('/loyalty', '192.0.2.66').then((r) => r.status)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    expect((await get('/loyalty', '192.0.2.67')).status).toBe(200);
  });

  it('referral fraud checks count per shopper address, not per Shopify server', async () => {
    const refer = (shopper: string, email: string) =>
      fetch(`${server.url}/storefront/shopify/referrals?${appProxyQuery({ shop: SHOP })}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': xff(shopper) },
        body: JSON.stringify({ code, email }),
      });
    expect((await refer('203.0.113.101', 'friend.one@example.pk')).status).toBe(201);
    expect((await refer('203.0.113.102', 'friend.two@example.pk')).status).toBe(201);
    expect((await refer('203.0.113.101', 'friend.three@example.pk')).status).toBe(201);
    const rows = await sql(server).all<{ friend_email: string; status: string; block_reason: string | null }>(
      'SELECT friend_email, status, block_reason FROM referrals ORDER BY friend_email',
    );
    expect(rows.map((r) => [r.friend_email, r.status, r.block_reason?.split(':')[0] ?? null])).toEqual([
      ['friend.one@example.pk', 'pending', null],
      ['friend.three@example.pk', 'blocked', 'ip_limit'],
      ['friend.two@example.pk', 'pending', null],
    ]);
  });

  it('a forwarded address on a request whose signature fails changes nothing: 401', async () => {
    const res = await fetch(`${server.url}/storefront/shopify/loyalty?${appProxyQuery({ shop: SHOP, signature: 'f'.repeat(64) })}`, {
      headers: { 'x-forwarded-for': xff('203.0.113.9') },
    });
    expect(res.status).toBe(401);
  });
});
