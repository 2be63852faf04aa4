import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomer } from '../helpers/customers.ts';
import { startTestServer, TEST_API_SECRET, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';

const SHOP_A = 'shop-a.myshopify.com';
const SHOP_B = 'shop-b.myshopify.com';
let server: TestServer;
let customerOfB: string;

beforeAll(async () => {
  server = await startTestServer({ SHOPIFY_API_SECRET_PREVIOUS: 'the-old-secret' });
  const t = server.runtime.tenancy;
  const a = await t.createAccount('A');
  const b = await t.createAccount('B');
  await t.upsertConnection({ accountId: a, platform: 'shopify', domain: SHOP_A, accessToken: 'shpat_a' });
  const shopB = (await t.upsertConnection({ accountId: b, platform: 'shopify', domain: SHOP_B, accessToken: 'shpat_b' })).id;
  await t.createAdminUser(b, 'owner@shop-b.example', 'correct horse battery');
  customerOfB = await addCustomer(server, shopB, '1', { email: 'b@example.com', firstName: 'Bee' });
});
afterAll(() => server.close());

async function get(path: string, token?: string) {
  const res = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('session tokens', () => {
  const now = Math.floor(Date.now() / 1000);
  it.each([
    ['valid', () => sessionToken(SHOP_B), 200],
    ['signed with the previous secret (rotation window)', () => sessionToken(SHOP_B, { secret: 'the-old-secret' }), 200],
    ['expired', () => sessionToken(SHOP_B, { exp: now - 60, nbf: now - 120 }), 401],
    ['not yet valid', () => sessionToken(SHOP_B, { nbf: now + 120 }), 401],
    ['wrong audience', () => sessionToken(SHOP_B, { aud: 'another-app' }), 401],
    ['wrong signature', () => sessionToken(SHOP_B, { secret: 'not-' + TEST_API_SECRET }), 401],
    ['shop not connected', () => sessionToken('stranger.myshopify.com'), 401],
    ['dest not a shop', () => sessionToken(SHOP_B, { dest: 'https://evil.example.com' }), 401],
  ] as const)('%s -> %i', async (_title, make, status) => {
    const res = await get('/api/customers', await make());
    expect(res.status).toBe(status);
    if (status === 401) expect(res.body.error.message).toMatch(/\w/);
  });

  it('no token, no data', async () => {
    expect((await get('/api/customers')).status).toBe(401);
    expect((await get(`/api/customers/${customerOfB}`)).status).toBe(401);
  });

  it('a token for shop A never reads shop B', async () => {
    const tokenA = await sessionToken(SHOP_A);
    const list = await get('/api/customers', tokenA);
    expect(list.status).toBe(200);
    expect(list.body.customers).toEqual([]);
    expect((await get(`/api/customers/${customerOfB}`, tokenA)).status).toBe(404);
    expect((await get(`/api/customers/${customerOfB}`, await sessionToken(SHOP_B))).status).toBe(200);
  });
});

describe('standalone login', () => {
  it('logs in and reads its own account only', async () => {
    const bad = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@shop-b.example', password: 'wrong' }),
    });
    expect(bad.status).toBe(401);
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@shop-b.example', password: 'correct horse battery' }),
    });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    const list = await get('/api/customers', token);
    expect(list.body.customers.map((c: { id: string }) => c.id)).toEqual([customerOfB]);
  });

  it('rejects a malformed login body with field errors', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nope' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path).sort()).toEqual(['email', 'password']);
  });
});

describe('API surface', () => {
  it('health is public and tells no backlog; the backlog needs an admin', async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', worker: { lastBeatAgeMs: expect.any(Number) } });
    expect((await get('/api/health/inbox')).status).toBe(401);
  });

  it('the OpenAPI document lists every mounted admin route', async () => {
    const res = await get('/api/openapi.json');
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual([
      'DELETE /api/loyalty/rewards/{id}',
      'DELETE /api/loyalty/tiers/{id}',
      'DELETE /api/message-templates/{id}',
      'DELETE /api/segments/{id}',
      'DELETE /api/staff/{id}',
      'DELETE /api/webhooks/{id}',
      'DELETE /api/whatsapp',
      'GET /api/analytics/churn',
      'GET /api/analytics/churn.csv',
      'GET /api/analytics/clv',
      'GET /api/analytics/clv.csv',
      'GET /api/analytics/cod',
      'GET /api/analytics/cod.csv',
      'GET /api/analytics/loyalty',
      'GET /api/analytics/loyalty.csv',
      'GET /api/analytics/model-check',
      'GET /api/analytics/model-check.csv',
      'GET /api/analytics/products',
      'GET /api/analytics/products.csv',
      'GET /api/analytics/repeat-purchase',
      'GET /api/analytics/repeat-purchase.csv',
      'GET /api/analytics/retention',
      'GET /api/analytics/retention.csv',
      'GET /api/analytics/summary',
      'GET /api/campaign-settings',
      'GET /api/campaigns',
      'GET /api/campaigns/{id}',
      'GET /api/campaigns/{id}/recipients',
      'GET /api/campaigns/{id}/report',
      'GET /api/cod-confirmation',
      'GET /api/connections',
      'GET /api/connections/woocommerce/authorize-url',
      'GET /api/connections/woocommerce/{id}/sync',
      'GET /api/connections/{id}/sync',
      'GET /api/customers',
      'GET /api/customers/export.csv',
      'GET /api/customers/{id}',
      'GET /api/customers/{id}/export',
      'GET /api/customers/{id}/loyalty',
      'GET /api/customers/{id}/notes',
      'GET /api/customers/{id}/points',
      'GET /api/customers/{id}/redemptions',
      'GET /api/customers/{id}/timeline',
      'GET /api/extensions/customer/{customerGid}',
      'GET /api/flows',
      'GET /api/health',
      'GET /api/health/inbox',
      'GET /api/health/live',
      'GET /api/inbox',
      'GET /api/loyalty/program',
      'GET /api/loyalty/referrals',
      'GET /api/loyalty/rewards',
      'GET /api/loyalty/tiers',
      'GET /api/message-templates',
      'GET /api/message-templates/fields',
      'GET /api/message-templates/{id}',
      'GET /api/messages',
      'GET /api/messages/{id}',
      'GET /api/messaging-settings',
      'GET /api/onboarding',
      'GET /api/points-campaigns',
      'GET /api/points-campaigns/presets',
      'GET /api/points-campaigns/{id}',
      'GET /api/privacy/data-requests',
      'GET /api/privacy/data-requests/{id}/export',
      'GET /api/products',
      'GET /api/products/{id}',
      'GET /api/segments',
      'GET /api/segments/fields',
      'GET /api/segments/{id}/members',
      'GET /api/segments/{id}/members.csv',
      'GET /api/segments/{id}/sizes',
      'GET /api/segments/{id}/sync',
      'GET /api/setup',
      'GET /api/staff',
      'GET /api/support-settings',
      'GET /api/tickets',
      'GET /api/tickets/{id}',
      'GET /api/webhooks',
      'GET /api/webhooks/{id}/deliveries',
      'GET /api/whatsapp',
      'PATCH /api/customers/{id}/loyalty',
      'PATCH /api/flows/{kind}',
      'PATCH /api/loyalty/rewards/{id}',
      'PATCH /api/loyalty/tiers/{id}',
      'PATCH /api/points-campaigns/{id}',
      'PATCH /api/segments/{id}',
      'PATCH /api/tickets/{id}',
      'PATCH /api/webhooks/{id}',
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'POST /api/campaigns',
      'POST /api/campaigns/audience-size',
      'POST /api/campaigns/{id}/cancel',
      'POST /api/campaigns/{id}/schedule',
      'POST /api/connections/woocommerce',
      'POST /api/connections/woocommerce/{id}/reconcile',
      'POST /api/connections/{id}/backfill',
      'POST /api/connections/{id}/disconnect',
      'POST /api/customers/tags',
      'POST /api/customers/{id}/erase',
      'POST /api/customers/{id}/loyalty/actions',
      'POST /api/customers/{id}/notes',
      'POST /api/customers/{id}/points',
      'POST /api/customers/{id}/redemptions',
      'POST /api/flows/{kind}/default-template',
      'POST /api/inbox/retry',
      'POST /api/loyalty/backtest',
      'POST /api/loyalty/preview',
      'POST /api/loyalty/redemptions/{id}/cancel',
      'POST /api/loyalty/referrals/{id}/approve',
      'POST /api/loyalty/referrals/{id}/reject',
      'POST /api/loyalty/rewards',
      'POST /api/loyalty/tiers',
      'POST /api/message-templates',
      'POST /api/message-templates/preview',
      'POST /api/message-templates/{id}/preview',
      'POST /api/messages/test',
      'POST /api/onboarding/dismiss',
      'POST /api/onboarding/steps/{step}/done',
      'POST /api/points-campaigns',
      'POST /api/points-campaigns/{id}/cancel',
      'POST /api/privacy/data-requests/{id}/fulfil',
      'POST /api/segments',
      'POST /api/segments/preview',
      'POST /api/setup/owner',
      'POST /api/staff',
      'POST /api/tickets',
      'POST /api/tickets/{id}/notes',
      'POST /api/tickets/{id}/replies',
      'POST /api/webhooks',
      'POST /api/webhooks/{id}/deliveries/{deliveryId}/retry',
      'POST /api/webhooks/{id}/test',
      'PUT /api/campaign-settings',
      'PUT /api/campaigns/{id}',
      'PUT /api/cod-confirmation',
      'PUT /api/customers/{id}/tags',
      'PUT /api/loyalty/program',
      'PUT /api/message-templates/{id}',
      'PUT /api/messaging-settings',
      'PUT /api/support-settings',
      'PUT /api/whatsapp',
    ]);
    // Every documented path answers (not the catch-all 404 for unknown routes).
    // The CSV export answers text, not JSON.
    for (const entry of documented.filter((d) => d.startsWith('GET') && !d.endsWith('.csv'))) {
      const path = entry.slice(4).replace('{id}', 'cus_missing');
      const r = await get(path, await sessionToken(SHOP_B));
      expect(r.body.error?.message ?? '').not.toBe('No such API route');
    }
  });

  it('every admin route declares a response schema that says something (not any or unknown at the top)', async () => {
    const res = await get('/api/openapi.json');
    const trivial = Object.entries(
      res.body.paths as Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>>,
    )
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => {
          const [status, ok] = Object.entries(op.responses).find(([code]) => code.startsWith('2'))!;
          const { $schema: _s, description: _d, ...schema } = ok.content['application/json']!.schema as Record<string, unknown>;
          return { route: `${method.toUpperCase()} ${path} ${status}`, keys: Object.keys(schema) };
        }),
      )
      .filter((r) => r.keys.length === 0)
      .map((r) => r.route);
    expect(trivial).toEqual([]);
  });

  it('unknown routes get a JSON 404', async () => {
    const res = await get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
