import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalConsent } from '../../src/crm/customers/consent.port.ts';
import type { FulfilmentStatus, PaymentMethod } from '../../src/crm/events.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import type { LedgerReason } from '../../src/crm/loyalty/loyalty.port.ts';
import type { ReferralStatus } from '../../src/crm/loyalty/referrals.port.ts';
import type { CustomerFacts, CustomerScores } from '../../src/crm/segments/customer-facts.ts';
import { CHURN_RISKS, PAYMENT_METHODS, RFM_SEGMENTS } from '../../src/crm/segments/segment-fields.ts';
import type { Expr, Value } from '../../src/crm/segments/segment-query.ast.ts';
import { evaluateSegmentQuery } from '../../src/crm/segments/segment-query.evaluator.ts';
import { parseSegmentQuery } from '../../src/crm/segments/segment-query.parser.ts';
import { printSegmentQuery } from '../../src/crm/segments/segment-query.printer.ts';
import { countSegment, segmentMembers } from '../../src/db/queries/segments.query.ts';
import { segmentMembershipRepo } from '../../src/db/repos/segment-membership.repo.ts';
import { customer as canonicalCustomer, order as canonicalOrder } from '../helpers/canonical.ts';
import { conditionArb, exprArb, type ValueArbs } from '../helpers/segment-query.arbitraries.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// Random shops (customers with orders, lines, tags, addresses, consents, points, tiers, referrals,
// scores, on one or two stores) written through the ingest path and the loyalty repositories,
// then random queries: the SQL members must be exactly those the reference evaluator picks from
// the facts the test knows it wrote. Each run is a new account in the same database, so other
// shops' customers are there to be wrongly matched.

const NOW = new Date('2026-07-01T09:30:00.000Z');
const DAY0 = Date.parse('2024-01-01T00:00:00.000Z');
const dayIso = (day: number, hour = 0) => new Date(DAY0 + day * 86_400_000 + hour * 3_600_000 + 123).toISOString();

const TAGS = ['vip', 'wholesale', 'لاہور', 'ਪੰਜਾਬ', "O'Brien", 'VIP'];
const ADDRESSES = [
  { city: 'Lahore', province: 'Punjab', countryCode: 'PK' },
  { city: 'لاہور', province: 'پنجاب', countryCode: 'PK' },
  { city: 'Amritsar', province: 'ਪੰਜਾਬ', countryCode: 'IN' },
  { city: 'Karachi', province: null, countryCode: 'PK' },
  { city: null, province: 'Sindh', countryCode: null },
];
const PRODUCTS = [
  { productId: '101', title: 'Lawn suit' },
  { productId: '102', title: 'چائے' },
  { productId: null, title: 'Custom stitching' },
];
const TOTALS = [0, 1_000, 2_500, 9_999, 50_000, 123_456];
const FULFILMENT: FulfilmentStatus[] = ['unfulfilled', 'fulfilled', 'delivered', 'returned', 'returned', 'delivered'];
const LEDGER_REASONS: LedgerReason[] = ['order', 'manual', 'redemption', 'expiry', 'referral'];
const PROBABILITIES = [0, 0.1, 0.25, 0.5, 1 / 3, 1];
const EXPECTED = [0, 0.3, 1.2, 2.5];

const orderSpec = fc.record({
  day: fc.integer({ min: 0, max: 900 }),
  hour: fc.integer({ min: 0, max: 23 }),
  totalMinor: fc.constantFrom(...TOTALS),
  paymentMethod: fc.constantFrom<PaymentMethod>(...PAYMENT_METHODS),
  fulfilment: fc.constantFrom(...FULFILMENT),
  cancelled: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  test: fc.integer({ min: 0, max: 9 }).map((n) => n < 1),
  lines: fc.subarray(PRODUCTS, { maxLength: 2 }),
});

const scoresSpec: fc.Arbitrary<CustomerScores> = fc.record({
  rfmSegment: fc.option(fc.constantFrom(...RFM_SEGMENTS)),
  recencyScore: fc.option(fc.integer({ min: 1, max: 5 })),
  frequencyScore: fc.option(fc.integer({ min: 1, max: 5 })),
  monetaryScore: fc.option(fc.integer({ min: 1, max: 5 })),
  predictedClvMinor: fc.option(fc.constantFrom(...TOTALS)),
  probabilityAlive: fc.option(fc.constantFrom(...PROBABILITIES)),
  expectedOrders90d: fc.option(fc.constantFrom(...EXPECTED)),
  churnRisk: fc.option(fc.constantFrom(...CHURN_RISKS)),
});

const customerSpec = fc.record({
  stores: fc.constantFrom<number[]>([0], [1], [0, 1]),
  tags: fc.subarray(TAGS),
  addresses: fc.subarray(ADDRESSES, { maxLength: 2 }),
  locale: fc.constantFrom(null, 'en', 'ur-PK', 'pa'),
  createdDay: fc.integer({ min: 0, max: 900 }),
  orders: fc.array(orderSpec, { maxLength: 4 }),
  email: fc.constantFrom('subscribed' as const, 'unsubscribed' as const, null),
  whatsapp: fc.constantFrom('subscribed' as const, 'unsubscribed' as const, null),
  tier: fc.constantFrom(null, 0, 1),
  ledger: fc.array(
    fc.record({
      reason: fc.constantFrom(...LEDGER_REASONS),
      pending: fc.integer({ min: -50, max: 100 }),
      available: fc.integer({ min: -100, max: 200 }),
    }),
    { maxLength: 3 },
  ),
  referrals: fc.array(fc.constantFrom<ReferralStatus>('pending', 'completed', 'approved', 'rejected', 'blocked'), { maxLength: 3 }),
  scores: fc.option(scoresSpec, { freq: 2 }),
});
type CustomerSpec = typeof customerSpec extends fc.Arbitrary<infer T> ? T : never;

// Literals drawn near the data, so conditions split the customers rather than match all or none.
const num = (arb: fc.Arbitrary<number>): fc.Arbitrary<Value> => arb.map((value) => ({ kind: 'number', value: value === 0 ? 0 : value }));
const str = (...values: string[]): fc.Arbitrary<Value> => fc.constantFrom(...values).map((value) => ({ kind: 'string', value }));
const counts = num(fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constantFrom(0.5, 1.5, 2.5, 1e300, -1e300)));
const money = num(fc.constantFrom(0, 10, 25, 24.99, 25.005, 49.99, 49.995, 99.99, 500, 1234.56, 617.28, 1e21, -5));
const date: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: -5, max: 930 }).map((d): Value => ({ kind: 'date', value: dayIso(d).slice(0, 10) })),
  fc.record({ kind: fc.constant('relative' as const), amount: fc.integer({ min: 0, max: 40 }), unit: fc.constantFrom('d', 'w', 'm', 'y') }),
  fc.record({ kind: fc.constant('relative' as const), amount: fc.integer({ min: 0, max: 950 }), unit: fc.constant('d' as const) }),
);
const POOLS: ValueArbs = {
  number_of_orders: counts,
  cod_orders: counts,
  delivered_orders: counts,
  rto_count: counts,
  referrals_made: counts,
  recency_score: counts,
  frequency_score: counts,
  monetary_score: counts,
  points_balance: num(fc.integer({ min: -150, max: 400 })),
  points_pending: num(fc.integer({ min: -60, max: 200 })),
  lifetime_points: num(fc.integer({ min: -150, max: 400 })),
  rto_rate: num(fc.constantFrom(0, 20, 25, 100 / 3, 33.3, 50, 66.7, 100)),
  probability_alive: num(fc.constantFrom(...PROBABILITIES, 0.3)),
  expected_orders_90d: num(fc.constantFrom(...EXPECTED, 1)),
  amount_spent: money,
  average_order_value: money,
  predicted_clv: money,
  first_order_date: date,
  last_order_date: date,
  created_at: date,
  tags: str(...TAGS, 'vi', ''),
  city: str('Lahore', 'لاہور', 'Amritsar', 'Karachi', 'ahor', 'lahore', ''),
  province: str('Punjab', 'پنجاب', 'ਪੰਜਾਬ', 'Sindh', 'unj'),
  country: str('PK', 'IN', 'pk', 'P'),
  language: str('en', 'ur-PK', 'pa', 'ur', '-'),
  products_purchased: str('101', '102', 'Lawn suit', 'چائے', 'Custom stitching', 'Lawn', '999'),
  tier: str('Gold', 'Silver', 'Gol', 'Bronze'),
};

const CONSENT = (state: 'subscribed' | 'unsubscribed' | null, channel: 'email' | 'whatsapp'): CanonicalConsent[] =>
  state ? [{ channel, state, source: 'shopify', detail: null, decidedAt: dayIso(10) }] : [];

type Shop = { accountId: string; facts: CustomerFacts[]; storeValues: string[] };

let runs = 0;

async function writeShop(h: StoreHarness, specs: CustomerSpec[]): Promise<Shop> {
  const run = ++runs;
  const accountId = await h.account(`Segments ${run}`, 'PKR');
  const stores = [
    { platform: 'shopify' as const, name: 'Lawn House', domain: `lawn-house-${run}.myshopify.com` },
    { platform: 'woocommerce' as const, name: 'Chai Co', domain: `https://chai-${run}.example/` },
  ];
  const connectionIds: string[] = [];
  for (const st of stores) connectionIds.push((await h.tenancy.upsertConnection({ accountId, currency: 'PKR', country: 'PK', ...st })).id);
  const storeValues = stores.map((st) => [st.name, st.domain]);
  const tiers = ['Gold', 'Silver'];
  const tierIds = tiers.map((name) => `tier_${run}_${name}`);
  await h.store.transaction(async (repos) => {
    for (const [i, name] of tiers.entries()) {
      const at = dayIso(0);
      await repos.loyalty.tiers.insert({
        id: tierIds[i]!,
        accountId,
        name,
        threshold: 1000 * (i + 1),
        multiplier: 1,
        entryPoints: 0,
        perks: null,
        createdAt: at,
        updatedAt: at,
        deletedAt: null,
      });
    }
  });

  const facts: CustomerFacts[] = [];
  for (const [i, spec] of specs.entries()) {
    const externalId = `c${i}`;
    const email = `c${i}-${run}@example.pk`;
    const profile = canonicalCustomer(externalId, {
      email,
      locale: spec.locale,
      tags: spec.tags,
      addresses: spec.addresses.map((a) => ({ name: null, line1: null, line2: null, zip: null, phone: null, ...a })),
      createdAt: dayIso(spec.createdDay),
      updatedAt: dayIso(spec.createdDay),
      consents: [...CONSENT(spec.email, 'email'), ...CONSENT(spec.whatsapp, 'whatsapp')],
    });
    for (const s of spec.stores) await applyEvent(h.store, connectionIds[s]!, { type: 'customer.upserted', customer: profile });
    for (const [j, o] of spec.orders.entries()) {
      const placedAt = dayIso(o.day, o.hour);
      await applyEvent(h.store, connectionIds[spec.stores[0]!]!, {
        type: 'order.upserted',
        order: canonicalOrder(`${externalId}-o${j}`, {
          email,
          customer: profile,
          currency: 'PKR',
          subtotalMinor: o.totalMinor,
          totalMinor: o.totalMinor,
          paymentMethod: o.paymentMethod,
          fulfilmentStatus: o.fulfilment,
          status: o.cancelled ? 'cancelled' : 'open',
          cancelledAt: o.cancelled ? placedAt : null,
          test: o.test,
          placedAt,
          paidAt: placedAt,
          updatedAt: placedAt,
          lineItems: o.lines.map((l, k) => ({
            externalId: `l${k}`,
            productId: l.productId,
            variantId: null,
            sku: null,
            title: l.title,
            quantity: 1,
            priceMinor: 100,
            totalMinor: 100,
            giftCard: false,
          })),
        }),
      });
    }
    const [{ id }] = (await h.rows<{ id: string }>(
      'SELECT customer_id AS id FROM customer_identities WHERE connection_id = :connectionId AND external_id = :externalId',
      { connectionId: connectionIds[spec.stores[0]!], externalId },
    )) as [{ id: string }];

    await h.store.transaction(async (repos) => {
      if (spec.tier !== null) {
        await repos.loyalty.members.insert({
          customerId: id,
          accountId,
          referralCode: `R${run}X${i}`,
          tierId: tierIds[spec.tier]!,
          tierSince: dayIso(1),
          birthday: null,
          birthdaySetByShopperAt: null,
          lastActivityAt: null,
          joinedAt: dayIso(1),
        });
      }
      for (const [j, l] of spec.ledger.entries()) {
        await repos.loyalty.ledger.append({
          accountId,
          customerId: id,
          reason: l.reason,
          state: 'available',
          points: Math.abs(l.available),
          pendingDelta: l.pending,
          availableDelta: l.available,
          forgiven: 0,
          sourceType: null,
          sourceId: null,
          programVersion: null,
          note: null,
          actor: 'test',
          dedupeKey: `segments:${id}:${j}`,
          occurredAt: dayIso(5),
          createdAt: dayIso(5),
        });
      }
      for (const [j, status] of spec.referrals.entries()) {
        await repos.loyalty.referrals.insert({
          id: `ref_${id}_${j}`,
          accountId,
          advocateId: id,
          friendId: null,
          friendEmail: null,
          friendPhone: null,
          ipHash: null,
          orderId: null,
          status,
          block: null,
          createdAt: dayIso(6),
          decidedAt: null,
          decidedBy: null,
        });
      }
    });
    if (spec.scores) {
      const s = spec.scores;
      // No repository writes scores yet (the insights job will): the row as that job will write it.
      await h.run(
        `INSERT INTO customer_scores (customer_id, account_id, rfm_segment, recency_score, frequency_score, monetary_score,
           predicted_clv_minor, probability_alive, expected_orders_90d, churn_risk, computed_at)
         VALUES (:id, :accountId, :rfmSegment, :recencyScore, :frequencyScore, :monetaryScore, :predictedClvMinor,
           :probabilityAlive, :expectedOrders90d, :churnRisk, :at)`,
        { id, accountId, ...s, at: NOW.toISOString() },
      );
    }

    const counted = spec.orders.filter((o) => !o.cancelled && !o.test);
    const placed = counted.map((o) => dayIso(o.day, o.hour)).sort();
    const present = (key: 'city' | 'province' | 'countryCode') => spec.addresses.flatMap((a) => (a[key] === null ? [] : [a[key]]));
    const spending = new Set<LedgerReason>(['redemption', 'redemption_return', 'expiry']);
    facts.push({
      id,
      numberOfOrders: counted.length,
      amountSpentMinor: counted.reduce((sum, o) => sum + o.totalMinor, 0),
      firstOrderAt: placed[0] ?? null,
      lastOrderAt: placed.at(-1) ?? null,
      createdAt: dayIso(spec.createdDay),
      tags: spec.tags,
      stores: spec.stores.flatMap((s) => storeValues[s]!),
      platforms: spec.stores.map((s) => stores[s]!.platform),
      cities: present('city'),
      provinces: present('province'),
      countries: present('countryCode'),
      language: spec.locale,
      paymentMethods: counted.map((o) => o.paymentMethod),
      codOrders: counted.filter((o) => o.paymentMethod === 'cod').length,
      deliveredOrders: counted.filter((o) => o.fulfilment === 'delivered').length,
      rtoCount: counted.filter((o) => o.fulfilment === 'returned').length,
      productsPurchased: counted.flatMap((o) => o.lines.flatMap((l) => (l.productId ? [l.productId, l.title] : [l.title]))),
      tier: spec.tier === null ? null : tiers[spec.tier]!,
      pointsBalance: spec.ledger.reduce((sum, l) => sum + l.available, 0),
      pointsPending: spec.ledger.reduce((sum, l) => sum + l.pending, 0),
      lifetimePoints: spec.ledger.reduce((sum, l) => sum + (spending.has(l.reason) ? 0 : l.available), 0),
      referralsMade: spec.referrals.filter((s) => s === 'completed' || s === 'approved').length,
      emailConsent: spec.email ?? 'unknown',
      whatsappConsent: spec.whatsapp ?? 'unknown',
      scores: spec.scores,
    });
  }
  return { accountId, facts, storeValues: storeValues.flat() };
}

const ids = async (h: StoreHarness, accountId: string, query: Expr) =>
  (await segmentMembers(h.database, accountId, query, NOW, { limit: 1000 })).map((m) => m.id);

const sortedBytewise = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`segment queries in SQL (${kind.name})`, () => {
    let h: StoreHarness;
    beforeAll(async () => {
      h = await kind.open();
    });
    afterAll(() => h.close());

    it('compare fractional averages and rates as fractions', async () => {
      const base = fc.sample(customerSpec, { numRuns: 1, seed: 1 })[0]!;
      const order = { day: 800, hour: 1, paymentMethod: 'cod' as const, cancelled: false, test: false, lines: [] };
      const spec = (totals: number[], fulfilment: FulfilmentStatus[]): CustomerSpec => ({
        ...base,
        orders: totals.map((totalMinor, i) => ({ ...order, totalMinor, fulfilment: fulfilment[i]! })),
      });
      const shop = await writeShop(h, [
        spec([9_999, 0], ['delivered', 'returned']),
        spec([1_000], ['returned']),
        spec([2_500, 2_500, 0], ['delivered', 'delivered', 'returned']),
      ]);
      const [a, b, c] = shop.facts.map((f) => f.id);
      const cases: [string, string[]][] = [
        ['average_order_value = 49.995', [a!]],
        ['average_order_value > 49.99 AND average_order_value < 50', [a!]],
        ['average_order_value BETWEEN 10 AND 49.99', [b!, c!]],
        ['average_order_value < 16.67 AND average_order_value > 16.66', [c!]],
        ['rto_rate = 50', [a!]],
        ['rto_rate > 33.3 AND rto_rate < 33.4', [c!]],
        ['amount_spent > 99.98 AND amount_spent < 99.995', [a!]],
      ];
      for (const [text, expected] of cases) {
        const parsed = parseSegmentQuery(text);
        if (!parsed.ok) throw new Error(parsed.error.message);
        expect(await ids(h, shop.accountId, parsed.query), text).toEqual(sortedBytewise(expected));
      }
    });

    it('select exactly the members the reference evaluator selects', async () => {
      // How many queries split the shop (some members, not all): a property over trivial queries proves nothing.
      let asked = 0;
      let split = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(customerSpec, { minLength: 15, maxLength: 25 }), fc.gen(), async (specs, g) => {
          const shop = await writeShop(h, specs);
          // Store names and domains are the shop's own (domains are unique per platform across accounts).
          const store = str(...shop.storeValues, 'Lawn', 'elsewhere.myshopify.com');
          const queries = g(() => fc.array(exprArb(conditionArb({ ...POOLS, store })), { minLength: 40, maxLength: 40 }));
          for (const query of queries) {
            const expected = sortedBytewise(
              shop.facts.filter((f) => evaluateSegmentQuery(query, f, { now: NOW, currencyExponent: 2 })).map((f) => f.id),
            );
            const members = await ids(h, shop.accountId, query);
            expect(members, printSegmentQuery(query)).toEqual(expected);
            expect(await countSegment(h.database, shop.accountId, query, NOW)).toBe(expected.length);
            asked++;
            if (expected.length > 0 && expected.length < shop.facts.length) split++;
          }
          // Kept membership's form: every query narrowed to one customer (correlated, no account-wide sets), in one statement.
          const membership = segmentMembershipRepo(h.database.x);
          const list = queries.map((query, i) => ({ id: String(i), query }));
          for (const f of shop.facts) {
            const matched = new Set(await membership.matching(shop.accountId, f.id, list, NOW));
            for (const [i, query] of queries.entries()) {
              const expected = evaluateSegmentQuery(query, f, { now: NOW, currencyExponent: 2 });
              expect(matched.has(String(i)), `${printSegmentQuery(query)} for ${f.id}`).toBe(expected);
            }
          }
        }),
        { numRuns: kind.name === 'pg' ? 3 : 5, endOnFailure: true },
      );
      console.log(`${kind.name}: ${split} of ${asked} queries split the shop`);
      expect(split / asked).toBeGreaterThan(0.3);
    }, 120_000);
  });
}
