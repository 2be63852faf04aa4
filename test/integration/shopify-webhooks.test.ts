import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, sessionToken, shopifyHmac } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

const SHOP = 'rapport-test.myshopify.com';

let server: TestServer;
let token: string;

async function api(path: string, auth = token) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${auth}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

function inboxCount(): Promise<number> {
  return sql(server).count('SELECT count(*) FROM webhook_inbox');
}

async function deliver(topic: string, body: string, extra: { webhookId?: string; eventId?: string } = {}) {
  const res = await postShopify(server.url, { topic, shop: SHOP, body, ...extra });
  expect(res.status).toBe(200);
  return (await res.json()) as { ok: boolean; duplicate: boolean };
}

async function customerByEmail(email: string) {
  const list = await api(`/api/customers?query=${encodeURIComponent(email)}`);
  expect(list.status).toBe(200);
  expect(list.body.customers).toHaveLength(1);
  return (await api(`/api/customers/${list.body.customers[0].id}`)).body;
}

beforeAll(async () => {
  server = await startTestServer();
  const accountId = await server.runtime.tenancy.createAccount('Test Bazaar', 'USD');
  await server.runtime.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'USD', country: 'PK' });
  token = await sessionToken(SHOP);
});
afterAll(() => server.close());

const T = (h: number) => `2026-11-01T${String(h).padStart(2, '0')}:00:00Z`;

function cardOrder(id: number, email: string, change: Record<string, unknown> = {}) {
  return fixture('shopify/order-card-paid.json', (o) => {
    o.id = id;
    o.name = `#${id}`;
    o.email = email;
    o.customer = { ...(o.customer as object), id: id * 10, email, updated_at: T(1), tags: undefined };
    o.refunds = [];
    o.cancelled_at = null;
    o.updated_at = T(1);
    // Amounts come from the *_set shop_money when present; keep one source of truth in tests.
    for (const k of Object.keys(o)) if (k.endsWith('_set')) delete o[k];
    Object.assign(o, change);
  });
}

describe('Shopify webhook intake', () => {
  it('records a card order and derives exact stats', async () => {
    await deliver('orders/create', cardOrder(1001, 'card.buyer@example.com', { total_price: '120.00' }));
    await server.drain();
    const profile = await customerByEmail('card.buyer@example.com');
    expect(profile.numberOfOrders).toBe(1);
    expect(profile.amountSpent).toEqual({ amount: '120.00', currencyCode: 'USD' });
  });
});

describe('duplicates, order and refunds', () => {
  it('drops a redelivery (same webhook id) and a second subscription (same event id)', async () => {
    const body = cardOrder(2001, 'dup@example.com', { total_price: '50.00', subtotal_price: '50.00' });
    expect((await deliver('orders/create', body, { webhookId: 'w-1', eventId: 'e-1' })).duplicate).toBe(false);
    expect((await deliver('orders/create', body, { webhookId: 'w-1', eventId: 'e-1' })).duplicate).toBe(true);
    expect((await deliver('orders/create', body, { webhookId: 'w-2', eventId: 'e-1' })).duplicate).toBe(true);
    // orders/paid for the same order is another topic: accepted, and idempotent in effect.
    expect((await deliver('orders/paid', body, { webhookId: 'w-3', eventId: 'e-1' })).duplicate).toBe(false);
    await server.drain();
    const p = await customerByEmail('dup@example.com');
    expect(p.numberOfOrders).toBe(1);
    expect(p.amountSpent.amount).toBe('50.00');
  });

  it('never lets an older state overwrite a newer one', async () => {
    await deliver('orders/updated', cardOrder(2002, 'late@example.com', { total_price: '80.00', updated_at: T(5) }));
    await deliver('orders/create', cardOrder(2002, 'late@example.com', { total_price: '99.00', updated_at: T(2) }));
    await server.drain();
    expect((await customerByEmail('late@example.com')).amountSpent.amount).toBe('80.00');
  });

  it('nets partial refunds, even when the refund arrives before its order', async () => {
    const refund = fixture('shopify/refund-partial.json', (r) => {
      r.id = 7001;
      r.order_id = 2003;
      r.transactions = [{ id: 1, order_id: 2003, kind: 'refund', status: 'success', amount: '15.25', currency: 'USD' }];
    });
    await deliver('refunds/create', refund);
    await server.drain();
    await deliver('orders/create', cardOrder(2003, 'refund@example.com', { total_price: '100.00' }));
    await deliver('refunds/create', refund); // Shopify retried it: a new delivery id, same refund
    await server.drain();
    const p = await customerByEmail('refund@example.com');
    expect(p.amountSpent.amount).toBe('84.75');
    expect(p.orders[0].refunded.amount).toBe('15.25');
    expect(p.timeline.events.filter((e: { kind: string }) => e.kind === 'order_refunded')).toHaveLength(1);
  });

  it('excludes cancelled orders from the stats', async () => {
    await deliver('orders/create', cardOrder(2004, 'cancel@example.com', { total_price: '40.00' }));
    await deliver('orders/create', cardOrder(2005, 'cancel@example.com', { total_price: '60.00' }));
    await deliver(
      'orders/cancelled',
      cardOrder(2005, 'cancel@example.com', { total_price: '60.00', cancelled_at: T(3), updated_at: T(3) }),
    );
    await server.drain();
    const p = await customerByEmail('cancel@example.com');
    expect(p.numberOfOrders).toBe(1);
    expect(p.amountSpent.amount).toBe('40.00');
    expect(p.lastOrderAt).toBe(p.firstOrderAt);
  });

  it('keeps guests by email and Urdu names intact', async () => {
    await deliver('orders/create', fixture('shopify/order-guest.json'));
    await deliver('orders/create', fixture('shopify/order-cod-pending.json'));
    await server.drain();
    const cod = (await api(`/api/customers?query=${encodeURIComponent('عائشہ')}`)).body.customers;
    expect(cod).toHaveLength(1);
    const p = (await api(`/api/customers/${cod[0].id}`)).body;
    expect(p.orders[0].paymentMethod).toBe('cod');
    expect(p.phone).toBe('+923001234567');
    const guests = (await api(`/api/customers?query=${encodeURIComponent('ਹਰਪ੍ਰੀਤ')}`)).body.customers;
    expect(guests).toHaveLength(1);
    expect((await api(`/api/customers/${guests[0].id}`)).body.identities[0].externalId).toMatch(/^guest:/);
  });

  it('acknowledges unknown topics and ignores them', async () => {
    const res = await deliver('collections/update', '{"id": 1, "title": "Kurtas"}');
    expect(res.duplicate).toBe(false);
    await server.drain();
    expect(await sql(server).value(`SELECT status FROM webhook_inbox WHERE topic = 'collections/update'`)).toBe('ignored');
  });

  it('dead-letters a payload it cannot understand, visibly, and retries it on request', async () => {
    await deliver('orders/create', '{"hello": "world"}');
    await server.drain();
    const dead = await api('/api/inbox?status=dead');
    expect(dead.body.deliveries).toHaveLength(1);
    expect(dead.body.deliveries[0].lastError).toMatch(/\w/);
    expect(JSON.stringify(dead.body)).not.toContain('hello');
    const res = await fetch(`${server.url}/api/inbox/retry`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await res.json()).toEqual({ requeued: 1 });
  });

  it('a failing delivery rolls back alone: its neighbours in the same batch still apply', async () => {
    await deliver('orders/create', cardOrder(2101, 'batch-a@example.com', { total_price: '11.00' }));
    await deliver('orders/create', '{"id": "no created_at, so the schema rejects it"}');
    await deliver('orders/create', cardOrder(2102, 'batch-b@example.com', { total_price: '22.00' }));
    await server.drain();
    expect((await customerByEmail('batch-a@example.com')).amountSpent.amount).toBe('11.00');
    expect((await customerByEmail('batch-b@example.com')).amountSpent.amount).toBe('22.00');
    expect((await api('/api/inbox?status=dead')).body.counts.dead).toBeGreaterThanOrEqual(1);
  });

  it('replaying the whole inbox gives the same store', async () => {
    const snapshot = () =>
      sql(server).all(
        `SELECT c.email, c.orders_count, c.amount_spent_minor, c.first_order_at, c.last_order_at,
              (SELECT count(*) FROM timeline_events t WHERE t.customer_id = c.id) AS events
       FROM customers c ORDER BY c.email, c.id`,
      );
    const before = await snapshot();
    await sql(server).run(`UPDATE webhook_inbox SET status = 'pending', attempts = 0, next_attempt_at = NULL`);
    await server.drain();
    expect(await snapshot()).toEqual(before);
  });
});

describe('compliance and uninstall', () => {
  it('customers/data_request stores an export of the customer for the merchant', async () => {
    await deliver(
      'customers/data_request',
      fixture('shopify/customers-data-request.json', (b) => {
        b.customer = { id: 20030, email: 'refund@example.com', phone: null };
        b.data_request = { id: 9999 };
      }),
    );
    await server.drain();
    const exported = await sql(server).value<string>(`SELECT export FROM data_requests WHERE external_request_id = '9999'`);
    const data = JSON.parse(exported!) as { profiles: { orders: unknown[] }[] };
    expect(data.profiles).toHaveLength(1);
    expect(data.profiles[0]!.orders).toHaveLength(1);
  });

  it('customers/redact erases personal data everywhere, stored webhooks included', async () => {
    const before = await customerByEmail('late@example.com');
    await deliver(
      'customers/redact',
      fixture('shopify/customers-redact.json', (b) => {
        b.customer = { id: 20020, email: 'late@example.com', phone: null };
        b.orders_to_redact = [2002];
      }),
    );
    await server.drain();
    const p = (await api(`/api/customers/${before.id}`)).body;
    expect(p).toMatchObject({ email: null, firstName: null, lastName: null, phone: null, redacted: true });
    expect(p.numberOfOrders).toBe(1); // anonymous history stays for the merchant's analytics
    const leftovers = await sql(server).count(
      `SELECT (SELECT count(*) FROM webhook_inbox WHERE body LIKE '%late@example.com%')
            + (SELECT count(*) FROM orders WHERE email LIKE '%late@example.com%')
            + (SELECT count(*) FROM customer_identities WHERE email LIKE '%late@example.com%')`,
    );
    expect(leftovers).toBe(0);
  });

  it('app/uninstalled drops the token and locks the admin; shop/redact erases the shop', async () => {
    await deliver('app/uninstalled', '{"id": 1, "domain": "rapport-test.myshopify.com"}');
    await server.drain();
    const conn = (await server.runtime.tenancy.connectionByDomain('shopify', SHOP))!;
    expect(conn.status).toBe('uninstalled');
    expect((await server.runtime.tenancy.secrets(conn)).accessToken).toBeNull();
    expect((await api('/api/customers')).status).toBe(401);
    // shop/redact still arrives (48 h later) and must be accepted.
    await deliver('shop/redact', fixture('shopify/shop-redact.json'));
    await server.drain();
    const n = (t: string) => sql(server).count(`SELECT count(*) FROM ${t}`);
    expect([await n('orders'), await n('customers'), await n('customer_identities'), await n('refunds'), await n('webhook_inbox')]).toEqual(
      [0, 0, 0, 0, 0],
    );
  });
});

describe('bad input changes nothing', () => {
  const body = '{"id": 1}';
  it.each([
    ['missing signature', { hmac: null }, 401],
    ['wrong signature', { hmac: shopifyHmac(body, 'not-the-secret') }, 401],
    ['signature over other bytes', { hmac: shopifyHmac('{"id": 2}', 'test-api-secret-shhh') }, 401],
    ['missing topic', { headers: { 'x-shopify-topic': null } }, 400],
    ['missing webhook id', { headers: { 'x-shopify-webhook-id': null } }, 400],
  ] as const)('%s -> %i', async (_title, change, status) => {
    const before = await inboxCount();
    const res = await postShopify(server.url, { topic: 'orders/create', shop: SHOP, body, ...change });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/\w/);
    expect(await inboxCount()).toBe(before);
  });

  it('unknown shop -> 404 with a reason', async () => {
    const before = await inboxCount();
    const res = await postShopify(server.url, { topic: 'orders/create', shop: 'other.myshopify.com', body });
    expect(res.status).toBe(404);
    expect(await inboxCount()).toBe(before);
  });

  it('a body over 5 MB -> 413; a wrong method or path -> 404', async () => {
    const before = await inboxCount();
    const big = JSON.stringify({ id: 1, pad: 'x'.repeat(5 * 1024 * 1024) });
    expect((await postShopify(server.url, { topic: 'orders/create', shop: SHOP, body: big })).status).toBe(413);
    expect((await fetch(`${server.url}/webhooks/shopify`)).status).toBe(404);
    expect((await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(await inboxCount()).toBe(before);
  });

  it('malformed JSON -> 400', async () => {
    const before = await inboxCount();
    const res = await postShopify(server.url, { topic: 'orders/create', shop: SHOP, body: '{"id": ' });
    expect(res.status).toBe(400);
    expect(await inboxCount()).toBe(before);
  });
});
