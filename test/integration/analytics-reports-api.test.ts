import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalLineItem, CanonicalOrder } from '../../src/crm/events.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import type { LedgerReason } from '../../src/crm/loyalty/loyalty.port.ts';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { apiCall, loginToken } from '../helpers/api.ts';
import { customer, order } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sql } from '../helpers/sql.ts';

// The Analytics reports (retention, repeat purchase, loyalty ROI, cash on delivery, products)
// over a small hand-built shop whose every figure is worked out below; on SQLite and, in the `pg`
// project, on PostgreSQL. Another account's orders, test, cancelled and refunded orders and a
// foreign currency are all in the data, and must each count exactly as the comments say.
//
// Account PKR, period 2026-01-01 .. 2026-03-31. Counted orders (net of refunds):
//   ali   (Lahore, store A)   a1 01-05 card 100,000 − refund 1,001 = 98,999  [Kurta 60,000; Shawl ×2 40,000]
//                            a2 02-10 card  50,000 − refund 10,000 = 40,000  [Kurta 50,000]
//                            a3 03-20 COD delivered 30,000                   [Chappal 30,000]
//   bilal (LAHORE, store B)  b1 01-20 COD returned, then cancelled 80,000 (no count; an RTO parcel)
//                            b2 02-03 COD delivered 20,000                   [Shawl 20,000]
//   chen  (=1+1, "Karachi")  c1 02-15 10:00 COD fulfilled 40,000            [Shawl 25,000; Chappal 15,000]
//                            c2 02-15 18:00 card USD 5,000                   [gift card]
//   dua   (no address)       d0 2025-12-20 card 10,000 (before the period)   [Kurta]
//                            d1 01-25 card 70,000                            [Kurta 40,000; Shawl 30,000]
//   eman                     e1 test order; e2 COD cancelled before shipping: nothing counts
//   fay   (Multan)           f1 2026-04-01 00:00 COD delivered: just after the period
// Another account: zed, Lahore, a returned COD parcel and a delivered one, Kurta + Shawl.

let server: TestServer;
let token: string;
let other: string;
let accountId: string;
let shopA: string;
const ids: Record<string, string> = {};

const call = (path: string, as = token) => apiCall(server, 'GET', path, undefined, as);
// The CSV as bytes, decoded without dropping the byte-order mark (fetch's text() would).
async function csv(path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
}
const PERIOD = 'from=2026-01-01&to=2026-03-31';
const pkr = (amount: string) => ({ amount, currencyCode: 'PKR' });

const line = (
  key: string,
  productId: string | null,
  title: string,
  totalMinor: number,
  quantity = 1,
  giftCard = false,
): CanonicalLineItem => ({
  externalId: key,
  productId,
  variantId: null,
  sku: null,
  title,
  quantity,
  priceMinor: Math.round(totalMinor / quantity),
  totalMinor,
  giftCard,
});

async function place(connectionId: string, key: string, who: string, city: string | null, over: Partial<CanonicalOrder>) {
  const at = over.placedAt!;
  const address = city && {
    name: who,
    line1: `House of ${who}`,
    line2: null,
    city,
    province: null,
    zip: null,
    countryCode: 'PK',
    phone: null,
  };
  const c = customer(who, {
    email: `${who}@example.com`,
    firstName: who,
    addresses: address ? [address] : [],
    createdAt: at,
    updatedAt: at,
  });
  const minor = over.totalMinor ?? 10_000;
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
        paidAt: at,
        updatedAt: at,
        ...over,
      }),
    },
    at,
  );
}

const refund = (key: string, amountMinor: number, createdAt: string) => ({
  externalId: `r-${key}`,
  orderExternalId: key,
  amountMinor,
  currency: 'PKR',
  reason: null,
  createdAt,
});

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Multan Crafts', 'PKR');
  shopA = (
    await t.upsertConnection({ accountId, platform: 'shopify', domain: 'analytics-a.myshopify.com', currency: 'PKR', country: 'PK' })
  ).id;
  const shopB = (
    await t.upsertConnection({ accountId, platform: 'woocommerce', domain: 'https://analytics-b.example/', currency: 'PKR', country: 'PK' })
  ).id;
  await t.createAdminUser(accountId, 'owner@multan.example', 'correct horse battery');
  const otherAccount = await t.createAccount('Elsewhere', 'PKR');
  const shopO = (
    await t.upsertConnection({
      accountId: otherAccount,
      platform: 'shopify',
      domain: 'analytics-o.myshopify.com',
      currency: 'PKR',
      country: 'PK',
    })
  ).id;
  await t.createAdminUser(otherAccount, 'owner@elsewhere.example', 'another horse battery');
  token = await loginToken(server, 'owner@multan.example', 'correct horse battery');
  other = await loginToken(server, 'owner@elsewhere.example', 'another horse battery');

  // Earning is off (the ledger rows below are the only points); a point costs the shop PKR 0.50.
  await server.runtime.store.transaction(async (repos) => {
    const r = await saveProgram(
      repos,
      accountId,
      {
        enabled: false,
        pointCost: '0.5',
        earnOrdersPlacedFrom: '2025-01-01T00:00:00.000Z',
        earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
      },
      'test',
      '2025-01-01T00:00:00.000Z',
    );
    if (r.outcome !== 'saved') throw new Error('program');
  });

  await place(shopA, 'a1', 'ali', 'Lahore', {
    placedAt: '2026-01-05T10:00:00.000Z',
    totalMinor: 100_000,
    lineItems: [line('a1-1', 'p1', 'Kurta', 60_000), line('a1-2', 'p2', 'Shawl', 40_000, 2)],
    refunds: [refund('a1', 1_001, '2026-01-07T00:00:00.000Z')],
  });
  await place(shopA, 'a2', 'ali', 'Lahore', {
    placedAt: '2026-02-10T10:00:00.000Z',
    totalMinor: 50_000,
    lineItems: [line('a2-1', 'p1', 'Kurta', 50_000)],
    refunds: [refund('a2', 10_000, '2026-02-12T00:00:00.000Z')],
  });
  await place(shopA, 'a3', 'ali', 'Lahore', {
    placedAt: '2026-03-20T10:00:00.000Z',
    totalMinor: 30_000,
    paymentMethod: 'cod',
    fulfilmentStatus: 'delivered',
    lineItems: [line('a3-1', 'p3', 'Chappal', 30_000)],
  });
  await place(shopB, 'b1', 'bilal', 'LAHORE', {
    placedAt: '2026-01-20T10:00:00.000Z',
    totalMinor: 80_000,
    paymentMethod: 'cod',
    paymentStatus: 'voided',
    paidAt: null,
    fulfilmentStatus: 'returned',
    status: 'cancelled',
    cancelledAt: '2026-01-29T10:00:00.000Z',
    updatedAt: '2026-01-29T10:00:00.000Z',
    lineItems: [line('b1-1', 'p1', 'Kurta', 80_000)],
  });
  await place(shopB, 'b2', 'bilal', 'LAHORE', {
    placedAt: '2026-02-03T10:00:00.000Z',
    totalMinor: 20_000,
    paymentMethod: 'cod',
    fulfilmentStatus: 'delivered',
    lineItems: [line('b2-1', 'p2', 'Shawl', 20_000)],
  });
  await place(shopA, 'c1', 'chen', '=1+1, "Karachi"', {
    placedAt: '2026-02-15T10:00:00.000Z',
    totalMinor: 40_000,
    paymentMethod: 'cod',
    paymentStatus: 'pending',
    paidAt: null,
    fulfilmentStatus: 'fulfilled',
    lineItems: [line('c1-1', 'p2', 'Shawl', 25_000), line('c1-2', 'p3', 'Chappal', 15_000)],
  });
  await place(shopA, 'c2', 'chen', '=1+1, "Karachi"', {
    placedAt: '2026-02-15T18:00:00.000Z',
    totalMinor: 5_000,
    currency: 'USD',
    lineItems: [line('c2-1', 'gc', 'Gift card', 5_000, 1, true)],
  });
  await place(shopA, 'd0', 'dua', null, {
    placedAt: '2025-12-20T10:00:00.000Z',
    totalMinor: 10_000,
    lineItems: [line('d0-1', 'p1', 'Kurta', 10_000)],
  });
  await place(shopA, 'd1', 'dua', null, {
    placedAt: '2026-01-25T10:00:00.000Z',
    totalMinor: 70_000,
    lineItems: [line('d1-1', 'p1', 'Kurta', 40_000), line('d1-2', 'p2', 'Shawl', 30_000)],
  });
  await place(shopA, 'e1', 'eman', 'Multan', {
    placedAt: '2026-01-10T10:00:00.000Z',
    totalMinor: 500_000,
    test: true,
    lineItems: [line('e1-1', 'p1', 'Kurta', 500_000)],
  });
  await place(shopA, 'e2', 'eman', 'Multan', {
    placedAt: '2026-01-12T10:00:00.000Z',
    totalMinor: 60_000,
    paymentMethod: 'cod',
    status: 'cancelled',
    cancelledAt: '2026-01-12T11:00:00.000Z',
    updatedAt: '2026-01-12T11:00:00.000Z',
    lineItems: [line('e2-1', 'p1', 'Kurta', 60_000)],
  });
  // Placed at the period's exclusive end: in no figure of the period, only in April's.
  await place(shopA, 'f1', 'fay', 'Multan', {
    placedAt: '2026-04-01T00:00:00.000Z',
    totalMinor: 10_000,
    paymentMethod: 'cod',
    fulfilmentStatus: 'delivered',
    lineItems: [line('f1-1', 'p1', 'Kurta', 10_000)],
  });
  await place(shopO, 'z1', 'zed', 'Lahore', {
    placedAt: '2026-01-15T10:00:00.000Z',
    totalMinor: 900_000,
    paymentMethod: 'cod',
    fulfilmentStatus: 'returned',
    lineItems: [line('z1-1', 'p1', 'Kurta', 450_000), line('z1-2', 'p2', 'Shawl', 450_000)],
  });
  await place(shopO, 'z2', 'zed', 'Lahore', {
    placedAt: '2026-02-15T10:00:00.000Z',
    totalMinor: 900_000,
    paymentMethod: 'cod',
    fulfilmentStatus: 'delivered',
    lineItems: [line('z2-1', 'p1', 'Kurta', 450_000), line('z2-2', 'p2', 'Shawl', 450_000)],
  });
  // zed's wholesale orders: 51 lines (in May) are too big a basket for pairs; 50 (in June) are not.
  const lines = (key: string, n: number) => Array.from({ length: n }, (_, i) => line(`${key}-${i}`, `w${i}`, `Item ${i}`, 1_000));
  await place(shopO, 'z3', 'zed', 'Lahore', { placedAt: '2026-05-10T10:00:00.000Z', totalMinor: 51_000, lineItems: lines('z3', 51) });
  await place(shopO, 'z4', 'zed', 'Lahore', { placedAt: '2026-06-10T10:00:00.000Z', totalMinor: 50_000, lineItems: lines('z4', 50) });
  const db = sql(server);
  for (const who of ['ali', 'bilal', 'chen', 'dua', 'eman', 'zed'])
    ids[who] = (await db.value<string>('SELECT id FROM customers WHERE email = ?', `${who}@example.com`))!;
  const orderId = async (key: string) => (await db.value<string>('SELECT id FROM orders WHERE external_id = ?', key))!;

  // Points: ali +500 (manual) and −200 (redemption); eman +50 (signup, no purchase); bilal −30 (a
  // debt: no liability); dua 100 pending from before the period; zed (another account) +9,999.
  await server.runtime.store.transaction(async (r) => {
    const entry = async (
      who: string,
      reason: LedgerReason,
      available: number,
      pending: number,
      occurredAt: string,
      account = accountId,
    ) => {
      await r.loyalty.ledger.append({
        accountId: account,
        customerId: ids[who]!,
        reason,
        state: pending ? 'pending' : 'available',
        points: Math.abs(available + pending),
        pendingDelta: pending,
        availableDelta: available,
        forgiven: 0,
        sourceType: null,
        sourceId: null,
        programVersion: null,
        note: null,
        actor: null,
        dedupeKey: `${who}:${reason}:${occurredAt}`,
        occurredAt,
        createdAt: occurredAt,
      });
    };
    await entry('ali', 'manual', 500, 0, '2026-01-06T00:00:00.000Z');
    await entry('ali', 'redemption', -200, 0, '2026-03-01T00:00:00.000Z');
    await entry('eman', 'signup', 50, 0, '2026-01-02T00:00:00.000Z');
    await entry('bilal', 'manual', -30, 0, '2026-02-04T00:00:00.000Z');
    await entry('dua', 'order', 0, 100, '2025-12-21T00:00:00.000Z');
    await entry('zed', 'manual', 9_999, 0, '2026-01-16T00:00:00.000Z', otherAccount);
  });
  // Referrals: chen came through ali (completed, first order c1); bilal's was blocked: it does not count.
  const refer = (id: string, account: string, advocate: string, friend: string, order: string, status: string) =>
    db.run(
      'INSERT INTO referrals (id, account_id, advocate_id, friend_id, order_id, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      id,
      account,
      ids[advocate],
      ids[friend],
      order,
      status,
      '2026-01-01T00:00:00.000Z',
    );
  await refer('ref_1', accountId, 'ali', 'chen', await orderId('c1'), 'completed');
  await refer('ref_2', accountId, 'ali', 'bilal', await orderId('b2'), 'blocked');
  await refer('ref_3', otherAccount, 'zed', 'zed', await orderId('z2'), 'completed');
});

afterAll(async () => {
  await server?.close();
});

describe('retention cohorts', () => {
  it('sizes each first-order month and counts who came back in months +1..+N', async () => {
    const r = await call(`/api/analytics/retention?${PERIOD}&months=2`);
    expect(r.status).toBe(200);
    expect(r.body.period).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(r.body.months).toBe(2);
    // January: ali (back in February and March). February: bilal and chen (neither back). March: nobody.
    // dua's first order was in December: not a cohort of this period.
    expect(r.body.cohorts).toEqual([
      {
        month: '2026-01',
        customers: 1,
        retention: [
          { offset: 1, customers: 1, rate: 1 },
          { offset: 2, customers: 1, rate: 1 },
        ],
      },
      {
        month: '2026-02',
        customers: 2,
        retention: [
          { offset: 1, customers: 0, rate: 0 },
          { offset: 2, customers: 0, rate: 0 },
        ],
      },
      {
        month: '2026-03',
        customers: 0,
        retention: [
          { offset: 1, customers: 0, rate: null },
          { offset: 2, customers: 0, rate: null },
        ],
      },
    ]);
  });

  it('counts a cohort whose later orders fall after the period (dua: December, back in January)', async () => {
    const r = await call('/api/analytics/retention?from=2025-12-01&to=2025-12-31&months=1');
    expect(r.body.cohorts).toEqual([{ month: '2025-12', customers: 1, retention: [{ offset: 1, customers: 1, rate: 1 }] }]);
  });

  it('answers the same matrix as CSV, with a BOM and CRLF lines', async () => {
    const r = await csv(`/api/analytics/retention.csv?${PERIOD}&months=2`);
    expect(r.status).toBe(200);
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="retention-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(r.text).toBe(
      '\uFEFFcohort,customers,month_1,month_1_rate,month_2,month_2_rate\r\n' +
        '2026-01,1,1,1.0000,1,1.0000\r\n' +
        '2026-02,2,0,0.0000,0,0.0000\r\n' +
        '2026-03,0,0,,0,\r\n',
    );
  });
});

describe('repeat purchase', () => {
  it('gives the repeat rate, orders per customer and exact days between orders', async () => {
    const r = await call(`/api/analytics/repeat-purchase?${PERIOD}`);
    expect(r.status).toBe(200);
    // Buyers: ali (3 orders), bilal (b2; b1 was cancelled), chen (2, one in USD), dua (1, plus December's).
    // Repeat: ali, chen, dua. Intervals: ali 36 and 38 days, chen 0 (same day), dua 36 (from December).
    expect(r.body).toEqual({
      period: { from: '2026-01-01', to: '2026-03-31' },
      customers: 4,
      orders: 7,
      repeatCustomers: 3,
      repeatPurchaseRate: 0.75,
      purchaseFrequency: 1.75,
      daysBetweenOrders: { intervals: 4, meanDays: 27.5, medianDays: 36 },
    });
  });

  it('takes the middle interval of an odd count, and none in an empty period', async () => {
    // February alone: ali's a2 (36 days after a1) and chen's c2 (0): even, median (0 + 36) / 2.
    const feb = await call('/api/analytics/repeat-purchase?from=2026-02-01&to=2026-02-28');
    expect(feb.body.daysBetweenOrders).toEqual({ intervals: 2, meanDays: 18, medianDays: 18 });
    // January and February: 36 (a2), 0 (c2), 36 (d1): odd, the middle one.
    const two = await call('/api/analytics/repeat-purchase?from=2026-01-01&to=2026-02-28');
    expect(two.body.daysBetweenOrders).toEqual({ intervals: 3, meanDays: 24, medianDays: 36 });
    const none = await call('/api/analytics/repeat-purchase?from=2027-01-01&to=2027-01-31');
    expect(none.body).toMatchObject({
      customers: 0,
      orders: 0,
      repeatPurchaseRate: null,
      purchaseFrequency: null,
      daysBetweenOrders: { intervals: 0, meanDays: null, medianDays: null },
    });
  });

  it('answers CSV', async () => {
    const r = await csv(`/api/analytics/repeat-purchase.csv?${PERIOD}`);
    expect(r.text).toBe(
      '\uFEFFmetric,value\r\ncustomers,4\r\norders,7\r\nrepeat_customers,3\r\nrepeat_purchase_rate,0.7500\r\n' +
        'purchase_frequency,1.7500\r\nintervals,4\r\nmean_days_between_orders,27.5000\r\nmedian_days_between_orders,36\r\n',
    );
  });
});

describe('loyalty ROI', () => {
  it('compares members with non-members and values the points held', async () => {
    const r = await call(`/api/analytics/loyalty?${PERIOD}`);
    expect(r.status).toBe(200);
    // Members (points history by the end): ali 98,999 + 40,000 + 30,000, bilal 20,000, dua 70,000 = 258,999 over 5 orders.
    expect(r.body.members).toEqual({
      customers: 3,
      orders: 5,
      revenue: pkr('2589.99'),
      averageOrderValue: pkr('518.00'), // 258,999 / 5 = 51,799.8
      ordersPerCustomer: 5 / 3,
      repeatCustomers: 2,
      repeatRate: 2 / 3,
      revenuePerCustomer: pkr('863.33'), // 258,999 / 3 = 86,333
    });
    // chen: two orders, one in USD (not in revenue nor in the average's denominator).
    expect(r.body.nonMembers).toEqual({
      customers: 1,
      orders: 2,
      revenue: pkr('400.00'),
      averageOrderValue: pkr('400.00'),
      ordersPerCustomer: 2,
      repeatCustomers: 1,
      repeatRate: 1,
      revenuePerCustomer: pkr('400.00'),
    });
    // Held at the end: ali 300 + eman 50 (bilal's debt is no liability); pending: dua 100.
    // Issued in the period: 500 + 50; redeemed 200. Liability 350 × 0.50.
    expect(r.body.points).toEqual({
      outstanding: 350,
      pending: 100,
      holders: 3,
      pointCost: pkr('0.5'),
      liability: pkr('175.00'),
      issued: 550,
      redeemed: 200,
      redemptionRate: 200 / 550,
    });
    // New customers: ali, bilal, chen (dua's first order was in December); chen was referred.
    expect(r.body.referrals).toEqual({
      newCustomers: 3,
      referredCustomers: 1,
      referralRate: 1 / 3,
      referralOrders: 1,
      referralRevenue: pkr('400.00'),
      referredCustomersRevenue: pkr('400.00'),
    });
  });

  it('answers CSV, money with its currency', async () => {
    const r = await csv(`/api/analytics/loyalty.csv?${PERIOD}`);
    expect(r.text).toBe(
      '\uFEFF' +
        'metric,value,currency\r\n' +
        'members_customers,3,\r\n' +
        'members_orders,5,\r\n' +
        'members_revenue,2589.99,PKR\r\n' +
        'members_average_order_value,518.00,PKR\r\n' +
        'members_orders_per_customer,1.6667,\r\n' +
        'members_repeat_customers,2,\r\n' +
        'members_repeat_rate,0.6667,\r\n' +
        'members_revenue_per_customer,863.33,PKR\r\n' +
        'non_members_customers,1,\r\n' +
        'non_members_orders,2,\r\n' +
        'non_members_revenue,400.00,PKR\r\n' +
        'non_members_average_order_value,400.00,PKR\r\n' +
        'non_members_orders_per_customer,2.0000,\r\n' +
        'non_members_repeat_customers,1,\r\n' +
        'non_members_repeat_rate,1.0000,\r\n' +
        'non_members_revenue_per_customer,400.00,PKR\r\n' +
        'points_outstanding,350,\r\n' +
        'points_pending,100,\r\n' +
        'points_holders,3,\r\n' +
        'point_cost,0.5,PKR\r\n' +
        'points_liability,175.00,PKR\r\n' +
        'points_issued,550,\r\n' +
        'points_redeemed,200,\r\n' +
        'redemption_rate,0.3636,\r\n' +
        'new_customers,3,\r\n' +
        'referred_customers,1,\r\n' +
        'referral_rate,0.3333,\r\n' +
        'referral_orders,1,\r\n' +
        'referral_revenue,400.00,PKR\r\n' +
        'referred_customers_revenue,400.00,PKR\r\n',
    );
  });
});

describe('cash on delivery', () => {
  it('counts delivered and returned parcels by city, store and month', async () => {
    const r = await call(`/api/analytics/cod?${PERIOD}`);
    expect(r.status).toBe(200);
    // Parcels: a3 (delivered), b1 (returned, then cancelled: still a return), b2 (delivered), c1 (on its way).
    // e2 was cancelled before shipping (no parcel); zed's are another account's.
    const f = (parcels: number, delivered: number, returned: number) => ({
      parcels,
      delivered,
      returned,
      open: parcels - delivered - returned,
      deliveredRate: delivered + returned ? delivered / (delivered + returned) : null,
      returnRate: delivered + returned ? returned / (delivered + returned) : null,
    });
    expect(r.body.totals).toEqual(f(4, 2, 1));
    // "Lahore" (ali, 1 parcel) and "LAHORE" (bilal, 2) are one city, shown as its most used spelling.
    expect(r.body.cities).toEqual([
      { city: 'LAHORE', ...f(3, 2, 1) },
      { city: '=1+1, "Karachi"', ...f(1, 0, 0) },
    ]);
    expect(r.body.stores).toEqual([
      { connectionId: shopA, name: 'analytics-a.myshopify.com', domain: 'analytics-a.myshopify.com', platform: 'shopify', ...f(2, 1, 0) },
      {
        connectionId: expect.any(String),
        name: expect.any(String),
        domain: 'https://analytics-b.example/',
        platform: 'woocommerce',
        ...f(2, 1, 1),
      },
    ]);
    expect(r.body.months).toEqual([
      { month: '2026-01', ...f(1, 0, 1) },
      { month: '2026-02', ...f(2, 1, 0) },
      { month: '2026-03', ...f(1, 1, 0) },
    ]);
  });

  it('answers one breakdown per CSV, a formula-like city defused and quoted', async () => {
    const city = await csv(`/api/analytics/cod.csv?${PERIOD}`);
    expect(city.headers.get('content-disposition')).toMatch(/filename="cod-by-city-/);
    expect(city.text).toBe(
      '\uFEFFcity,parcels,delivered,returned,open,delivered_rate,return_rate\r\n' +
        'LAHORE,3,2,1,0,0.6667,0.3333\r\n' +
        '"\'=1+1, ""Karachi""",1,0,0,1,,\r\n',
    );
    const month = await csv(`/api/analytics/cod.csv?${PERIOD}&by=month`);
    expect(month.text).toBe(
      '\uFEFFmonth,parcels,delivered,returned,open,delivered_rate,return_rate\r\n' +
        '2026-01,1,0,1,0,0.0000,1.0000\r\n2026-02,2,1,0,1,1.0000,0.0000\r\n2026-03,1,1,0,0,1.0000,0.0000\r\n',
    );
    const store = await csv(`/api/analytics/cod.csv?${PERIOD}&by=store`);
    expect(store.text.split('\r\n')[0]).toBe('\uFEFFstore,domain,platform,parcels,delivered,returned,open,delivered_rate,return_rate');
    expect(store.text.split('\r\n')).toHaveLength(4);
  });
});

describe('products', () => {
  it('ranks top products by net revenue, units or customers', async () => {
    const r = await call(`/api/analytics/products?${PERIOD}&minBuyers=1`);
    expect(r.status).toBe(200);
    // Kurta: a1 60,000 × 98,999/100,000 = 59,399 (rounded down) + a2 50,000 × 40,000/50,000 + d1 40,000.
    // Shawl: a1 39,599 + b2 20,000 + c1 25,000 + d1 30,000. Chappal: a3 30,000 + c1 15,000. The gift card is left out.
    expect(r.body.top).toEqual([
      { productId: 'p1', title: 'Kurta', revenue: pkr('1393.99'), units: 3, orders: 3, customers: 2 },
      { productId: 'p2', title: 'Shawl', revenue: pkr('1145.99'), units: 5, orders: 4, customers: 4 },
      { productId: 'p3', title: 'Chappal', revenue: pkr('450.00'), units: 2, orders: 2, customers: 2 },
    ]);
    const units = await call(`/api/analytics/products?${PERIOD}&sort=units&limit=2`);
    expect(units.body.top.map((p: { productId: string }) => p.productId)).toEqual(['p2', 'p1']);
    const customers = await call(`/api/analytics/products?${PERIOD}&sort=customers`);
    expect(customers.body.top.map((p: { productId: string }) => p.productId)).toEqual(['p2', 'p1', 'p3']);
  });

  it('finds the products whose first-order buyers came back', async () => {
    const r = await call(`/api/analytics/products?${PERIOD}&minBuyers=1`);
    // First orders in the period: ali a1 (Kurta, Shawl; back), bilal b2 (Shawl; not back), chen c1 (Shawl, Chappal; back with c2).
    expect(r.body.returning).toEqual([
      { productId: 'p1', title: 'Kurta', firstOrderBuyers: 1, cameBack: 1, rate: 1 },
      { productId: 'p3', title: 'Chappal', firstOrderBuyers: 1, cameBack: 1, rate: 1 },
      { productId: 'p2', title: 'Shawl', firstOrderBuyers: 3, cameBack: 2, rate: 2 / 3 },
    ]);
    const two = await call(`/api/analytics/products?${PERIOD}&minBuyers=2`);
    expect(two.body.returning.map((p: { productId: string }) => p.productId)).toEqual(['p2']);
  });

  it('counts products bought together in one order, with their support', async () => {
    const r = await call(`/api/analytics/products?${PERIOD}`);
    // Baskets: a1, a2, a3, b2, c1, d1 (c2 holds only a gift card). Kurta+Shawl in a1 and d1; Shawl+Chappal in c1.
    expect(r.body.boughtTogether).toEqual({
      baskets: 6,
      pairs: [
        { a: { productId: 'p1', title: 'Kurta' }, b: { productId: 'p2', title: 'Shawl' }, orders: 2, support: 2 / 6 },
        { a: { productId: 'p2', title: 'Shawl' }, b: { productId: 'p3', title: 'Chappal' }, orders: 1, support: 1 / 6 },
      ],
    });
    const one = await call(`/api/analytics/products?${PERIOD}&limit=1`);
    expect(one.body.boughtTogether.pairs).toHaveLength(1);
  });

  it('answers each list as CSV', async () => {
    const top = await csv(`/api/analytics/products.csv?${PERIOD}`);
    expect(top.text).toBe(
      '\uFEFFproduct_id,title,revenue,currency,units,orders,customers\r\n' +
        'p1,Kurta,1393.99,PKR,3,3,2\r\np2,Shawl,1145.99,PKR,5,4,4\r\np3,Chappal,450.00,PKR,2,2,2\r\n',
    );
    const pairs = await csv(`/api/analytics/products.csv?${PERIOD}&table=pairs`);
    expect(pairs.text).toBe(
      '\uFEFFproduct_a_id,product_a,product_b_id,product_b,orders,support\r\n' +
        'p1,Kurta,p2,Shawl,2,0.3333\r\np2,Shawl,p3,Chappal,1,0.1667\r\n',
    );
    const returning = await csv(`/api/analytics/products.csv?${PERIOD}&table=returning&minBuyers=2`);
    expect(returning.text).toBe('\uFEFFproduct_id,title,first_order_buyers,came_back,rate\r\np2,Shawl,3,2,0.6667\r\n');
  });
});

describe('period bounds', () => {
  it('counts an order placed at midnight in the day it starts, not the day before', async () => {
    const april = 'from=2026-04-01&to=2026-04-01';
    expect((await call(`/api/analytics/cod?${april}`)).body.cities).toEqual([
      expect.objectContaining({ city: 'Multan', parcels: 1, delivered: 1 }),
    ]);
    expect((await call(`/api/analytics/repeat-purchase?${april}`)).body).toMatchObject({ customers: 1, orders: 1, repeatCustomers: 0 });
    expect((await call(`/api/analytics/retention?${april}&months=1`)).body.cohorts).toEqual([
      { month: '2026-04', customers: 1, retention: [{ offset: 1, customers: 0, rate: 0 }] },
    ]);
    const march = 'from=2026-03-31&to=2026-03-31';
    expect((await call(`/api/analytics/cod?${march}`)).body.totals.parcels).toBe(0);
    expect((await call(`/api/analytics/products?${march}`)).body.top).toEqual([]);
  });
});

describe('tenancy', () => {
  it('shows another account only its own data', async () => {
    const cod = await call(`/api/analytics/cod?${PERIOD}`, other);
    expect(cod.body.totals).toMatchObject({ parcels: 2, delivered: 1, returned: 1 });
    expect(cod.body.cities).toEqual([expect.objectContaining({ city: 'Lahore', parcels: 2 })]);
    const products = await call(`/api/analytics/products?${PERIOD}&minBuyers=1`, other);
    expect(products.body.top.map((p: { units: number }) => p.units)).toEqual([2, 2]);
    expect(products.body.boughtTogether).toMatchObject({ baskets: 2, pairs: [{ orders: 2 }] });
    const loyalty = await call(`/api/analytics/loyalty?${PERIOD}`, other);
    expect(loyalty.body.points).toMatchObject({ outstanding: 9_999, issued: 9_999, pointCost: null, liability: null });
    expect(loyalty.body.members).toMatchObject({ customers: 1, orders: 2 });
    expect(loyalty.body.referrals).toMatchObject({ newCustomers: 1, referredCustomers: 1 });
    const retention = await call(`/api/analytics/retention?${PERIOD}&months=1`, other);
    expect(retention.body.cohorts.map((c: { customers: number }) => c.customers)).toEqual([1, 0, 0]);
  });

  it('leaves orders of more than 50 lines out of the pairs', async () => {
    const may = await call('/api/analytics/products?from=2026-05-01&to=2026-05-31&limit=100', other);
    expect(may.body.boughtTogether).toEqual({ baskets: 1, pairs: [] });
    const june = await call('/api/analytics/products?from=2026-06-01&to=2026-06-30&limit=100', other);
    expect(june.body.boughtTogether.baskets).toBe(1);
    expect(june.body.boughtTogether.pairs).toHaveLength(100); // of 50 × 49 / 2 = 1,225, the limit
    expect(june.body.boughtTogether.pairs[0]).toEqual({
      a: { productId: 'w0', title: 'Item 0' },
      b: { productId: 'w1', title: 'Item 1' },
      orders: 1,
      support: 1,
    });
  });

  it('needs a signed-in caller', async () => {
    for (const path of ['retention', 'repeat-purchase', 'loyalty', 'cod', 'products', 'cod.csv'])
      expect((await call(`/api/analytics/${path}?${PERIOD}`, '')).status).toBe(401);
  });
});

describe('bad query parameters', () => {
  it.each([
    ['retention', 'from=2026-03-10&to=2026-03-01', 'to'],
    ['retention', 'from=2026-01-01&to=2026-03-31&months=0', 'months'],
    ['retention', 'from=2026-01-01&to=2026-03-31&months=25', 'months'],
    ['retention.csv', 'from=2026-02-30&to=2026-03-31', 'from'],
    ['repeat-purchase', 'from=2020-01-01&to=2026-03-31', 'to'],
    ['repeat-purchase', 'to=2026-03-31', 'from'],
    ['loyalty', 'from=yesterday&to=2026-03-31', 'from'],
    ['loyalty.csv', `${PERIOD}&currency=USD`, ''],
    ['cod', `${PERIOD}&by=city`, ''],
    ['cod.csv', `${PERIOD}&by=province`, 'by'],
    ['products', `${PERIOD}&sort=price`, 'sort'],
    ['products', `${PERIOD}&limit=0`, 'limit'],
    ['products', `${PERIOD}&limit=101`, 'limit'],
    ['products.csv', `${PERIOD}&table=all`, 'table'],
  ])('%s?%s answers 400 naming %s', async (report, q, path) => {
    const r = await call(`/api/analytics/${report}?${q}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid');
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });
});

describe('the program’s cost per point', () => {
  const save = (pointCost: unknown) =>
    apiCall(
      server,
      'PUT',
      '/api/loyalty/program',
      { enabled: false, pointCost, earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] } },
      token,
    );

  it('is refused unless a plain decimal of at most 4 places', async () => {
    for (const bad of ['1e3', '-1', '0.12345', 5]) {
      const r = await save(bad);
      expect(r.status).toBe(400);
      expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain('pointCost');
    }
  });

  it('values the points held once saved (350 × 0.0125 = 4.375, rounded half up)', async () => {
    expect((await save('0.0125')).status).toBe(200);
    const r = await call(`/api/analytics/loyalty?${PERIOD}`);
    expect(r.body.points).toMatchObject({ pointCost: pkr('0.0125'), liability: pkr('4.38') });
  });
});
