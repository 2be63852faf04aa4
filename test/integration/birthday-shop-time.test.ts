import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import { setBirthday } from '../../src/crm/loyalty/members.service.ts';
import { setShopperBirthday } from '../../src/crm/loyalty/shopper-birthday.service.ts';
import { resolveCustomer } from '../../src/crm/customers/customers.service.ts';
import { runLoyaltyTasks } from '../../src/jobs/loyalty.scheduler.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sql } from '../helpers/sql.ts';

// Birthday points arrive on the shop's own calendar day: a Karachi shop (UTC+5) celebrates a
// 23 November birthday from 19:00 UTC on the 22nd, while a UTC shop is still on the 22nd. Once a
// year per customer, however often the scheduler runs.

let server: TestServer;
const shops: Record<'karachi' | 'utc' | 'late', { accountId: string; connectionId: string }> = {} as never;
const ids: Record<string, string> = {};
const logger = createLogger('silent');

const tick = (now: string) => runLoyaltyTasks({ store: server.runtime.store, logger, batchSize: 2 }, now);
const birthdayPoints = async (customerId: string) =>
  (
    await sql(server).all<{ k: string }>(
      "SELECT dedupe_key AS k FROM points_ledger WHERE customer_id = ? AND reason = 'birthday' ORDER BY id",
      customerId,
    )
  ).map((r) => r.k);

async function member(shop: 'karachi' | 'utc' | 'late', externalId: string, birthday: string): Promise<string> {
  const { accountId, connectionId } = shops[shop];
  return server.runtime.store.transaction(async (repos) => {
    const c = (await repos.connections.get(connectionId))!;
    const at = '2026-01-02T00:00:00.000Z';
    const { customerId } = await resolveCustomer(
      repos,
      c,
      {
        externalId,
        email: `${externalId}@example.pk`,
        phone: null,
        firstName: null,
        lastName: null,
        locale: null,
        tags: null,
        addresses: [],
        createdAt: at,
        updatedAt: at,
      },
      at,
    );
    await setBirthday(repos, accountId, customerId!, birthday, at);
    return customerId!;
  });
}

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  for (const [key, zone] of [
    ['karachi', 'Asia/Karachi'],
    ['utc', null],
  ] as const) {
    const accountId = await t.createAccount(key, 'PKR');
    const connectionId = (
      await t.upsertConnection({
        accountId,
        platform: 'shopify',
        domain: `${key}-bday.myshopify.com`,
        currency: 'PKR',
        country: 'PK',
        timezone: zone,
      })
    ).id;
    shops[key] = { accountId, connectionId };
    await server.runtime.store.transaction((repos) =>
      saveProgram(
        repos,
        accountId,
        {
          earnOrdersPlacedFrom: '2026-01-01T00:00:00Z',
          earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
          actions: { birthday: 100 },
        },
        'test',
        '2026-01-01T00:00:00.000Z',
      ),
    );
  }
  ids.karachi = await member('karachi', 'k1', '11-23');
  ids.utc = await member('utc', 'u1', '11-23');
  // Dec 31 in Karachi: the award belongs to the shop's year, not the UTC one still running.
  ids.newYear = await member('karachi', 'k2', '01-01');
});
afterAll(() => server.close());

describe('birthday points in the shop time zone', () => {
  it('stores the shop zone on the connection and reads UTC when unknown', async () => {
    const zones = await server.runtime.store.transaction(async (repos) => [
      await repos.connections.accountTimeZone(shops.karachi.accountId),
      await repos.connections.accountTimeZone(shops.utc.accountId),
    ]);
    expect(zones).toEqual(['Asia/Karachi', null]);
  });

  it('nothing while the Karachi day is still the 22nd', async () => {
    await tick('2026-11-22T18:30:00.000Z'); // 23:30 in Karachi
    expect(await birthdayPoints(ids.karachi!)).toEqual([]);
  });

  it('pays the Karachi shopper once its local date is the birthday, while UTC is still the day before', async () => {
    await tick('2026-11-22T19:30:00.000Z'); // 00:30 on the 23rd in Karachi
    expect(await birthdayPoints(ids.karachi!)).toEqual([`birthday:${ids.karachi}:2026`]);
    expect(await birthdayPoints(ids.utc!)).toEqual([]);
  });

  it('pays the UTC shop on its own day, and nobody twice however often the scheduler runs', async () => {
    for (const at of ['2026-11-23T00:05:00.000Z', '2026-11-23T12:00:00.000Z', '2026-11-23T23:59:00.000Z']) await tick(at);
    expect(await birthdayPoints(ids.utc!)).toEqual([`birthday:${ids.utc}:2026`]);
    expect(await birthdayPoints(ids.karachi!)).toHaveLength(1);
  });

  it("keys the award by the shop's year: 1 January in Karachi is still 31 December in UTC", async () => {
    await tick('2026-12-31T19:10:00.000Z');
    expect(await birthdayPoints(ids.newYear!)).toEqual([`birthday:${ids.newYear}:2027`]);
    await tick('2027-01-01T10:00:00.000Z');
    expect(await birthdayPoints(ids.newYear!)).toHaveLength(1);
  });

  it('a program that starts paying birthday points during the day pays that day', async () => {
    const t = server.runtime.tenancy;
    const accountId = await t.createAccount('late', 'PKR');
    const connectionId = (
      await t.upsertConnection({
        accountId,
        platform: 'shopify',
        domain: 'late-bday.myshopify.com',
        currency: 'PKR',
        country: 'PK',
        timezone: 'Asia/Karachi',
      })
    ).id;
    shops.late = { accountId, connectionId };
    const program = (birthday: number) =>
      server.runtime.store.transaction((repos) =>
        saveProgram(
          repos,
          accountId,
          {
            earnOrdersPlacedFrom: '2026-01-01T00:00:00Z',
            earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
            actions: { birthday },
          },
          'test',
          '2026-01-01T00:00:00.000Z',
        ),
      );
    await program(0);
    const customerId = await member('late', 'l1', '06-15');
    await tick('2026-06-15T03:00:00.000Z');
    expect(await birthdayPoints(customerId)).toEqual([]);
    await program(100);
    await tick('2026-06-15T09:00:00.000Z');
    expect(await birthdayPoints(customerId)).toEqual([`birthday:${customerId}:2026`]);
  });

  it('a birthday a shopper enters on the day itself counts from next year', async () => {
    const customerId = await member('karachi', 'k3', '03-01');
    await server.runtime.store.transaction(async (repos) => {
      await repos.loyalty.members.update(customerId, { birthday: null });
      await setShopperBirthday(repos, shops.karachi.accountId, customerId, '03-02', '2027-03-01T20:00:00.000Z'); // 01:00 on 2 March in Karachi
    });
    await tick('2027-03-01T21:00:00.000Z');
    expect(await birthdayPoints(customerId)).toEqual([]);
    await tick('2028-03-01T21:00:00.000Z');
    expect(await birthdayPoints(customerId)).toEqual([`birthday:${customerId}:2028`]);
  });
});
