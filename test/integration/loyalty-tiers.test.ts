import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createShop, ledgerOf, loyaltyOf, placeOrder, tick, timelineOf, type Shop } from '../helpers/loyalty.ts';
import { customer } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// VIP tiers end to end: the merchant defines tiers over the admin API, orders (at chosen
// instants) promote members at once, and the scheduler demotes only after the qualifying period
// plus the grace days. Entry bonuses are paid once per member per tier, ever.

let server: TestServer;
const shops: Record<string, Shop> = {};
const SILVER = { name: 'Silver', threshold: 100, entryPoints: 10, perks: 'Early access' };
const GOLD = { name: 'Gold', threshold: 300, multiplier: 2, entryPoints: 50 };
const PLATINUM = { name: 'Platinum', threshold: 1000, multiplier: 3, entryPoints: 100 };

async function program(shop: Shop, tiers: Record<string, unknown>) {
  const r = await call(server, shop.domain, 'PUT', '/api/loyalty/program', {
    earnOrdersPlacedFrom: '2025-01-01T00:00:00Z',
    earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] },
    tiers,
  });
  expect(r.status).toBe(200);
  for (const tier of [SILVER, GOLD, PLATINUM])
    expect((await call(server, shop.domain, 'POST', '/api/loyalty/tiers', tier)).status).toBe(201);
}
const tierName = async (shop: Shop, who: string) => (await loyaltyOf(server, shop, who)).tier?.name ?? null;
const bonuses = async (shop: Shop, who: string) =>
  (await ledgerOf(server, shop, who)).filter((e) => e.reason === 'tier_bonus').map((e) => e.availableDelta);

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['main', 'rolling', 'calendar', 'lifetime', 'other'])
    shops[name] = await createShop(server, `${name}-tiers.myshopify.com`);
  await program(shops.main!, { basis: 'points_earned', period: 'lifetime' });
  await program(shops.rolling!, { basis: 'points_earned', period: 'rolling_12_months', graceDays: 10 });
  await program(shops.calendar!, { basis: 'amount_spent', period: 'calendar_year', graceDays: 30 });
  await program(shops.lifetime!, { basis: 'points_earned', period: 'lifetime' });
  shops.merged = await createShop(server, 'merged-tiers.myshopify.com');
  await program(shops.merged, { basis: 'points_earned', period: 'lifetime' });
});
afterAll(() => server.close());

describe('tier administration', () => {
  it.each([
    ['no name', { threshold: 5 }, 'name'],
    ['a negative threshold', { name: 'Bronze', threshold: -1 }, 'threshold'],
    ['a multiplier above 10', { name: 'Bronze', threshold: 5, multiplier: 11 }, 'multiplier'],
    ['a multiplier below 1', { name: 'Bronze', threshold: 5, multiplier: 0.5 }, 'multiplier'],
    ['negative entry points', { name: 'Bronze', threshold: 5, entryPoints: -1 }, 'entryPoints'],
    ['a threshold another tier has', { name: 'Bronze', threshold: 100 }, 'threshold'],
    ['a name another tier has', { name: 'gold', threshold: 5 }, 'name'],
  ])('refuses %s, naming the field', async (_t, body, field) => {
    const r = await call(server, shops.main!.domain, 'POST', '/api/loyalty/tiers', body);
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('lists live tiers, lowest first, with the qualifying rules', async () => {
    const r = await call(server, shops.calendar!.domain, 'GET', '/api/loyalty/tiers');
    expect(r.body.tiers.map((t: { name: string }) => t.name)).toEqual(['Silver', 'Gold', 'Platinum']);
    expect(r.body.qualifying).toEqual({ basis: 'amount_spent', period: 'calendar_year', graceDays: 30 });
  });

  it('changes a tier', async () => {
    const { id } = (await call(server, shops.lifetime!.domain, 'GET', '/api/loyalty/tiers')).body.tiers[2];
    const r = await call(server, shops.lifetime!.domain, 'PATCH', `/api/loyalty/tiers/${id}`, {
      perks: 'A personal shopper',
      multiplier: 2.5,
    });
    expect(r.body).toMatchObject({ name: 'Platinum', perks: 'A personal shopper', multiplier: 2.5 });
    expect((await call(server, shops.lifetime!.domain, 'PATCH', `/api/loyalty/tiers/${id}`, { threshold: 100 })).status).toBe(400);
  });
});

describe('promotion', () => {
  it('promotes at once, with the entry bonus; the multiplier applies to later orders only', async () => {
    const shop = shops.main!;
    await placeOrder(server, shop, 'm1', 'amna', 150, '2026-02-01T10:00:00.000Z'); // 150 -> Silver (+10)
    expect(await tierName(shop, 'amna')).toBe('Silver');
    await placeOrder(server, shop, 'm2', 'amna', 200, '2026-03-01T10:00:00.000Z'); // x1: 200, 350 -> Gold (+50)
    await placeOrder(server, shop, 'm3', 'amna', 100, '2026-04-01T10:00:00.000Z'); // x2: 200
    const loyalty = await loyaltyOf(server, shop, 'amna');
    expect(loyalty).toMatchObject({ balance: 150 + 10 + 200 + 50 + 200, tier: { name: 'Gold', multiplier: 2 } });
    // Entry bonuses do not count towards the next tier.
    expect(loyalty.tierProgress).toMatchObject({
      metric: 'points_earned',
      current: 550,
      nextTier: { name: 'Platinum', threshold: 1000 },
      remaining: 450,
    });
    expect(await bonuses(shop, 'amna')).toEqual([50, 10]);
    const changes = await timelineOf(server, shop, 'amna', 'tier_changed');
    expect(changes.map((e) => [e.data.from?.name ?? null, e.data.to?.name]).reverse()).toEqual([
      [null, 'Silver'],
      ['Silver', 'Gold'],
    ]);
    expect(changes[0]!.data.why).toContain('350 points earned');
  });

  it('moves members of a deleted tier to the tier their metric earns, without a bonus', async () => {
    const shop = shops.main!;
    const gold = (await call(server, shop.domain, 'GET', '/api/loyalty/tiers')).body.tiers.find((t: { name: string }) => t.name === 'Gold');
    const r = await call(server, shop.domain, 'DELETE', `/api/loyalty/tiers/${gold.id}`);
    expect(r.body).toEqual({ deleted: true, reevaluated: 1 });
    expect(await tierName(shop, 'amna')).toBe('Silver');
    expect(await bonuses(shop, 'amna')).toEqual([50, 10]);
    expect((await call(server, shop.domain, 'GET', '/api/loyalty/tiers')).body.tiers.map((t: { name: string }) => t.name)).toEqual([
      'Silver',
      'Platinum',
    ]);
    expect((await call(server, shop.domain, 'DELETE', `/api/loyalty/tiers/${gold.id}`)).status).toBe(404);
  });
});

describe('demotion after the qualifying period plus grace', () => {
  // Each shop's member reaches Gold (300) with one order; then nothing more.
  it.each([
    [
      'rolling 12 months, 10 grace days',
      'rolling',
      350,
      '2025-12-01T09:00:00.000Z',
      [
        ['2026-12-11T08:59:00.000Z', 'Gold'],
        ['2026-12-11T09:00:00.000Z', null],
      ],
    ],
    // Amount spent in minor units: $350 = 35,000. Kept in 2027 (2026 qualified), reviewed in 2028.
    [
      'calendar year, 30 grace days',
      'calendar',
      35_000,
      '2026-02-01T09:00:00.000Z',
      [
        ['2027-02-15T00:00:00.000Z', 'Gold'],
        ['2028-01-30T23:59:00.000Z', 'Gold'],
        ['2028-01-31T00:00:00.000Z', null],
      ],
    ],
    ['lifetime', 'lifetime', 350, '2025-12-01T09:00:00.000Z', [['2031-01-01T00:00:00.000Z', 'Gold']]],
  ] as const)('%s', async (_t, name, _metric, placedAt, checks) => {
    const shop = shops[name]!;
    if (name === 'calendar') {
      // The metric is money: thresholds in cents.
      for (const t of (await call(server, shop.domain, 'GET', '/api/loyalty/tiers')).body.tiers) {
        await call(server, shop.domain, 'PATCH', `/api/loyalty/tiers/${t.id}`, { threshold: t.threshold * 100 });
      }
    }
    await placeOrder(server, shop, `${name}-1`, 'bilal', 350, placedAt);
    expect(await tierName(shop, 'bilal')).toBe('Gold');
    for (const [now, expected] of checks) {
      await tick(server, now);
      expect([now, await tierName(shop, 'bilal')]).toEqual([now, expected]);
    }
  });

  it('re-promotes without a second entry bonus', async () => {
    const shop = shops.calendar!;
    await placeOrder(server, shop, 'calendar-2', 'bilal', 350, '2028-03-01T09:00:00.000Z');
    expect(await tierName(shop, 'bilal')).toBe('Gold');
    expect(await bonuses(shop, 'bilal')).toEqual([50]);
    const why = (await timelineOf(server, shop, 'bilal', 'tier_changed')).map((e) => e.data.why as string);
    expect(why[1]).toMatch(/USD 0.00 spent \(2027\).*below Gold/);
  });
});

describe('profiles merged into one person', () => {
  // The newer profile's email changes to the older one's: the two are merged into the older.
  const becomes = (key: string, who: string, into: string, at: string) =>
    placeOrder(server, shops.merged!, key, who, 5, at, {
      customer: customer(who, { email: `${into}@example.com`, createdAt: at, updatedAt: at }),
      email: `${into}@example.com`,
    });
  const ledgerSum = async (who: string, reasons: string[]) =>
    (await ledgerOf(server, shops.merged!, who)).filter((e) => reasons.includes(e.reason)).reduce((sum, e) => sum + e.availableDelta, 0);

  it('keeps one entry bonus per tier when both profiles had earned it', async () => {
    await placeOrder(server, shops.merged!, 'z1', 'zara', 120, '2026-02-01T10:00:00.000Z'); // Silver +10
    await placeOrder(server, shops.merged!, 'y1', 'yusra', 110, '2026-02-02T10:00:00.000Z'); // Silver +10, a second profile
    await becomes('y2', 'yusra', 'zara', '2026-02-03T10:00:00.000Z');
    expect(await tierName(shops.merged!, 'zara')).toBe('Silver');
    const ledger = await ledgerOf(server, shops.merged!, 'zara');
    expect(ledger.filter((e) => e.reason === 'tier_bonus')).toHaveLength(2); // history stays
    expect(ledger.find((e) => e.reason === 'merge_duplicate')?.note).toMatch(/tier_bonus points were awarded twice/);
    expect(await ledgerSum('zara', ['tier_bonus', 'merge_duplicate'])).toBe(10);
  });

  it("does not pay a tier's bonus again to a survivor that reaches it with the merged profile's bonus", async () => {
    await placeOrder(server, shops.merged!, 'a1', 'alia', 50, '2026-03-01T10:00:00.000Z'); // no tier
    await placeOrder(server, shops.merged!, 'b1', 'bano', 120, '2026-03-02T10:00:00.000Z'); // Silver +10
    await becomes('b2', 'bano', 'alia', '2026-03-03T10:00:00.000Z'); // alia survives and now qualifies for Silver
    expect(await tierName(shops.merged!, 'alia')).toBe('Silver');
    expect(await ledgerSum('alia', ['tier_bonus', 'merge_duplicate'])).toBe(10);
  });
});

describe('tenancy', () => {
  it('another shop sees no tiers and cannot change or delete them', async () => {
    const { id } = (await call(server, shops.main!.domain, 'GET', '/api/loyalty/tiers')).body.tiers[0];
    const other = shops.other!.domain;
    expect((await call(server, other, 'GET', '/api/loyalty/tiers')).body.tiers).toEqual([]);
    expect((await call(server, other, 'PATCH', `/api/loyalty/tiers/${id}`, { multiplier: 10 })).status).toBe(404);
    expect((await call(server, other, 'DELETE', `/api/loyalty/tiers/${id}`)).status).toBe(404);
    expect((await call(server, shops.main!.domain, 'GET', '/api/loyalty/tiers')).body.tiers[0]).toMatchObject({ id, multiplier: 1 });
  });
});
