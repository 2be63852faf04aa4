import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { adjustPoints } from '../../src/crm/loyalty/actions.service.ts';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { customer, order } from '../helpers/canonical.ts';
import { apiCall, loginToken } from '../helpers/api.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sql } from '../helpers/sql.ts';

// The Settings page's API: standalone staff logins, logout, and one customer's data export and erasure.

let server: TestServer;
let token: string;
let other: string;
let accountId: string;
let ownerId: string;
const ids: Record<string, string> = {};

const call = (method: string, path: string, body?: unknown, as: string | null = token) => apiCall(server, method, path, body, as);
const login = (email: string, password: string) => loginToken(server, email, password);

const idOf = (email: string) => sql(server).value<string>('SELECT id FROM customers WHERE email = ?', email);

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Lahore Crafts', 'PKR');
  const conn = (
    await t.upsertConnection({ accountId, platform: 'shopify', domain: 'settings.myshopify.com', currency: 'PKR', country: 'PK' })
  ).id;
  ownerId = await t.createAdminUser(accountId, 'owner@settings.example', 'correct horse battery');
  const otherAccount = await t.createAccount('Elsewhere', 'PKR');
  await t.upsertConnection({
    accountId: otherAccount,
    platform: 'shopify',
    domain: 'elsewhere.myshopify.com',
    currency: 'PKR',
    country: 'PK',
  });
  await t.createAdminUser(otherAccount, 'owner@elsewhere.example', 'another horse battery');
  token = await login('owner@settings.example', 'correct horse battery');
  other = await login('owner@elsewhere.example', 'another horse battery');

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
  });
  const at = '2026-03-01T10:00:00.000Z';
  for (const [who, key] of [
    ['ayesha', 'o1'],
    ['bilal', 'o2'],
  ] as const) {
    const c = customer(`ext-${key}`, {
      email: `${who}@example.com`,
      phone: '+923001234567'.replace('4567', who === 'ayesha' ? '1111' : '2222'),
      firstName: who,
      lastName: 'Khan',
      addresses: [
        {
          name: `${who} Khan`,
          line1: '12 Mall Road',
          line2: null,
          city: 'Lahore',
          province: null,
          zip: '54000',
          countryCode: 'PK',
          phone: null,
        },
      ],
      createdAt: at,
      updatedAt: at,
    });
    await applyEvent(
      server.runtime.store,
      conn,
      {
        type: 'order.upserted',
        order: order(key, {
          customer: c,
          email: c.email,
          phone: c.phone,
          currency: 'PKR',
          totalMinor: 250_000,
          subtotalMinor: 250_000,
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
              priceMinor: 250_000,
              totalMinor: 250_000,
              giftCard: false,
            },
          ],
        }),
      },
      at,
    );
    ids[who] = (await idOf(`${who}@example.com`))!;
  }
  await server.runtime.store.transaction((repos) =>
    adjustPoints(repos, accountId, ids.ayesha!, 25, 'Eid gift', 'staff:test', 'adj-1', '2026-03-07T00:00:00.000Z'),
  );
  await call('POST', `/api/customers/${ids.ayesha}/notes`, { body: 'Call ayesha@example.com after 6pm' });
});
afterAll(() => server.close());

describe('staff users', () => {
  it('lists, adds and removes the account staff, never with hashes', async () => {
    const list = await call('GET', '/api/staff');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ staff: [{ id: ownerId, email: 'owner@settings.example', createdAt: expect.any(String) }], me: ownerId });
    expect(list.text).not.toMatch(/hash|scrypt|password/i);

    const added = await call('POST', '/api/staff', { email: 'Clerk@Settings.example', password: 'twelve chars ok' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(String), email: 'clerk@settings.example', createdAt: expect.any(String) });
    expect((await call('GET', '/api/staff')).body.staff.map((u: { email: string }) => u.email)).toEqual([
      'owner@settings.example',
      'clerk@settings.example',
    ]);

    const clerk = await login('clerk@settings.example', 'twelve chars ok');
    expect((await call('GET', '/api/staff', undefined, clerk)).status).toBe(200);
    expect((await call('DELETE', `/api/staff/${added.body.id}`)).body).toEqual({ deleted: true });
    // Its sessions ended with it.
    expect((await call('GET', '/api/staff', undefined, clerk)).status).toBe(401);
    expect((await call('DELETE', `/api/staff/${added.body.id}`)).status).toBe(404);
  });

  it('validates the body with field errors and refuses an email used anywhere (409)', async () => {
    const bad = await call('POST', '/api/staff', { email: 'nope', password: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'password']);
    expect((await call('POST', '/api/staff', { email: 'owner@settings.example', password: 'long enough password' })).status).toBe(409);
    const elsewhere = await call('POST', '/api/staff', { email: 'OWNER@elsewhere.example', password: 'long enough password' });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.details[0].path).toBe('email');
  });

  it('refuses deleting yourself or the last login (409)', async () => {
    expect((await call('DELETE', `/api/staff/${ownerId}`)).status).toBe(409);
    const second = await call('POST', '/api/staff', { email: 'second@settings.example', password: 'long enough password' });
    const asSecond = await login('second@settings.example', 'long enough password');
    // The second may remove the owner; then it is the last one and cannot remove itself.
    expect((await call('DELETE', `/api/staff/${second.body.id}`, undefined, asSecond)).status).toBe(409);
    expect((await call('DELETE', `/api/staff/${ownerId}`, undefined, asSecond)).status).toBe(200);
    expect((await call('GET', '/api/staff', undefined, asSecond)).body.staff.map((u: { id: string }) => u.id)).toEqual([second.body.id]);
    // Restore the owner for the other tests.
    ownerId = await server.runtime.tenancy.createAdminUser(accountId, 'owner@settings.example', 'correct horse battery');
    token = await login('owner@settings.example', 'correct horse battery');
  });

  it('is scoped by account', async () => {
    const mine = (await call('GET', '/api/staff')).body.staff.map((u: { id: string }) => u.id);
    const theirs = await call('GET', '/api/staff', undefined, other);
    expect(theirs.body.staff.map((u: { email: string }) => u.email)).toEqual(['owner@elsewhere.example']);
    for (const id of mine) expect((await call('DELETE', `/api/staff/${id}`, undefined, other)).status).toBe(404);
    expect((await call('GET', '/api/staff')).body.staff.map((u: { id: string }) => u.id)).toEqual(mine);
  });

  it('logout ends the session and clears the cookie', async () => {
    const session = await login('owner@settings.example', 'correct horse battery');
    expect((await call('GET', '/api/staff', undefined, session)).status).toBe(200);
    const out = await call('POST', '/api/auth/logout', undefined, session);
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ loggedOut: true });
    expect(out.headers.get('set-cookie')).toMatch(/rapport_session=;/);
    expect((await call('GET', '/api/staff', undefined, session)).status).toBe(401);
    // Other sessions of the same user live on.
    expect((await call('GET', '/api/staff')).status).toBe(200);
  });
});

describe('customer data export', () => {
  it("holds the customer's profile, orders, ledger and notes, and nothing of another customer", async () => {
    const res = await call('GET', `/api/customers/${ids.ayesha}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="customer-${ids.ayesha}.json"`);
    expect(res.body.profile).toMatchObject({ id: ids.ayesha, email: 'ayesha@example.com' });
    expect(res.body.orders.map((o: { externalId: string }) => o.externalId)).toEqual(['o1']);
    expect(res.body.pointsLedger.map((e: { reason: string; points: number }) => [e.reason, e.points])).toContainEqual(['manual', 25]);
    expect(res.body.pointsLedger.length).toBeGreaterThanOrEqual(2);
    expect(res.body.identities).toHaveLength(1);
    expect(res.body.addresses).toHaveLength(1);
    expect(res.body.notes).toHaveLength(1);
    expect(res.body.timeline.length).toBeGreaterThan(0);
    expect(res.text).not.toContain('bilal');
    expect(res.text).not.toContain(ids.bilal!);
  });

  it('is scoped by account', async () => {
    expect((await call('GET', `/api/customers/${ids.ayesha}/export`, undefined, other)).status).toBe(404);
    expect((await call('GET', '/api/customers/cus_missing/export')).status).toBe(404);
  });
});

describe('customer erasure', () => {
  it('requires the exact confirmation', async () => {
    const bad = await call('POST', `/api/customers/${ids.ayesha}/erase`, { confirm: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('confirm');
    expect((await call('POST', `/api/customers/${ids.ayesha}/erase`, {})).status).toBe(400);
    expect((await call('POST', `/api/customers/${ids.ayesha}/erase`, { confirm: ids.ayesha }, other)).status).toBe(404);
    expect(await idOf('ayesha@example.com')).toBe(ids.ayesha);
  });

  it('leaves no email, phone or name anywhere, keeps the order totals and audits the erasure', async () => {
    const res = await call('POST', `/api/customers/${ids.ayesha}/erase`, { confirm: ids.ayesha });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ erased: true, customerId: ids.ayesha });
    const db = sql(server);
    const dump = JSON.stringify([
      await db.all('SELECT * FROM customers WHERE id = ?', ids.ayesha),
      await db.all('SELECT * FROM customer_identities WHERE customer_id = ?', ids.ayesha),
      await db.all('SELECT * FROM addresses WHERE customer_id = ?', ids.ayesha),
      await db.all('SELECT * FROM orders WHERE customer_id = ?', ids.ayesha),
      await db.all('SELECT * FROM customer_notes WHERE customer_id = ?', ids.ayesha),
      await db.all('SELECT * FROM timeline_events WHERE customer_id = ?', ids.ayesha),
    ]);
    for (const word of ['ayesha', 'Khan', '+923001231111', 'Mall Road']) expect(dump).not.toContain(word);
    expect(await db.value('SELECT total_minor FROM orders WHERE customer_id = ?', ids.ayesha)).toBe(250_000);
    const audit = await call('GET', `/api/customers/${ids.ayesha}/timeline?kind=data_erased`);
    expect(audit.body.events).toHaveLength(1);
    expect(audit.body.events[0].data).toEqual({ actor: `staff:${ownerId}` });
    // The other customer is untouched.
    expect(await idOf('bilal@example.com')).toBe(ids.bilal);
  });
});
