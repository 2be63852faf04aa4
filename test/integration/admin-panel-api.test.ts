import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalOrder } from '../../src/crm/events.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { adjustPoints } from '../../src/crm/loyalty/actions.service.ts';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { createTier } from '../../src/crm/loyalty/tier-admin.service.ts';
import { customer, order } from '../helpers/canonical.ts';
import { apiCall, loginToken } from '../helpers/api.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sql } from '../helpers/sql.ts';

// The admin API added for the panel's daily-work pages: staff notes and tags, customer-list
// filters and the CSV export, and the Home KPIs (exact figures over a hand-built store).

let server: TestServer;
let token: string;
let other: string;
let accountId: string;
const ids: Record<string, string> = {};

const call = (method: string, path: string, body?: unknown, as = token) => apiCall(server, method, path, body, as);
const login = (email: string, password: string) => loginToken(server, email, password);

async function place(connectionId: string, key: string, who: string, over: Partial<CanonicalOrder>) {
  const at = over.placedAt ?? '2026-03-01T10:00:00.000Z';
  const c = customer(who, {
    email: `${who}@example.com`,
    firstName: who === 'urdu' ? 'عائشہ' : who,
    lastName: 'Test',
    createdAt: at,
    updatedAt: at,
  });
  const minor = over.totalMinor ?? 100_000;
  await applyEvent(
    server.runtime.store,
    connectionId,
    {
      type: 'order.upserted',
      order: order(key, {
        customer: c,
        email: c.email,
        currency: 'PKR',
        totalMinor: minor,
        subtotalMinor: minor,
        placedAt: at,
        paidAt: at,
        updatedAt: at,
        lineItems: [
          {
            externalId: `${key}-1`,
            productId: 'p1',
            variantId: null,
            sku: null,
            title: 'Kurta',
            quantity: 1,
            priceMinor: minor,
            totalMinor: minor,
            giftCard: false,
          },
        ],
        ...over,
      }),
    },
    at,
  );
}

const idOf = async (email: string) => (await sql(server).value<string>('SELECT id FROM customers WHERE email = ?', email))!;

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Lahore Crafts', 'PKR');
  const conn = (await t.upsertConnection({ accountId, platform: 'shopify', domain: 'panel.myshopify.com', currency: 'PKR', country: 'PK' }))
    .id;
  await t.createAdminUser(accountId, 'owner@panel.example', 'correct horse battery');
  const otherAccount = await t.createAccount('Elsewhere', 'PKR');
  const otherConn = (
    await t.upsertConnection({
      accountId: otherAccount,
      platform: 'shopify',
      domain: 'other.myshopify.com',
      currency: 'PKR',
      country: 'PK',
    })
  ).id;
  await t.createAdminUser(otherAccount, 'owner@other.example', 'another horse battery');
  token = await login('owner@panel.example', 'correct horse battery');
  other = await login('owner@other.example', 'another horse battery');

  await server.runtime.store.transaction(async (repos) => {
    const r = await saveProgram(
      repos,
      accountId,
      {
        earnOrdersPlacedFrom: '2026-01-01T00:00:00.000Z',
        earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
      },
      'test',
      '2026-01-01T00:00:00.000Z',
    );
    if (r.outcome !== 'saved') throw new Error('program');
    await createTier(
      repos,
      accountId,
      { name: 'Gold', threshold: 60, multiplier: 1, entryPoints: 0, perks: null },
      '2026-01-01T00:00:00.000Z',
    );
  });
  // Previous period (2026-02-19 .. 2026-02-28): one PKR 1,000 card order by ali.
  await place(conn, 'o1', 'ali', { placedAt: '2026-02-20T09:00:00.000Z', totalMinor: 100_000 });
  // Current period (2026-03-01 .. 2026-03-10).
  await place(conn, 'o2', 'ali', { placedAt: '2026-03-02T09:00:00.000Z', totalMinor: 500_000 });
  await place(conn, 'o3', 'bilal', {
    placedAt: '2026-03-03T09:00:00.000Z',
    totalMinor: 200_000,
    paymentMethod: 'cod',
    paymentStatus: 'pending',
    paidAt: null,
  });
  await place(conn, 'o4', 'bilal', {
    placedAt: '2026-03-05T09:00:00.000Z',
    totalMinor: 300_000,
    status: 'cancelled',
    cancelledAt: '2026-03-05T10:00:00.000Z',
  });
  await place(conn, 'o5', 'urdu', { placedAt: '2026-03-04T09:00:00.000Z', totalMinor: 5_000, currency: 'USD' });
  await place(conn, 'o6', 'ali', { placedAt: '2026-03-09T09:00:00.000Z', totalMinor: 100_000 });
  // A customer with no orders: no last order date, the NULL end of date sorts.
  await applyEvent(server.runtime.store, conn, {
    type: 'customer.upserted',
    customer: customer('nina', { email: 'nina@example.com', firstName: 'Nina' }),
  });
  // Test orders and another account's orders never count.
  await place(conn, 'o7', 'ali', { placedAt: '2026-03-06T09:00:00.000Z', totalMinor: 900_000, test: true });
  await place(otherConn, 'x1', 'zed', { placedAt: '2026-03-06T09:00:00.000Z', totalMinor: 700_000 });
  for (const who of ['ali', 'bilal', 'urdu', 'zed']) ids[who] = await idOf(`${who}@example.com`);
  await server.runtime.store.transaction((repos) =>
    adjustPoints(repos, accountId, ids.ali!, 25, 'Eid gift', 'staff:test', 'adj-1', '2026-03-07T00:00:00.000Z'),
  );
  // A redemption of 40 points and a return of 15 of them (a cancelled code), written as the ledger records them.
  const insert = (...args: unknown[]) =>
    sql(server).run(
      `INSERT INTO points_ledger (account_id, customer_id, reason, state, points, pending_delta, available_delta,
    dedupe_key, occurred_at, created_at) VALUES (?, ?, ?, 'available', ?, 0, ?, ?, ?, ?)`,
      ...args,
    );
  await insert(accountId, ids.ali, 'redemption', -40, -40, 'red-1', '2026-03-08T00:00:00.000Z', '2026-03-08T00:00:00.000Z');
  await insert(accountId, ids.ali, 'redemption_return', 15, 15, 'red-1-return', '2026-03-08T01:00:00.000Z', '2026-03-08T01:00:00.000Z');
});
afterAll(() => server.close());

describe('notes and tags', () => {
  it('adds a note, lists it, and records note_added on the timeline', async () => {
    const added = await call('POST', `/api/customers/${ids.ali}/notes`, { body: 'Prefers WhatsApp — call after 6pm' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      body: 'Prefers WhatsApp — call after 6pm',
      author: expect.stringMatching(/^staff:/),
      authorName: 'owner@panel.example',
    });
    const list = await call('GET', `/api/customers/${ids.ali}/notes`);
    expect(list.body.notes.map((n: { id: string; authorName: string }) => [n.id, n.authorName])).toEqual([
      [added.body.id, 'owner@panel.example'],
    ]);
    const timeline = await call('GET', `/api/customers/${ids.ali}/timeline?kind=note_added`);
    expect(timeline.body.events).toHaveLength(1);
    expect(timeline.body.events[0]).toMatchObject({
      kind: 'note_added',
      subjectType: 'note',
      subjectId: added.body.id,
      data: { excerpt: 'Prefers WhatsApp — call after 6pm', authorName: 'owner@panel.example' },
    });
  });

  it.each([
    ['empty body', { body: '   ' }, 'body'],
    ['unknown field', { body: 'x', pinned: true }, ''],
  ])('rejects a note with %s', async (_title, body, path) => {
    const r = await call('POST', `/api/customers/${ids.ali}/notes`, body);
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('sets manual tags (stored with source manual) and replaces them', async () => {
    const r = await call('PUT', `/api/customers/${ids.ali}/tags`, { tags: ['vip', 'wholesale', 'vip'] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ tags: ['vip', 'wholesale'], manualTags: ['vip', 'wholesale'] });
    const rows = await sql(server).all('SELECT tag, source FROM customer_tags WHERE customer_id = ? ORDER BY tag', ids.ali);
    expect(rows).toEqual([
      { tag: 'vip', source: 'manual' },
      { tag: 'wholesale', source: 'manual' },
    ]);
    const again = await call('PUT', `/api/customers/${ids.ali}/tags`, { tags: ['vip'] });
    expect(again.body.tags).toEqual(['vip']);
    expect((await call('GET', `/api/customers/${ids.ali}`)).body.tags).toEqual(['vip']);
    const bad = await call('PUT', `/api/customers/${ids.ali}/tags`, { tags: ['a,b'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('tags.0');
  });

  it('adds a tag to many customers at once, skipping other accounts', async () => {
    const r = await call('POST', '/api/customers/tags', { customerIds: [ids.bilal, ids.urdu, ids.zed], add: ['eid-2026'] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ customers: 2, added: 2 });
    expect((await call('GET', `/api/customers/${ids.zed}`, undefined, other)).body.tags).toEqual([]);
  });

  it('never shows or changes another account', async () => {
    expect((await call('GET', `/api/customers/${ids.ali}/notes`, undefined, other)).status).toBe(404);
    expect((await call('POST', `/api/customers/${ids.ali}/notes`, { body: 'hi' }, other)).status).toBe(404);
    expect((await call('PUT', `/api/customers/${ids.ali}/tags`, { tags: ['x'] }, other)).status).toBe(404);
  });
});

describe('customer list filters and CSV export', () => {
  const list = async (q: string) => await call('GET', `/api/customers?first=50&sort=name&${q}`);
  const emails = async (q: string) => (await list(q)).body.customers.map((c: { email: string }) => c.email).sort();

  it.each([
    ['no filter', '', ['ali@example.com', 'bilal@example.com', 'nina@example.com', 'urdu@example.com']],
    ['tag', 'tags=vip', ['ali@example.com']],
    ['any of two tags', 'tags=vip,eid-2026', ['ali@example.com', 'bilal@example.com', 'urdu@example.com']],
    ['orders at least 2', 'minOrders=2', ['ali@example.com']],
    ['orders at most 1', 'maxOrders=1', ['bilal@example.com', 'nina@example.com', 'urdu@example.com']],
    ['spend at least PKR 2,000', 'minSpent=2000', ['ali@example.com', 'bilal@example.com']],
    ['spend between', 'minSpent=1000&maxSpent=2000', ['bilal@example.com']],
    ['last order from', 'lastOrderFrom=2026-03-05', ['ali@example.com']],
    ['last order to (inclusive)', 'lastOrderTo=2026-03-04', ['bilal@example.com', 'urdu@example.com']],
    ['paid by COD', 'paymentMethod=cod', ['bilal@example.com']],
    ['paid by card, with a search', 'paymentMethod=card&query=ali', ['ali@example.com']],
    ['no tier', 'tier=none', ['bilal@example.com', 'nina@example.com', 'urdu@example.com']],
  ])('%s', async (_title, q, expected) => {
    expect(await emails(q)).toEqual(expected);
  });

  it('filters by tier id', async () => {
    const tiers = (await call('GET', '/api/loyalty/tiers')).body.tiers as Array<{ id: string }>;
    expect(await emails(`tier=${tiers[0]!.id}`)).toEqual(['ali@example.com']);
  });

  it.each([
    ['unknown filter', 'colour=red', ''],
    ['min above max', 'minOrders=3&maxOrders=1', 'maxOrders'],
    ['bad amount', 'minSpent=lots', 'minSpent'],
    ['bad date', 'lastOrderFrom=2026-02-30x', 'lastOrderFrom'],
    ['bad payment method', 'paymentMethod=barter', 'paymentMethod'],
  ])('rejects %s with the field named', async (_title, q, path) => {
    const r = await list(q);
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it.each(['lastOrderAt', '-lastOrderAt', 'firstOrderAt', '-firstOrderAt', '-amountSpent', 'name'])(
    'pages one at a time by %s in the order of the full list, customers without orders included',
    async (sort) => {
      const all = (await call('GET', `/api/customers?first=50&sort=${sort}`)).body.customers.map((c: { email: string }) => c.email);
      expect(all).toHaveLength(4);
      const seen: string[] = [];
      let after = '';
      for (let i = 0; i < 6 && after !== null; i++) {
        const page = await call('GET', `/api/customers?first=1&sort=${sort}${after ? `&after=${after}` : ''}`);
        seen.push(...page.body.customers.map((c: { email: string }) => c.email));
        after = page.body.pageInfo.hasNextPage ? page.body.pageInfo.endCursor : null;
      }
      expect(seen).toEqual(all);
      // Customers without orders come last newest-first, first oldest-first.
      if (sort === '-lastOrderAt') expect(all.at(-1)).toBe('nina@example.com');
      if (sort === 'lastOrderAt') expect(all[0]).toBe('nina@example.com');
    },
  );

  it('keeps filters across cursor pages', async () => {
    const first = await call('GET', '/api/customers?first=1&sort=name&tags=vip,eid-2026');
    expect(first.body.customers).toHaveLength(1);
    const next = await call('GET', `/api/customers?first=50&sort=name&tags=vip,eid-2026&after=${first.body.pageInfo.endCursor}`);
    expect(next.body.customers).toHaveLength(2);
  });

  it('exports the filtered list as UTF-8 CSV with a BOM, Urdu intact, account-scoped', async () => {
    const r = await call('GET', '/api/customers/export.csv?sort=name&tags=vip,eid-2026');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/);
    const raw = Buffer.from(
      await (
        await fetch(`${server.url}/api/customers/export.csv?sort=name`, { headers: { authorization: `Bearer ${token}` } })
      ).arrayBuffer(),
    );
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = r.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'id,first_name,last_name,email,phone,orders,amount_spent,currency,first_order_at,last_order_at,created_at,tags,tier,amount_spent_other',
    );
    expect(lines).toHaveLength(4);
    const ali = lines.find((l) => l.includes('ali@example.com'))!;
    expect(ali.split(',').slice(5, 8)).toEqual(['3', '7000.00', 'PKR']);
    expect(ali.split(',').slice(-3)).toEqual(['vip', 'Gold', '']); // nothing spent in another currency
    expect(r.text).toContain('عائشہ');
    expect(r.text).not.toContain('zed@example.com');
    const bad = await call('GET', '/api/customers/export.csv?maxOrders=-1');
    expect(bad.status).toBe(400);
  });
});

describe('analytics summary', () => {
  it('gives exact KPIs for the period and the one before it, and daily revenue', async () => {
    const r = await call('GET', '/api/analytics/summary?from=2026-03-01&to=2026-03-10');
    expect(r.status).toBe(200);
    expect(r.body.currency).toBe('PKR');
    expect(r.body.previousPeriod).toEqual({ from: '2026-02-19', to: '2026-02-28' });
    // Revenue: 5,000 + 2,000 (COD, not yet paid, still an order) + 1,000; the
    // cancelled, test and USD orders add nothing. Orders: o2, o3, o5 (USD), o6.
    expect(r.body.current).toEqual({
      revenue: { amount: '8000.00', currencyCode: 'PKR' },
      orders: 4,
      customers: 3,
      repeatCustomers: 1,
      repeatPurchaseRate: 1 / 3,
      // 50 + 10 (ali's orders, available at payment) + 20 (bilal's COD order, pending) + 25 (manual) = 105
      pointsIssued: 105,
      pointsRedeemed: 25,
      // ali and bilal have points history by the end of the period: both are members.
      memberRevenue: { amount: '8000.00', currencyCode: 'PKR' },
      memberRevenueShare: 1,
    });
    expect(r.body.previous).toEqual({
      revenue: { amount: '1000.00', currencyCode: 'PKR' },
      orders: 1,
      customers: 1,
      repeatCustomers: 0,
      repeatPurchaseRate: 0,
      pointsIssued: 10,
      pointsRedeemed: 0,
      memberRevenue: { amount: '1000.00', currencyCode: 'PKR' },
      memberRevenueShare: 1,
    });
    expect(r.body.daily).toHaveLength(10);
    expect(r.body.daily[1]).toEqual({ date: '2026-03-02', revenue: { amount: '5000.00', currencyCode: 'PKR' }, orders: 1 });
    expect(r.body.daily[3]).toEqual({ date: '2026-03-04', revenue: { amount: '0.00', currencyCode: 'PKR' }, orders: 1 });
    expect(r.body.daily[0].orders).toBe(0);
    const sum = r.body.daily.reduce((s: number, d: { revenue: { amount: string } }) => s + Number(d.revenue.amount), 0);
    expect(sum).toBe(8000);
  });

  it('is scoped to the account', async () => {
    const r = await call('GET', '/api/analytics/summary?from=2026-03-01&to=2026-03-10', undefined, other);
    expect(r.body.current).toMatchObject({ revenue: { amount: '7000.00' }, orders: 1, customers: 1, pointsIssued: 0 });
  });

  it.each([
    ['to before from', 'from=2026-03-10&to=2026-03-01', 'to'],
    ['more than 366 days', 'from=2025-01-01&to=2026-03-01', 'to'],
    ['not a date', 'from=yesterday&to=2026-03-01', 'from'],
    ['missing to', 'from=2026-03-01', 'to'],
  ])('rejects %s', async (_title, q, path) => {
    const r = await call('GET', `/api/analytics/summary?${q}`);
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });
});
