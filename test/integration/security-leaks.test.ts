import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// Issue #12, small leaks: cursors and errors must not reveal another account's data.

const SHOP_A = 'leak-a.myshopify.com';
const SHOP_B = 'leak-b.myshopify.com';
let server: TestServer;
let tokenA: string;
let foreignEventId: number;
let ownEventId: number;

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const a = await t.createAccount('A');
  const b = await t.createAccount('B');
  await t.upsertConnection({ accountId: a, platform: 'shopify', domain: SHOP_A });
  await t.upsertConnection({ accountId: b, platform: 'shopify', domain: SHOP_B });
  await t.createAdminUser(b, 'owner@leak-b.example', 'correct horse battery');
  const db = sql(server);
  const now = new Date().toISOString();
  const customer = (id: string, accountId: string, email: string) =>
    db.run(
      `INSERT INTO customers (id, account_id, email, search_text, currency, created_at, updated_at) VALUES (?, ?, ?, ?, 'USD', ?, ?)`,
      id,
      accountId,
      email,
      email,
      now,
      now,
    );
  await customer('cus_a', a, 'a@example.com');
  await customer('cus_a2', a, 'a2@example.com');
  await customer('cus_b', b, 'b@example.com');
  const event = (accountId: string, customerId: string, at: string, key: string) =>
    db.value<number>(
      `INSERT INTO timeline_events (account_id, customer_id, kind, occurred_at, dedupe_key) VALUES (?, ?, 'note_added', ?, ?) RETURNING id`,
      accountId,
      customerId,
      at,
      key,
    );
  for (let d = 1; d <= 5; d++) await event(a, 'cus_a', `2026-0${d}-01T00:00:00.000Z`, `a${d}`);
  ownEventId = Number(await event(a, 'cus_a2', '2026-03-15T00:00:00.000Z', 'other-customer'));
  foreignEventId = Number(await event(b, 'cus_b', '2026-03-15T00:00:00.000Z', 'b1'));
  tokenA = await sessionToken(SHOP_A);
});
afterAll(() => server.close());

async function get(path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${tokenA}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('timeline cursors', () => {
  it("a cursor from another account's event is refused, not used to position the page", async () => {
    const res = await get(`/api/customers/cus_a/timeline?after=${foreignEventId}`);
    expect(res.status).toBe(400);
  });

  it("a cursor from another customer's event of the same account is refused too", async () => {
    expect((await get(`/api/customers/cus_a/timeline?after=${ownEventId}`)).status).toBe(400);
    expect((await get('/api/customers/cus_a/timeline?after=999999')).status).toBe(400);
  });

  it("the customer's own cursor pages on", async () => {
    const first = await get('/api/customers/cus_a/timeline?first=2');
    expect(first.status).toBe(200);
    const next = await get(`/api/customers/cus_a/timeline?first=2&after=${first.body.pageInfo.endCursor}`);
    expect(next.status).toBe(200);
    expect(next.body.events.map((e: { occurredAt: string }) => e.occurredAt.slice(0, 7))).toEqual(['2026-03', '2026-02']);
  });
});

describe('adding a staff login', () => {
  const add = async (email: string) => {
    const res = await fetch(`${server.url}/api/staff`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'a long enough password' }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it("answers the same whether the email is this account's or another account's", async () => {
    expect((await add('mine@leak-a.example')).status).toBe(201);
    const own = await add('mine@leak-a.example');
    const other = await add('owner@leak-b.example');
    expect(own.status).toBe(409);
    expect(other).toEqual(own);
    expect(JSON.stringify(other.body)).not.toMatch(/exist/i);
  });
});

describe('calendar dates', () => {
  it.each([
    '/api/customers?lastOrderFrom=2026-02-30',
    '/api/customers?lastOrderTo=2026-04-31',
    '/api/customers?lastOrderFrom=2025-02-29',
    '/api/customers/export.csv?lastOrderTo=2026-06-31',
    '/api/analytics/summary?from=2026-02-30&to=2026-03-10',
    '/api/analytics/summary?from=2026-02-01&to=2026-02-29',
  ])('%s -> 400 naming the field', async (path) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${tokenA}` } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/not a real date|calendar/i);
  });

  it('real dates, leap days included, are accepted', async () => {
    expect((await get('/api/customers?lastOrderFrom=2024-02-29&lastOrderTo=2026-02-28')).status).toBe(200);
    expect((await get('/api/analytics/summary?from=2028-02-01&to=2028-02-29')).status).toBe(200);
  });
});

describe('the demo login in production', () => {
  it('is refused even when the demo merchant exists; other logins work', async () => {
    const s = await startTestServer({ NODE_ENV: 'production' });
    try {
      const acc = await s.runtime.tenancy.createAccount('Demo');
      await s.runtime.tenancy.createAdminUser(acc, 'demo@rapport.local', 'rapport-demo');
      await s.runtime.tenancy.createAdminUser(acc, 'real@shop.example', 'correct horse battery');
      const login = (email: string, password: string) =>
        fetch(`${s.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
      const demo = await login('Demo@Rapport.local', 'rapport-demo');
      expect(demo.status).toBe(403);
      expect(demo.headers.get('set-cookie')).toBeNull();
      expect((await login('real@shop.example', 'correct horse battery')).status).toBe(201);
    } finally {
      await s.close();
    }
  });
});
