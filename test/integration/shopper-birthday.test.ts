import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustPoints } from '../../src/crm/loyalty/actions.service.ts';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { resolveCustomer } from '../../src/crm/customers/customers.service.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { appProxyQuery, sessionToken, wooShopperToken } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// A signed-in shopper sets their own birthday through the widget (Shopify app proxy) or the
// WordPress plugin (its token): validated, changeable once in 12 months, staff edits unlimited,
// and never another store's customer.

const SHOP_A = 'multan-threads.myshopify.com';
const SHOP_B = 'quetta-other.myshopify.com';
const WOO_SITE = 'https://birthday.example.pk/';
const WOO_SECRET = 'woo-birthday-secret-0123456789abcdef';

let server: TestServer;
let woo: string;
const ids: Record<string, string> = {};

async function seed(connectionId: string, externalId: string, email: string): Promise<string> {
  return server.runtime.store.transaction(async (repos) => {
    const connection = (await repos.connections.get(connectionId))!;
    const at = new Date().toISOString();
    const { customerId } = await resolveCustomer(
      repos,
      connection,
      {
        externalId,
        email,
        phone: null,
        firstName: 'Test',
        lastName: externalId,
        locale: null,
        tags: null,
        addresses: [],
        createdAt: at,
        updatedAt: at,
      },
      at,
    );
    await adjustPoints(repos, connection.accountId, customerId!, 10, 'seed', 'staff:test', `seed-${externalId}`, at);
    return customerId!;
  });
}

async function proxy(method: string, path: string, customerId: string | null, body?: unknown, shop = SHOP_A) {
  const res = await fetch(`${server.url}/storefront/shopify${path}?${appProxyQuery({ shop, customerId })}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function wooCall(method: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(`${server.url}/storefront/woocommerce/${woo}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const member = (customerId: string) =>
  sql(server).get<{ birthday: string | null; setAt: string | null }>(
    'SELECT birthday, birthday_set_by_shopper_at AS "setAt" FROM loyalty_members WHERE customer_id = ?',
    customerId,
  );

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const a = await t.createAccount('Multan Threads', 'PKR');
  const b = await t.createAccount('Quetta Other', 'PKR');
  const w = await t.createAccount('Woo Birthdays', 'PKR');
  const connA = await t.upsertConnection({ accountId: a, platform: 'shopify', domain: SHOP_A, currency: 'PKR', country: 'PK' });
  const connB = await t.upsertConnection({ accountId: b, platform: 'shopify', domain: SHOP_B, currency: 'PKR', country: 'PK' });
  woo = (
    await t.upsertConnection({
      accountId: w,
      platform: 'woocommerce',
      domain: WOO_SITE,
      currency: 'PKR',
      country: 'PK',
      storefrontSecret: WOO_SECRET,
    })
  ).id;
  const at = new Date().toISOString();
  for (const account of [a, b, w]) {
    await server.runtime.store.transaction((repos) =>
      saveProgram(
        repos,
        account,
        {
          earnOrdersPlacedFrom: '2020-01-01T00:00:00Z',
          earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
          actions: { signup: 25, birthday: 100, newsletter: 30, review: 10 },
        },
        'test',
        at,
      ),
    );
  }
  ids.sana = await seed(connA.id, '5001', 'sana@example.pk');
  ids.omar = await seed(connA.id, '5002', 'omar@example.pk');
  ids.rival = await seed(connB.id, '5001', 'rival@example.pk');
  ids.woo = await seed(woo, '77', 'woo.birthday@example.pk');
});
afterAll(() => server.close());

describe('birthday from the widget (app proxy)', () => {
  it('sets month and day, shows it back, and locks further changes for 12 months', async () => {
    const set = await proxy('POST', '/loyalty/birthday', '5001', { month: 3, day: 21, year: 1994 });
    expect(set.status).toBe(201);
    expect(set.body.birthday).toBe('03-21');
    const lockedUntil = Date.parse(set.body.changeableFrom);
    expect(lockedUntil - Date.now()).toBeGreaterThan(360 * 86_400_000);
    expect(await member(ids.sana!)).toMatchObject({ birthday: '03-21' });

    // The year only checked the date: it is not kept anywhere.
    const row = await sql(server).get('SELECT * FROM loyalty_members WHERE customer_id = ?', ids.sana!);
    expect(JSON.stringify(row)).not.toContain('1994');

    const again = await proxy('POST', '/loyalty/birthday', '5001', { month: 3, day: 21 });
    expect(again.status).toBe(200);

    const moved = await proxy('POST', '/loyalty/birthday', '5001', { month: 12, day: 1 });
    expect(moved.status).toBe(409);
    expect(moved.body.error.details).toMatchObject({ reason: 'birthday_locked', changeableFrom: set.body.changeableFrom });
    expect(await member(ids.sana!)).toMatchObject({ birthday: '03-21' });

    const view = await proxy('GET', '/loyalty', '5001');
    expect(view.body.member).toMatchObject({ birthday: '03-21', birthdayChangeableFrom: set.body.changeableFrom });
    expect((await proxy('GET', '/loyalty/birthday', '5001')).body).toEqual({ birthday: '03-21', changeableFrom: set.body.changeableFrom });
  });

  it('a shopper may change the date once the 12 months have passed', async () => {
    await proxy('POST', '/loyalty/birthday', '5002', { month: 7, day: 4 });
    // As if set 13 months ago.
    await sql(server).run(
      'UPDATE loyalty_members SET birthday_set_by_shopper_at = ? WHERE customer_id = ?',
      new Date(Date.now() - 396 * 86_400_000).toISOString(),
      ids.omar!,
    );
    const moved = await proxy('POST', '/loyalty/birthday', '5002', { month: 7, day: 5 });
    expect(moved.status).toBe(201);
    expect(await member(ids.omar!)).toMatchObject({ birthday: '07-05' });
    expect((await proxy('POST', '/loyalty/birthday', '5002', { month: 7, day: 6 })).status).toBe(409);
  });

  it('staff can still edit a locked birthday in the panel', async () => {
    const token = await sessionToken(SHOP_A);
    const res = await fetch(`${server.url}/api/customers/${ids.sana}/loyalty`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ birthday: '03-22' }),
    });
    expect(res.status).toBe(200);
    expect(await member(ids.sana!)).toMatchObject({ birthday: '03-22' });
  });

  it.each([
    ['Feb 30', { month: 2, day: 30 }, 'day'],
    ['Apr 31', { month: 4, day: 31 }, 'day'],
    ['Feb 29 in a common year', { month: 2, day: 29, year: 2023 }, 'day'],
    ['month 13', { month: 13, day: 1 }, 'month'],
    ['day 0', { month: 1, day: 0 }, 'day'],
    ['a year in the future', { month: 1, day: 1, year: 2999 }, 'year'],
    ['text instead of numbers', { month: '03', day: '21' }, 'month'],
    ['an unknown field', { month: 3, day: 21, customerId: '5002' }, ''],
  ])('refuses %s with 400 and a reason, changing nothing', async (_title, body, path) => {
    const before = await member(ids.rival!);
    const r = await proxy('POST', '/loyalty/birthday', '5001', body, SHOP_B);
    expect(r.status).toBe(400);
    expect(r.body.error.details.some((d: { path: string; message: string }) => d.path === path && d.message.length > 0)).toBe(true);
    expect(await member(ids.rival!)).toEqual(before);
  });

  it('accepts Feb 29 without a year (celebrated on Feb 28 in other years)', async () => {
    const r = await proxy('POST', '/loyalty/birthday', '5001', { month: 2, day: 29 }, SHOP_B);
    expect(r.status).toBe(201);
    expect(await member(ids.rival!)).toMatchObject({ birthday: '02-29' });
  });

  it('guests and unsigned requests cannot set one', async () => {
    expect((await proxy('POST', '/loyalty/birthday', null, { month: 1, day: 1 })).status).toBe(401);
    const unsigned = await fetch(`${server.url}/storefront/shopify/loyalty/birthday?shop=${SHOP_A}&logged_in_customer_id=5001`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ month: 1, day: 1 }),
    });
    expect(unsigned.status).toBe(401);
  });

  it('is scoped to the signing store: the same platform id in another shop is another customer', async () => {
    // 5001 exists in both shops; shop B's request touched only shop B's customer above.
    expect((await member(ids.sana!))?.birthday).toBe('03-22');
    expect((await member(ids.rival!))?.birthday).toBe('02-29');
    // A customer not synced to this store yet gets a 409, never someone else's profile.
    expect((await proxy('POST', '/loyalty/birthday', '9999', { month: 1, day: 1 })).status).toBe(409);
  });
});

describe('birthday from the WordPress plugin (storefront token)', () => {
  it('sets it with the customer token and refuses a bad or missing one', async () => {
    const token = await wooShopperToken({ secret: WOO_SECRET, site: WOO_SITE.replace(/\/$/, ''), sub: '77' });
    const set = await wooCall('POST', '/loyalty/birthday', token, { month: 11, day: 23 });
    expect(set.status).toBe(201);
    expect(await member(ids.woo!)).toMatchObject({ birthday: '11-23' });
    expect((await wooCall('POST', '/loyalty/birthday', token, { month: 11, day: 24 })).status).toBe(409);

    const forged = await wooShopperToken({ secret: 'not-the-storefront-secret-000000000', site: WOO_SITE, sub: '77' });
    expect((await wooCall('POST', '/loyalty/birthday', forged, { month: 1, day: 1 })).status).toBe(401);
    expect((await wooCall('POST', '/loyalty/birthday', null, { month: 1, day: 1 })).status).toBe(401);
    expect(await member(ids.woo!)).toMatchObject({ birthday: '11-23' });
  });
});

describe('ways to earn', () => {
  it('offer birthday and newsletter points where the platform has a shopper path, never reviews', async () => {
    for (const view of [await proxy('GET', '/loyalty', '5001'), await wooCall('GET', '/loyalty', null)]) {
      const actions = (view.body.waysToEarn as Array<{ action: string; points: number }>).map((w) => [w.action, w.points]);
      expect(actions).toEqual(
        expect.arrayContaining([
          ['birthday', 100],
          ['newsletter', 30],
        ]),
      );
      expect(actions.map(([a]) => a)).not.toContain('review');
    }
  });
});
