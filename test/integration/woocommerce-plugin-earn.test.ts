import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolveCustomer } from '../../src/crm/customers/customers.service.ts';
import { adjustPoints } from '../../src/crm/loyalty/actions.service.ts';
import { orderPoints, type OrderFacts } from '../../src/crm/loyalty/order-points.ts';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import type { ProgramSettingsInput } from '../../src/crm/loyalty/program.settings.ts';
import { localDateTimeOf } from '../../src/crm/loyalty/calendar.ts';
import { createCampaign } from '../../src/crm/loyalty/points-campaigns.service.ts';
import { createTier } from '../../src/crm/loyalty/tier-admin.service.ts';
import { tierMultiplier } from '../../src/crm/loyalty/tiers.service.ts';
import { fromMinor } from '../../src/lib/money.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { describeWithPhp } from '../helpers/php.ts';

// "Earn N points" in the WordPress plugin is the server's own rule: the plugin fetches it from
// GET /loyalty/earning and applies it in PHP (includes/earn-rule.php). Here php-cli runs that PHP
// on many carts, for every rounding mode, with and without shipping, tax and excluded products,
// for guests, a tier member and an excluded customer, and every figure must equal what
// order-points.ts awards the same order under the program the server has stored.

const PLUGIN = fileURLToPath(new URL('../../extensions/woocommerce/rapport-loyalty/', import.meta.url));
const SITE = 'https://bazaar.example.pk/';
const SECRET = 'earn-storefront-secret-0123456789abcdef';
const NOW = new Date();

type Line = { product_id: string; variation_id: string; totalMinor: number; total: string };
type Cart = { lines: Line[]; shippingMinor: number; taxMinor: number };

let server: TestServer;
let accountId: string;
let connectionId: string;
const customers: Record<string, string> = {};

const phpToken = (wooId: string, email: string) =>
  execFileSync('php', ['tests/test-token.php', 'sign', SECRET, SITE.replace(/\/$/, ''), wooId, email], {
    cwd: PLUGIN,
    encoding: 'utf8',
  }).trim();

async function earningRule(token?: string) {
  const res = await fetch(`${server.url}/storefront/woocommerce/${connectionId}/loyalty/earning`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function seedCustomer(wooId: string, email: string, tags: string[], points: number): Promise<string> {
  return server.runtime.store.transaction(async (repos) => {
    const connection = (await repos.connections.get(connectionId))!;
    const at = NOW.toISOString();
    const { customerId } = await resolveCustomer(
      repos,
      connection,
      {
        externalId: wooId,
        email,
        phone: null,
        firstName: 'T',
        lastName: wooId,
        locale: null,
        tags,
        addresses: [],
        createdAt: at,
        updatedAt: at,
      },
      at,
    );
    if (!customerId) throw new Error('not created');
    if (points) await adjustPoints(repos, accountId, customerId, points, 'seed', 'staff:test', `seed-${wooId}`, at);
    return customerId;
  });
}

const save = (input: Omit<ProgramSettingsInput, 'earnOrdersPlacedFrom'>) =>
  server.runtime.store.transaction((repos) =>
    saveProgram(repos, accountId, { earnOrdersPlacedFrom: '2020-01-01T00:00:00Z', ...input }, 'test', NOW.toISOString()),
  );

/** A small deterministic generator, so a failure names a cart that can be replayed. */
function generator(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function carts(currency: string, digits: number, seed: number, n: number): Cart[] {
  const rnd = generator(seed);
  const out: Cart[] = [];
  for (let i = 0; i < n; i++) {
    const lines: Line[] = [];
    const count = 1 + Math.floor(rnd() * 4);
    for (let j = 0; j < count; j++) {
      // Amounts near multiples of the rate's `per` are where floor, round and ceil part ways.
      const scale = [1, 10, 100, 1000, 10000][Math.floor(rnd() * 5)]!;
      // Whole amounts too: 11 x 1.1 is 12.100000000000001 in doubles, where rounding must not drift.
      const totalMinor =
        rnd() < 0.3 ? Math.floor(rnd() * 60) * 10 ** digits : Math.floor(rnd() * scale * 10 ** digits) + (rnd() < 0.2 ? 0 : 1);
      const product = ['501', '502', '503', '7001'][Math.floor(rnd() * 4)]!;
      const variation = product === '7001' ? ['7002', '7003'][Math.floor(rnd() * 2)]! : '0';
      lines.push({ product_id: product, variation_id: variation, totalMinor, total: fromMinor(totalMinor, currency) });
    }
    out.push({ lines, shippingMinor: Math.floor(rnd() * 500 * 10 ** digits), taxMinor: Math.floor(rnd() * 300 * 10 ** digits) });
  }
  // The case from the issue: 2 points per 100 on a 150 order earns 3 (floor(150/100)*2 said 2).
  out.push({
    lines: [{ product_id: '501', variation_id: '0', totalMinor: 150 * 10 ** digits, total: fromMinor(150 * 10 ** digits, currency) }],
    shippingMinor: 0,
    taxMinor: 0,
  });
  return out;
}

/** What the PHP in the plugin shows, run by php-cli on the rule the server handed out. */
function phpEstimates(rule: unknown, currency: string, list: Cart[]): Array<number | null> {
  const input = {
    rule,
    currency,
    now: Math.floor(NOW.getTime() / 1000),
    // A WooCommerce cart holds floats: send numbers, as PHP will see them.
    carts: list.map((c) => ({
      lines: c.lines.map((l) => ({ product_id: Number(l.product_id), variation_id: Number(l.variation_id), total: Number(l.total) })),
      shipping: Number(fromMinor(c.shippingMinor, currency)),
      tax: Number(fromMinor(c.taxMinor, currency)),
    })),
  };
  return JSON.parse(execFileSync('php', ['tests/estimate.php'], { cwd: PLUGIN, input: JSON.stringify(input), encoding: 'utf8' })) as Array<
    number | null
  >;
}

/** What the server awards the same cart once it is an order (amounts as REST v3 strings give them). */
async function serverAwards(customerId: string | null, currency: string, list: Cart[], times = 1): Promise<number[]> {
  return server.runtime.store.transaction(async (repos) => {
    const program = (await repos.loyalty.programs.current(accountId))!;
    const multiplier = customerId ? await tierMultiplier(repos, accountId, customerId) : 1;
    const tags = customerId ? await repos.customers.tagsOf(customerId) : [];
    return list.map((c, i) => {
      const goods = c.lines.reduce((s, l) => s + l.totalMinor, 0);
      const order: OrderFacts = {
        id: `ord_${i}`,
        currency,
        paymentMethod: 'cod',
        status: 'open',
        paymentStatus: 'pending',
        fulfilmentStatus: 'unfulfilled',
        totalMinor: goods + c.shippingMinor + c.taxMinor,
        shippingMinor: c.shippingMinor,
        taxMinor: c.taxMinor,
        refundedMinor: 0,
        placedAt: NOW.toISOString(),
        paidAt: null,
        fulfilledAt: null,
        deliveredAt: null,
        cancelledAt: null,
        deletedAt: null,
        test: false,
        lineItems: c.lines.map((l) => ({
          productId: l.product_id,
          variantId: l.variation_id === '0' ? null : l.variation_id,
          totalMinor: l.totalMinor,
          giftCard: false,
        })),
      };
      return orderPoints(order, program.settings, multiplier * times, tags, NOW.toISOString()).points;
    });
  });
}

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Bazaar', 'PKR');
  connectionId = (
    await t.upsertConnection({ accountId, platform: 'woocommerce', domain: SITE, currency: 'PKR', country: 'PK', storefrontSecret: SECRET })
  ).id;
  await save({ earning: { rates: [{ currency: 'PKR', points: 2, per: '100' }], excludedCustomerTags: ['staff'] } });
  const tier = await server.runtime.store.transaction((repos) =>
    createTier(repos, accountId, { name: 'Gold', threshold: 50, multiplier: 1.5, entryPoints: 0, perks: null }, NOW.toISOString()),
  );
  expect(tier.outcome).toBe('saved');
  customers.gold = await seedCustomer('41', 'gold@example.pk', [], 80);
  customers.plain = await seedCustomer('42', 'plain@example.pk', [], 0);
  customers.staff = await seedCustomer('43', 'staff@example.pk', ['staff'], 0);
  // Points campaigns for Platinum members only (nobody above holds the tier): triple points and a
  // bonus on orders from PKR 3,000, running now.
  const platinum = await server.runtime.store.transaction((repos) =>
    createTier(
      repos,
      accountId,
      { name: 'Platinum', threshold: 1_000_000_000, multiplier: 2, entryPoints: 0, perks: null },
      NOW.toISOString(),
    ),
  );
  if (platinum.outcome !== 'saved') throw new Error('tier not saved');
  customers.platinum = await seedCustomer('44', 'platinum@example.pk', [], 10);
  await server.runtime.store.transaction(async (repos) => {
    await repos.loyalty.members.update(customers.platinum!, { tierId: platinum.tier.id, tierSince: NOW.toISOString() });
    const window = {
      startsAt: localDateTimeOf(NOW.toISOString(), 'UTC'),
      endsAt: localDateTimeOf(new Date(NOW.getTime() + 2 * 86_400_000).toISOString(), 'UTC'),
    };
    const audience = { type: 'tier' as const, id: platinum.tier.id };
    for (const input of [
      { name: 'Eid triple points', kind: 'multiplier' as const, multiplier: 3, audience, ...window },
      { name: 'Big basket', kind: 'bonus' as const, bonusPoints: 25, minOrderAmount: '3000', audience, ...window },
    ]) {
      const r = await createCampaign(repos, accountId, input, NOW.toISOString());
      if (r.outcome !== 'saved') throw new Error(JSON.stringify(r));
    }
  });
});
afterAll(() => server.close());

describeWithPhp('GET /storefront/woocommerce/:id/loyalty/earning', () => {
  it('guests get the program rule with multiplier 1; members their tier multiplier; excluded tags earn nothing', async () => {
    const guest = await earningRule();
    expect(guest.status).toBe(200);
    expect(guest.body).toMatchObject({
      enabled: true,
      rounding: 'floor',
      includeShipping: false,
      includeTax: false,
      rates: [{ currency: 'PKR', points: 2, per: '100', minorDigits: 2 }],
      shopper: { multiplier: 1, earns: true },
      triggers: { cod: 'delivered' },
    });
    expect(typeof guest.body.programVersion).toBe('number');
    expect(guest.body).not.toHaveProperty('excludedCustomerTags');
    expect((await earningRule(phpToken('41', 'gold@example.pk'))).body.shopper).toEqual({ multiplier: 1.5, earns: true });
    expect((await earningRule(phpToken('42', 'plain@example.pk'))).body.shopper).toEqual({ multiplier: 1, earns: true });
    expect((await earningRule(phpToken('43', 'staff@example.pk'))).body.shopper).toEqual({ multiplier: 1, earns: false });
    // Campaigns for Platinum members are not theirs.
    expect(guest.body.campaigns).toEqual([]);
    expect((await earningRule(phpToken('41', 'gold@example.pk'))).body.campaigns).toEqual([]);
  });

  it('refuses a forged token and writes nothing for a shopper it does not know', async () => {
    const token = phpToken('41', 'gold@example.pk');
    const [h, p] = token.split('.');
    expect((await earningRule(`${h}.${p}.${'A'.repeat(43)}`)).status).toBe(401);
    const before = await server.runtime.store.transaction((repos) => repos.loyalty.members.get(customers.plain!));
    await earningRule(phpToken('42', 'plain@example.pk'));
    expect(await server.runtime.store.transaction((repos) => repos.loyalty.members.get(customers.plain!))).toEqual(before);
    expect((await earningRule(phpToken('999', 'new@example.pk'))).body.shopper).toEqual({ multiplier: 1, earns: true });
  });
});

describeWithPhp("the plugin's estimate equals the server's award", () => {
  const rates = [
    { currency: 'PKR', points: 2, per: '100' },
    { currency: 'JPY', points: 1, per: '100' },
    { currency: 'KWD', points: 1.5, per: '7.5' },
    { currency: 'USD', points: 1.1, per: '1' },
  ];
  const digits: Record<string, number> = { PKR: 2, JPY: 0, KWD: 3, USD: 2 };
  const variants = [
    { name: 'goods only', extra: {} },
    { name: 'shipping, tax, excluded products', extra: { includeShipping: true, includeTax: true, excludedProductIds: ['502', '7002'] } },
  ];
  const shoppers: Array<[string, string | null, () => string | undefined]> = [
    ['guest', null, () => undefined],
    ['gold member (x1.5)', 'gold', () => phpToken('41', 'gold@example.pk')],
    ['excluded customer', 'staff', () => phpToken('43', 'staff@example.pk')],
  ];

  for (const rounding of ['floor', 'round', 'ceil'] as const) {
    for (const v of variants) {
      it(`${rounding}, ${v.name}`, async () => {
        const saved = await save({ earning: { rates, rounding, excludedCustomerTags: ['staff'], ...v.extra } });
        expect(saved.outcome).toBe('saved');
        let compared = 0;
        let nonZero = 0;
        for (const [who, key, token] of shoppers) {
          const rule = (await earningRule(token())).body;
          expect(rule.rounding).toBe(rounding);
          for (const { currency } of rates) {
            const list = carts(currency, digits[currency]!, currency.charCodeAt(0) * 31 + rounding.length, 150);
            const expected = await serverAwards(key ? customers[key]! : null, currency, list);
            const shown = phpEstimates(rule, currency, list);
            const mismatches = list.flatMap((c, i) =>
              shown[i] === expected[i] ? [] : [{ who, currency, cart: c, shown: shown[i], awarded: expected[i] }],
            );
            expect(mismatches.slice(0, 3)).toEqual([]);
            compared += list.length;
            nonZero += expected.filter((p) => p > 0).length;
          }
        }
        expect(compared).toBe(3 * 4 * 151);
        // Guests and the member earn on most carts, the excluded customer on none.
        expect(nonZero).toBeGreaterThan(2 * 4 * 100);
        expect(nonZero).toBeLessThanOrEqual(2 * 4 * 151);
      });
    }
  }

  it("the issue's case: 2 points per 100, a 150 order shows 3 (the old floor(amount/per)*points said 2)", async () => {
    await save({ earning: { rates: [{ currency: 'PKR', points: 2, per: '100' }], rounding: 'floor' } });
    const rule = (await earningRule()).body;
    const cart: Cart = {
      lines: [{ product_id: '501', variation_id: '0', totalMinor: 15000, total: '150.00' }],
      shippingMinor: 0,
      taxMinor: 0,
    };
    expect(phpEstimates(rule, 'PKR', [cart])).toEqual([3]);
    expect(phpEstimates(rule, 'USD', [cart])).toEqual([null]);
    expect(phpEstimates({ enabled: false }, 'PKR', [cart])).toEqual([null]);
  });

  it('a program that has not started yet, or is switched off, shows nothing to earn', async () => {
    await save({ enabled: false, earning: { rates: [{ currency: 'PKR', points: 2, per: '100' }] } });
    expect((await earningRule()).body).toEqual({ enabled: false });
    const later = new Date(NOW.getTime() + 86_400_000).toISOString();
    await server.runtime.store.transaction((repos) =>
      saveProgram(
        repos,
        accountId,
        { earnOrdersPlacedFrom: later, earning: { rates: [{ currency: 'PKR', points: 2, per: '100' }] } },
        'test',
        NOW.toISOString(),
      ),
    );
    const rule = (await earningRule()).body;
    const cart: Cart = {
      lines: [{ product_id: '501', variation_id: '0', totalMinor: 15000, total: '150.00' }],
      shippingMinor: 0,
      taxMinor: 0,
    };
    expect(phpEstimates(rule, 'PKR', [cart])).toEqual(await serverAwards(null, 'PKR', [cart]));
    expect(phpEstimates(rule, 'PKR', [cart])).toEqual([0]);
  });
});

describeWithPhp("the plugin's estimate with a running points campaign equals the server's award", () => {
  it('adds the multiplier campaign’s extra (rounded on its own) and the bonus from its minimum', async () => {
    for (const rounding of ['floor', 'round', 'ceil'] as const) {
      await save({ earning: { rates: [{ currency: 'PKR', points: 2, per: '100' }], rounding, includeShipping: true, includeTax: true } });
      const rule = (await earningRule(phpToken('44', 'platinum@example.pk'))).body;
      expect(rule.shopper).toEqual({ multiplier: 2, earns: true });
      expect(rule.campaigns.map((c: { name: string; minOrderAmount: string | null }) => [c.name, c.minOrderAmount])).toEqual([
        ['Eid triple points', null],
        ['Big basket', '3000.00'],
      ]);
      const list = carts('PKR', 2, 4242 + rounding.length, 150);
      const base = await serverAwards(customers.platinum!, 'PKR', list);
      // The server's campaign extra: the order's points at tier x (3 - 1).
      const extra = await serverAwards(customers.platinum!, 'PKR', list, 2);
      const expected = list.map((c, i) => {
        const total = c.lines.reduce((s, l) => s + l.totalMinor, 0) + c.shippingMinor + c.taxMinor;
        return base[i]! + extra[i]! + (total >= 300_000 ? 25 : 0);
      });
      expect(expected.some((p, i) => p !== base[i])).toBe(true);
      const shown = phpEstimates(rule, 'PKR', list);
      const mismatches = list.flatMap((c, i) => (shown[i] === expected[i] ? [] : [{ cart: c, shown: shown[i], awarded: expected[i] }]));
      expect(mismatches.slice(0, 3)).toEqual([]);
    }
  });
});
