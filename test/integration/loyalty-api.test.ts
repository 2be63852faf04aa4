import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, sessionToken } from '../helpers/signed.ts';

// Loyalty end to end: the merchant sets a program through the admin API, signed Shopify webhooks
// for a cash-on-delivery shopper arrive (duplicated, out of order, refunded, cancelled), and the
// profile, the ledger and manual adjustments say exactly what they should.

const SHOP = 'lahore-loyalty.myshopify.com';
const OTHER_SHOP = 'karachi-other.myshopify.com';
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

async function deliver(topic: string, body: string) {
  const res = await postShopify(server.url, { topic, shop: SHOP, body });
  expect(res.status).toBe(200);
  await server.drain();
}

const T = (day: number, hour = 12) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+05:00`;

/** The documented COD order: PKR 5,000 subtotal + 250 shipping, paid by cash on delivery. */
function codOrder(id: number, change: Record<string, unknown> = {}) {
  return fixture('shopify/order-cod-pending.json', (o) => {
    o.id = id;
    o.name = `#${id}`;
    o.email = 'bilal.ahmed@example.pk';
    // Another identity of the same shopper (same email) as customer-create.json: merged into one profile.
    o.customer = { ...(o.customer as object), email: 'bilal.ahmed@example.pk', updated_at: T(1) };
    for (const k of Object.keys(o)) if (k.endsWith('_set')) delete o[k];
    Object.assign(o, change);
  });
}

let customerId: string;

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Lahore Loyalty', 'PKR');
  await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' });
  const other = await t.createAccount('Karachi Other', 'PKR');
  await t.upsertConnection({ accountId: other, platform: 'shopify', domain: OTHER_SHOP, currency: 'PKR', country: 'PK' });
  token = await sessionToken(SHOP);
  otherToken = await sessionToken(OTHER_SHOP);
});
afterAll(() => server.close());

describe('loyalty program settings', () => {
  it('proposes sensible defaults before the first save', async () => {
    const r = await call('GET', '/api/loyalty/program');
    expect(r.status).toBe(200);
    expect(r.body.program).toBeNull();
    expect(r.body.proposed.earning.rates).toEqual([{ currency: 'PKR', points: 1, per: '100' }]);
    expect(r.body.proposed.earning.triggers).toEqual({ card: 'paid', cod: 'delivered', other: 'paid' });
  });

  it.each([
    ['a zero rate', { earning: { rates: [{ currency: 'PKR', points: 1, per: '0' }] } }, 'earning.rates.0.per'],
    [
      'an unknown trigger',
      { earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }], triggers: { cod: 'shipped' } } },
      'earning.triggers.cod',
    ],
    ['a negative action', { earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] }, actions: { signup: -5 } }, 'actions.signup'],
  ])('refuses %s with the field named, and saves nothing', async (_t, body, path) => {
    const r = await call('PUT', '/api/loyalty/program', body);
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await call('GET', '/api/loyalty/program')).body.program).toBeNull();
  });

  it('saves version 1', async () => {
    const r = await call('PUT', '/api/loyalty/program', {
      earnOrdersPlacedFrom: '2026-01-01T00:00:00Z',
      earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
      actions: { signup: 25 },
    });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(1);
    expect((await call('GET', '/api/loyalty/program')).body.program.version).toBe(1);
  });

  it('previews an order in words', async () => {
    const r = await call('POST', '/api/loyalty/preview', { amount: '5000', currency: 'PKR', paymentMethod: 'cod' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      points: 50,
      status: 'pending',
      trigger: 'delivered',
      explanation: '50 points, pending until the order is delivered.',
    });
  });
});

describe('earning through webhooks', () => {
  it('awards signup points once', async () => {
    await deliver('customers/create', fixture('shopify/customer-create.json'));
    await deliver('customers/update', fixture('shopify/customer-create.json', { updated_at: T(2) }));
    const list = await call('GET', '/api/customers?query=bilal');
    customerId = list.body.customers[0].id;
    const profile = await call('GET', `/api/customers/${customerId}`);
    expect(profile.body.loyalty).toMatchObject({ balance: 25, pending: 0, lifetimeEarned: 25 });
    expect(profile.body.loyalty.referralCode).toMatch(/^[2-9A-Z]{7}$/);
  });

  it('keeps COD points pending until cash is collected, whatever the duplicates', async () => {
    await deliver('orders/create', codOrder(9001, { updated_at: T(10) }));
    await deliver('orders/create', codOrder(9001, { updated_at: T(10) }));
    expect((await call('GET', `/api/customers/${customerId}/loyalty`)).body).toMatchObject({ balance: 25, pending: 50 });
  });

  it('makes them available when the courier collects the cash, even if the older update comes last', async () => {
    await deliver('orders/updated', codOrder(9001, { updated_at: T(12), financial_status: 'paid' }));
    await deliver('orders/updated', codOrder(9001, { updated_at: T(11) })); // stale: still "pending" payment
    expect((await call('GET', `/api/customers/${customerId}/loyalty`)).body).toMatchObject({ balance: 75, pending: 0, lifetimeEarned: 75 });
  });

  it('takes back points in proportion to a partial refund, exactly once', async () => {
    const refund = fixture('shopify/refund-partial.json', (r) => {
      r.id = 77001;
      r.order_id = 9001;
      r.created_at = T(13);
      r.transactions = [
        { id: 1, kind: 'refund', status: 'success', amount: '1575.00', currency: 'PKR', gateway: 'Cash on Delivery (COD)' },
      ];
    });
    await deliver('refunds/create', refund);
    await deliver('refunds/create', refund);
    // 1,575 of 5,250 refunded (30%): 50 points become 35.
    expect((await call('GET', `/api/customers/${customerId}/loyalty`)).body).toMatchObject({ balance: 60, pending: 0 });
  });

  it('never makes points of a COD order cancelled before delivery available', async () => {
    await deliver(
      'orders/create',
      codOrder(9002, {
        updated_at: T(14),
        subtotal_price: '20000.00',
        total_price: '20000.00',
        line_items: [{ id: 5, price: '20000.00', quantity: 1, title: 'Sherwani', total_discount: '0.00' }],
      }),
    );
    expect((await call('GET', `/api/customers/${customerId}/loyalty`)).body).toMatchObject({ balance: 60, pending: 200 });
    await deliver(
      'orders/cancelled',
      codOrder(9002, {
        updated_at: T(15),
        cancelled_at: T(15),
        financial_status: 'voided',
        subtotal_price: '20000.00',
        total_price: '20000.00',
        line_items: [{ id: 5, price: '20000.00', quantity: 1, title: 'Sherwani', total_discount: '0.00' }],
      }),
    );
    expect((await call('GET', `/api/customers/${customerId}/loyalty`)).body).toMatchObject({ balance: 60, pending: 0 });
  });

  it('explains every movement in the ledger, whose sum is the balance', async () => {
    const r = await call('GET', `/api/customers/${customerId}/points?first=50`);
    expect(r.status).toBe(200);
    const entries = r.body.entries as Array<{ reason: string; state: string; availableDelta: number; pendingDelta: number; note: string }>;
    expect(entries.reduce((s, e) => s + e.availableDelta, 0)).toBe(60);
    expect(entries.reduce((s, e) => s + e.pendingDelta, 0)).toBe(0);
    expect(entries.map((e) => `${e.reason}/${e.state}`).reverse()).toEqual([
      'signup/available',
      'order/pending',
      'order/available',
      'refund/reversed',
      'order/pending',
      'cancellation/reversed',
    ]);
    expect(entries[0]!.note).toContain('cancelled');
    // Each movement is also on the profile timeline, beside the orders.
    const timeline = await call('GET', `/api/customers/${customerId}/timeline?kind=points&first=50`);
    expect(timeline.body.events.map((e: { data: { reason: string } }) => e.data.reason).sort()).toEqual(
      entries.map((e) => e.reason).sort(),
    );
  });
});

describe('manual adjustments', () => {
  it('refuses a deduction the balance cannot cover', async () => {
    const r = await call('POST', `/api/customers/${customerId}/points`, { points: -100, note: 'Damaged goods claim' });
    expect(r.status).toBe(409);
    expect(r.body.error.details).toEqual({ available: 60 });
  });

  it('requires a reason', async () => {
    expect((await call('POST', `/api/customers/${customerId}/points`, { points: 10, note: ' ' })).status).toBe(400);
  });

  it('awards once per idempotency key', async () => {
    const body = { points: 15, note: 'Sorry for the late delivery', idempotencyKey: 'ticket-4411-goodwill' };
    const first = await call('POST', `/api/customers/${customerId}/points`, body);
    const again = await call('POST', `/api/customers/${customerId}/points`, body);
    expect(first.body).toMatchObject({ applied: true, loyalty: { balance: 75 } });
    expect(again.body).toMatchObject({ applied: false, loyalty: { balance: 75 } });
    const top = (await call('GET', `/api/customers/${customerId}/points?first=1`)).body.entries[0];
    expect(top).toMatchObject({
      reason: 'manual',
      points: 15,
      note: 'Sorry for the late delivery',
      actor: 'shopify:lahore-loyalty.myshopify.com:42',
      actorName: null,
    }); // a custom-app store: no online token, so no name
  });

  it('awards a review once per review', async () => {
    await call('PUT', '/api/loyalty/program', {
      earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
      actions: { signup: 25, review: 5 },
    });
    const a = await call('POST', `/api/customers/${customerId}/loyalty/actions`, { action: 'review', reference: 'rev-1' });
    const b = await call('POST', `/api/customers/${customerId}/loyalty/actions`, { action: 'review', reference: 'rev-1' });
    expect(a.body).toMatchObject({ outcome: 'awarded', points: 5, loyalty: { balance: 80 } });
    expect(b.body).toMatchObject({ outcome: 'already_awarded', points: 0, loyalty: { balance: 80 } });
  });
});

describe('versioned rules', () => {
  it('keeps an order on the rules it was awarded under', async () => {
    const v = await call('PUT', '/api/loyalty/program', {
      earning: { rates: [{ currency: 'PKR', points: 10, per: '100' }] },
      actions: { signup: 25, review: 5 },
    });
    expect(v.body.version).toBe(3);
    expect(v.body.settings.earnOrdersPlacedFrom).toBe('2026-01-01T00:00:00Z');
    await deliver('orders/updated', codOrder(9001, { updated_at: T(20), financial_status: 'partially_refunded' }));
    expect((await call('GET', `/api/customers/${customerId}/loyalty`)).body).toMatchObject({ balance: 80 });
  });
});

describe('tenancy', () => {
  it.each([
    ['GET', 'loyalty'],
    ['GET', 'points'],
    ['POST', 'points'],
    ['PATCH', 'loyalty'],
  ])("another shop cannot %s a customer's %s", async (method, what) => {
    const body = method === 'POST' ? { points: 1000, note: 'steal' } : method === 'PATCH' ? { birthday: '01-01' } : undefined;
    const r = await call(method, `/api/customers/${customerId}/${what}`, body, otherToken);
    expect(r.status).toBe(404);
  });

  it('needs a token', async () => {
    expect((await call('GET', `/api/customers/${customerId}/loyalty`, undefined, 'nope')).status).toBe(401);
  });
});
