import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adjust,
  call,
  codPending,
  createShop,
  customerId,
  ledgerOf,
  loyaltyOf,
  placeOrder,
  tick,
  timelineOf,
  type Shop,
} from '../helpers/loyalty.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Time-driven loyalty through the scheduler, runLoyaltyTasks(deps, now) at chosen instants:
// per-entry (FIFO) and inactivity expiry with their reminders, pending points that never expire,
// birthdays once a year, and approval delays released. Each block has its own server, so one
// block's clock never expires another block's points.

type Step = { now: string; balance: number; pending?: number; expired: number; reminders: Array<[number, number]> };

async function scenario(program: Record<string, unknown>) {
  const server = await startTestServer();
  const shop = await createShop(server, 'expiry-shop.myshopify.com');
  const r = await call(server, shop.domain, 'PUT', '/api/loyalty/program', {
    earnOrdersPlacedFrom: '2025-01-01T00:00:00Z',
    earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] },
    ...program,
  });
  expect(r.status).toBe(200);
  return { server, shop };
}

async function check(server: TestServer, shop: Shop, who: string, step: Step) {
  await tick(server, step.now);
  const loyalty = await loyaltyOf(server, shop, who);
  const expired = (await ledgerOf(server, shop, who))
    .filter((e) => e.reason === 'expiry')
    .map((e) => -e.availableDelta)
    .reverse();
  const reminders = (await timelineOf(server, shop, who, 'points_expiring')).map((e) => [e.data.daysBefore, e.data.points]).reverse();
  expect({
    now: step.now,
    balance: loyalty.balance,
    pending: loyalty.pending,
    expired: expired.reduce((s, n) => s + n, 0),
    reminders,
  }).toEqual({ now: step.now, balance: step.balance, pending: step.pending ?? 0, expired: step.expired, reminders: step.reminders });
}

describe('per-entry expiry, first in first out', () => {
  let server: TestServer;
  let shop: Shop;
  beforeAll(async () => {
    ({ server, shop } = await scenario({ expiry: { mode: 'per_entry', months: 6, reminderDays: [30, 7] } }));
    await placeOrder(server, shop, 'p1', 'sana', 100, '2026-01-10T10:00:00.000Z'); // expires end of 2026-07-10
    await placeOrder(server, shop, 'p2', 'sana', 50, '2026-02-20T10:00:00.000Z'); // expires end of 2026-08-20
    await adjust(server, shop, 'sana', -120, '2026-03-01T10:00:00.000Z'); // a redemption-like deduction: uses the oldest first
    await placeOrder(server, shop, 'p3', 'sana', 40, '2026-03-05T10:00:00.000Z', codPending); // pending: never expires
  });
  afterAll(() => server.close());

  it.each<[string, Step]>([
    ['nothing due yet', { now: '2026-06-15T00:00:00.000Z', balance: 30, pending: 40, expired: 0, reminders: [] }],
    // The first 100 are covered by the deduction: nothing expires on 07-11, and no reminder for it.
    ['the first entry was spent', { now: '2026-07-11T00:00:30.000Z', balance: 30, pending: 40, expired: 0, reminders: [] }],
    [
      '30 days before the second entry expires',
      { now: '2026-07-22T00:00:00.000Z', balance: 30, pending: 40, expired: 0, reminders: [[30, 30]] },
    ],
    ['the 30-day reminder only once', { now: '2026-07-23T06:00:00.000Z', balance: 30, pending: 40, expired: 0, reminders: [[30, 30]] }],
    [
      '7 days before',
      {
        now: '2026-08-14T00:00:00.000Z',
        balance: 30,
        pending: 40,
        expired: 0,
        reminders: [
          [30, 30],
          [7, 30],
        ],
      },
    ],
    [
      'the rest of the second entry expires, pending points stay',
      {
        now: '2026-08-21T00:10:00.000Z',
        balance: 0,
        pending: 40,
        expired: 30,
        reminders: [
          [30, 30],
          [7, 30],
        ],
      },
    ],
    [
      'once',
      {
        now: '2026-08-21T18:00:00.000Z',
        balance: 0,
        pending: 40,
        expired: 30,
        reminders: [
          [30, 30],
          [7, 30],
        ],
      },
    ],
    [
      'pending points never expire',
      {
        now: '2027-12-01T00:00:00.000Z',
        balance: 0,
        pending: 40,
        expired: 30,
        reminders: [
          [30, 30],
          [7, 30],
        ],
      },
    ],
  ])('%s', (_t, step) => check(server, shop, 'sana', step));

  it('says why on the ledger', async () => {
    const row = (await ledgerOf(server, shop, 'sana')).find((e) => e.reason === 'expiry');
    expect(row).toMatchObject({ availableDelta: -30, state: 'expired' });
    expect(row!.note).toContain('30 points expired');
  });
});

describe('inactivity expiry', () => {
  let server: TestServer;
  let shop: Shop;
  beforeAll(async () => {
    ({ server, shop } = await scenario({ expiry: { mode: 'inactivity', months: 3, reminderDays: [30, 7] } }));
    await placeOrder(server, shop, 'i1', 'omar', 100, '2026-01-10T10:00:00.000Z'); // inactive from the end of 2026-04-10
  });
  afterAll(() => server.close());

  it.each<[string, Step, number?]>([
    ['30 days before', { now: '2026-03-12T00:00:00.000Z', balance: 100, expired: 0, reminders: [[30, 100]] }],
    // Activity on 03-20 moves expiry to the end of 2026-06-20.
    ['activity resets the clock', { now: '2026-04-11T12:00:00.000Z', balance: 105, expired: 0, reminders: [[30, 100]] }, 5],
    [
      '30 days before the new date',
      {
        now: '2026-05-22T00:00:00.000Z',
        balance: 105,
        expired: 0,
        reminders: [
          [30, 100],
          [30, 105],
        ],
      },
    ],
    [
      '7 days before',
      {
        now: '2026-06-14T00:00:00.000Z',
        balance: 105,
        expired: 0,
        reminders: [
          [30, 100],
          [30, 105],
          [7, 105],
        ],
      },
    ],
    [
      'the whole balance expires',
      {
        now: '2026-06-21T00:00:00.000Z',
        balance: 0,
        expired: 105,
        reminders: [
          [30, 100],
          [30, 105],
          [7, 105],
        ],
      },
    ],
    [
      'once',
      {
        now: '2026-09-01T00:00:00.000Z',
        balance: 0,
        expired: 105,
        reminders: [
          [30, 100],
          [30, 105],
          [7, 105],
        ],
      },
    ],
  ])('%s', async (_t, step, award) => {
    if (award) await adjust(server, shop, 'omar', award, '2026-03-20T10:00:00.000Z');
    await check(server, shop, 'omar', step);
  });
});

describe('birthdays', () => {
  let server: TestServer;
  let shop: Shop;
  beforeAll(async () => {
    ({ server, shop } = await scenario({ actions: { birthday: 200 } }));
    for (const [who, birthday] of [
      ['zara', '03-15'],
      ['leap', '02-29'],
      ['none', null],
    ] as const) {
      await placeOrder(server, shop, `b-${who}`, who, 1, '2026-01-10T10:00:00.000Z');
      const r = await call(server, shop.domain, 'PATCH', `/api/customers/${await customerId(server, shop, who)}/loyalty`, { birthday });
      expect(r.status).toBe(200);
    }
  });
  afterAll(() => server.close());

  it.each([
    ['on the day', '2027-03-15T08:00:00.000Z', { zara: 201, leap: 1, none: 1 }, 1],
    ['once that day', '2027-03-15T20:00:00.000Z', { zara: 201, leap: 1, none: 1 }, 0],
    ['Feb 29 on Feb 28 when the year has none', '2027-02-28T08:00:00.000Z', { zara: 201, leap: 201, none: 1 }, 1],
    ['not again on Mar 1', '2027-03-01T08:00:00.000Z', { zara: 201, leap: 201, none: 1 }, 0],
    ['not on Feb 28 of a leap year', '2028-02-28T08:00:00.000Z', { zara: 201, leap: 201, none: 1 }, 0],
    ['on Feb 29 of a leap year', '2028-02-29T08:00:00.000Z', { zara: 201, leap: 401, none: 1 }, 1],
    ['again the next year', '2028-03-15T08:00:00.000Z', { zara: 401, leap: 401, none: 1 }, 1],
  ])('%s', async (_t, now, balances, awarded) => {
    const r = await tick(server, now);
    expect(r.counts.birthdays).toBe(awarded);
    for (const [who, balance] of Object.entries(balances))
      expect([who, (await loyaltyOf(server, shop, who)).balance]).toEqual([who, balance]);
  });
});

describe('approval delay', () => {
  let server: TestServer;
  let shop: Shop;
  beforeAll(async () => {
    ({ server, shop } = await scenario({ earning: { rates: [{ currency: 'USD', points: 1, per: '1' }], approvalDelayDays: 14 } }));
    await placeOrder(server, shop, 'd1', 'hina', 80, '2026-06-01T10:00:00.000Z'); // available from 2026-06-15T10:00
  });
  afterAll(() => server.close());

  it.each([
    ['still in the returns window', '2026-06-15T09:59:00.000Z', { balance: 0, pending: 80 }, 0],
    ['released by the scheduler', '2026-06-15T10:00:00.000Z', { balance: 80, pending: 0 }, 1],
    ['only once', '2026-06-16T10:00:00.000Z', { balance: 80, pending: 0 }, 0],
  ])('%s', async (_t, now, expected, released) => {
    const r = await tick(server, now);
    expect(r).toMatchObject({ counts: { released }, failed: [] });
    expect(await loyaltyOf(server, shop, 'hina')).toMatchObject(expected);
  });
});
