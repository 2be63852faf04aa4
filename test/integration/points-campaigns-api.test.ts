import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateTimeOf } from '../../src/crm/loyalty/calendar.ts';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { appProxyQuery, postShopify, sessionToken } from '../helpers/signed.ts';

// Points campaigns end to end: the merchant creates one through the admin API (from a preset or
// from scratch, the window in the shop's time zone), the storefront shows it to the shoppers it
// is for and estimates with it, a signed Shopify webhook for an order placed inside the window
// earns the extra (once, however often it arrives), the campaign's results count it, and a
// cancel ends it. Runs on SQLite and on PostgreSQL (the pg vitest project).

const SHOP = 'karachi-campaigns.myshopify.com';
const OTHER_SHOP = 'lahore-other-campaigns.myshopify.com';
const ZONE = 'Asia/Karachi';
let server: TestServer;
let token: string;
let otherToken: string;

async function call(method: string, path: string, body?: unknown, auth = token) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function storefront(path: string, customerId: string | null = null) {
  const res = await fetch(`${server.url}/storefront/shopify${path}?${appProxyQuery({ shop: SHOP, customerId })}`);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** The shop's wall time `minutes` from now, as the panel's form sends it. */
const local = (minutes: number) => localDateTimeOf(new Date(Date.now() + minutes * 60_000).toISOString(), ZONE);

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Karachi Campaigns', 'PKR');
  await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK', timezone: ZONE });
  const other = await t.createAccount('Lahore Other', 'PKR');
  await t.upsertConnection({ accountId: other, platform: 'shopify', domain: OTHER_SHOP, currency: 'PKR', country: 'PK' });
  token = await sessionToken(SHOP);
  otherToken = await sessionToken(OTHER_SHOP);
  const saved = await call('PUT', '/api/loyalty/program', {
    earnOrdersPlacedFrom: '2026-01-01T00:00:00Z',
    earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
  });
  expect(saved.status).toBe(200);
});
afterAll(() => server.close());

let running: Record<string, any>;

describe('points campaigns through the admin API', () => {
  it('lists presets for their next occurrence in the shop’s time zone', async () => {
    const r = await call('GET', '/api/points-campaigns/presets');
    expect(r.status).toBe(200);
    const keys = r.body.presets.map((p: { key: string }) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['singles_day', 'black_friday']));
    for (const p of r.body.presets) {
      expect(p.timeZone).toBe(ZONE);
      expect(p.endsAt > local(0)).toBe(true);
    }
  });

  it('creates a campaign from a preset', async () => {
    const r = await call('POST', '/api/points-campaigns', { preset: 'singles_day', messages: { ur: '11.11 پر تین گنا پوائنٹس' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ preset: 'singles_day', kind: 'multiplier', multiplier: 3, timeZone: ZONE, status: 'scheduled' });
    expect(r.body.startsAtLocal).toMatch(/-11-11T00:00$/);
    expect(r.body.results).toEqual({ orders: 0, revenueMinor: 0, pointsAwarded: 0, pointsPending: 0 });
  });

  it.each([
    [
      'a window in the past',
      { name: 'Old', kind: 'multiplier', multiplier: 2, startsAt: '2020-01-01T00:00', endsAt: '2020-01-02T00:00' },
      'startsAt',
    ],
    ['a multiplier of 1', { name: 'Same', kind: 'multiplier', multiplier: 1, startsAt: local(60), endsAt: local(120) }, 'multiplier'],
    [
      'an unknown segment',
      {
        name: 'Seg',
        kind: 'bonus',
        bonusPoints: 5,
        audience: { type: 'segment', id: 'seg_nope' },
        startsAt: local(60),
        endsAt: local(120),
      },
      'audience.id',
    ],
    [
      'a window ending before it starts',
      { name: 'Back', kind: 'bonus', bonusPoints: 5, startsAt: local(120), endsAt: local(60) },
      'endsAt',
    ],
    ['an unknown field', { name: 'X', kind: 'bonus', bonusPoints: 5, startsAt: local(60), endsAt: local(120), ownerId: 'x' }, ''],
  ])('refuses %s with a reason and saves nothing', async (_t, body, path) => {
    const before = (await call('GET', '/api/points-campaigns')).body.campaigns.length;
    const r = await call('POST', '/api/points-campaigns', body);
    expect(r.status).toBe(400);
    if (path) expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await call('GET', '/api/points-campaigns')).body.campaigns.length).toBe(before);
  });

  it('creates a running double-points campaign from scratch', async () => {
    const r = await call('POST', '/api/points-campaigns', {
      name: 'Weekend double points',
      kind: 'multiplier',
      multiplier: 2,
      startsAt: local(0),
      endsAt: local(3 * 24 * 60),
      messages: { en: 'Double points this weekend', ur: 'اس ہفتے کے آخر میں دگنے پوائنٹس' },
    });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('active');
    running = r.body;
    const list = await call('GET', '/api/points-campaigns');
    expect(list.body.timeZone).toBe(ZONE);
    expect(list.body.campaigns.map((c: { name: string }) => c.name)).toContain('Weekend double points');
    // Another shop neither lists nor reads it.
    expect((await call('GET', '/api/points-campaigns', undefined, otherToken)).body.campaigns).toEqual([]);
    expect((await call('GET', `/api/points-campaigns/${running.id}`, undefined, otherToken)).status).toBe(404);
    expect((await call('POST', `/api/points-campaigns/${running.id}/cancel`, undefined, otherToken)).status).toBe(404);
  });

  it('fixes a running campaign’s terms; its name and end may change', async () => {
    const locked = await call('PATCH', `/api/points-campaigns/${running.id}`, { multiplier: 5 });
    expect(locked.status).toBe(409);
    const renamed = await call('PATCH', `/api/points-campaigns/${running.id}`, {
      name: 'Long weekend double points',
      endsAt: local(4 * 24 * 60),
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Long weekend double points', multiplier: 2, status: 'active' });
  });

  it('shows on the storefront and in the earning rule, for guests too', async () => {
    const loyalty = await storefront('/loyalty');
    expect(loyalty.status).toBe(200);
    expect(loyalty.body.campaigns).toEqual([
      expect.objectContaining({
        name: 'Long weekend double points',
        kind: 'multiplier',
        multiplier: 2,
        timeZone: ZONE,
        messages: expect.objectContaining({ ur: expect.any(String) }),
      }),
    ]);
    const earning = await storefront('/loyalty/earning');
    expect(earning.body.campaigns.map((c: { multiplier: number }) => c.multiplier)).toEqual([2]);
  });

  it('awards the extra to an order placed inside the window, once, and counts it in the results', async () => {
    const placed = new Date(Date.now() - 1_000).toISOString();
    // The documented cash-on-delivery order (PKR), the cash collected.
    const body = fixture('shopify/order-cod-pending.json', (o) => {
      o.id = 7_700_001;
      o.name = '#7700001';
      o.created_at = placed;
      o.processed_at = placed;
      o.updated_at = placed;
      o.financial_status = 'paid';
      for (const k of Object.keys(o)) if (k.endsWith('_set')) delete o[k];
    });
    for (let i = 0; i < 2; i++) {
      const res = await postShopify(server.url, { topic: 'orders/create', shop: SHOP, body });
      expect(res.status).toBe(200);
    }
    await server.drain();
    const detail = await call('GET', `/api/points-campaigns/${running.id}`);
    expect(detail.body.results.orders).toBe(1);
    expect(detail.body.results.revenueMinor).toBeGreaterThan(0);
    const customers = await call('GET', '/api/customers?first=5');
    const id = customers.body.customers[0].id as string;
    const ledger = await call('GET', `/api/customers/${id}/loyalty`);
    const base = ledger.body.balance - detail.body.results.pointsAwarded;
    // Double points: the campaign's extra equals the order's own points.
    expect(detail.body.results.pointsAwarded).toBeGreaterThan(0);
    expect(base).toBe(detail.body.results.pointsAwarded);
  });

  it('cancels: off the storefront at once for new readers, and not twice', async () => {
    const r = await call('POST', `/api/points-campaigns/${running.id}/cancel`);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('cancelled');
    expect((await call('POST', `/api/points-campaigns/${running.id}/cancel`)).status).toBe(409);
    expect((await storefront('/loyalty')).body.campaigns).toEqual([]);
    expect((await storefront('/loyalty/earning')).body.campaigns).toEqual([]);
    expect((await call('PATCH', `/api/points-campaigns/${running.id}`, { name: 'Again' })).status).toBe(409);
  });
});
