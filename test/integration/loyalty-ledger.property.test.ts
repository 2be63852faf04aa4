import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import type { CanonicalEvent, CanonicalOrder } from '../../src/crm/events.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { programSettings } from '../../src/crm/loyalty/program.settings.ts';
import { expireMemberPoints } from '../../src/crm/loyalty/expiry.service.ts';
import { redeem } from '../../src/crm/loyalty/redemption.service.ts';
import { createReward } from '../../src/crm/loyalty/rewards.service.ts';
import { startShopifyAdminFake, type ShopifyAdminFake } from '../fakes/shopify-admin.fake.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { customer, order as canonicalOrder } from '../helpers/canonical.ts';
import { testDatabaseUrl, type TestDatabaseUrl } from '../helpers/database.ts';
import { sql } from '../helpers/sql.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// Random webhook histories (orders moving through payment, fulfilment, delivery, cancellation and
// return to sender; partial and full refunds; duplicates; any delivery order, refunds before their
// order) against a simple reference model of what the ledger must end with; then the same with
// redemptions (some failing at the store, the Admin API fake) and expiry runs interleaved.

const FIRST_ORDER_BONUS = 10;
const DAY = 86_400_000;
const BASE = Date.parse('2026-03-01T00:00:00.000Z');

type Step = 'paid' | 'fulfilled' | 'delivered' | 'cancelled' | 'returned';
type OrderPlan = { total: number; method: 'card' | 'cod'; steps: Step[]; refunds: number[] };

const orderPlan = fc.record({
  total: fc.integer({ min: 100, max: 200_000 }),
  method: fc.constantFrom('card' as const, 'cod' as const),
  steps: fc.array(fc.constantFrom<Step>('paid', 'fulfilled', 'delivered', 'cancelled', 'returned'), { maxLength: 4 }),
  // Shares of the total, in basis points, for up to two refunds.
  refunds: fc.array(fc.integer({ min: 1, max: 6_000 }), { maxLength: 2 }),
});

function versionsOf(plan: OrderPlan, i: number): CanonicalOrder[] {
  const placedAt = new Date(BASE + i * DAY).toISOString();
  const flags = new Set<Step>();
  const at = (j: number) => new Date(BASE + i * DAY + j * 3_600_000).toISOString();
  const build = (j: number): CanonicalOrder =>
    canonicalOrder(`o${i}`, {
      customer: customer('c1', { email: 'amna@example.com', updatedAt: '2026-01-01T00:00:00.000Z' }),
      email: 'amna@example.com',
      currency: 'USD',
      paymentMethod: plan.method,
      totalMinor: plan.total,
      subtotalMinor: plan.total,
      placedAt,
      updatedAt: at(j),
      status: flags.has('cancelled') ? 'cancelled' : 'open',
      cancelledAt: flags.has('cancelled') ? at(j) : null,
      paymentStatus: flags.has('paid') ? 'paid' : 'pending',
      paidAt: flags.has('paid') ? at(j) : null,
      fulfilmentStatus: flags.has('returned')
        ? 'returned'
        : flags.has('delivered')
          ? 'delivered'
          : flags.has('fulfilled')
            ? 'fulfilled'
            : 'unfulfilled',
      fulfilledAt: flags.has('fulfilled') || flags.has('delivered') ? at(j) : null,
      deliveredAt: flags.has('delivered') ? at(j) : null,
      lineItems: [
        {
          externalId: 'li1',
          productId: 'p1',
          variantId: null,
          sku: null,
          title: 'Kurta',
          quantity: 1,
          priceMinor: plan.total,
          totalMinor: plan.total,
          giftCard: false,
        },
      ],
    });
  const versions = [build(0)];
  plan.steps.forEach((s, j) => {
    flags.add(s);
    versions.push(build(j + 1));
  });
  return versions;
}

function refundAmounts(plan: OrderPlan): number[] {
  let left = plan.total;
  return plan.refunds
    .map((share) => {
      const amount = Math.min(left, Math.max(1, Math.floor((plan.total * share) / 10_000)));
      left -= amount;
      return amount;
    })
    .filter((a) => a > 0);
}

// Points campaigns in the histories: windows in whole days from BASE (orders are placed at BASE + i
// days, so windows start and end exactly on some orders: start inclusive, end exclusive), double or
// triple points or a flat bonus, for everyone or for a tier nobody holds, some cancelled part-way.
type CampaignPlan = {
  kind: 'multiplier' | 'bonus';
  multiplier: number;
  bonus: number;
  startDay: number;
  days: number;
  forEveryone: boolean;
  /** Cancelled at BASE + this many days (and 12 hours), or never. */
  cancelDay: number | null;
};

const campaignPlan = fc.record({
  kind: fc.constantFrom('multiplier' as const, 'bonus' as const),
  multiplier: fc.constantFrom(2, 3, 1.5),
  bonus: fc.integer({ min: 1, max: 50 }),
  startDay: fc.integer({ min: 0, max: 4 }),
  days: fc.integer({ min: 1, max: 4 }),
  forEveryone: fc.boolean(),
  cancelDay: fc.option(fc.integer({ min: 0, max: 5 })),
});

/** The campaigns the reference model applies to order i: the highest multiplier (first on a tie) and every bonus. */
function campaignsFor(campaigns: CampaignPlan[], i: number): CampaignPlan[] {
  const placed = i;
  const running = campaigns.filter(
    (c) => c.forEveryone && c.startDay <= placed && placed < c.startDay + c.days && (c.cancelDay === null || placed < c.cancelDay + 0.5),
  );
  let best: CampaignPlan | null = null;
  for (const c of running) if (c.kind === 'multiplier' && (!best || c.multiplier > best.multiplier)) best = c;
  return [...(best ? [best] : []), ...running.filter((c) => c.kind === 'bonus')];
}

/** The reference: what each order must be worth once every delivery has arrived. */
function expected(plans: OrderPlan[], campaigns: CampaignPlan[] = []): { available: number; pending: number } {
  let available = 0;
  let pending = 0;
  const worth = plans.map((plan, i) => {
    const flags = new Set(plan.steps);
    const refunded = refundAmounts(plan).reduce((a, b) => a + b, 0);
    const points = Math.floor((plan.total - refunded) / 100); // 1 point per USD 1.00, rounded down
    const voided = flags.has('cancelled') || flags.has('returned');
    const earned = plan.method === 'card' ? flags.has('paid') : flags.has('delivered') || flags.has('paid');
    // Each campaign's extra rounded down on its own, less the refunded share, following the order.
    const extra = campaignsFor(campaigns, i)
      .map((c) =>
        c.kind === 'multiplier'
          ? Math.floor(((plan.total - refunded) * (c.multiplier - 1)) / 100 + 1e-9)
          : Math.floor((c.bonus * (plan.total - refunded)) / plan.total + 1e-9),
      )
      .reduce((a, b) => a + b, 0);
    return {
      points: voided ? 0 : points,
      extra: voided ? 0 : extra,
      state: voided ? 'void' : earned ? 'available' : 'pending',
      counted: !flags.has('cancelled'),
    };
  });
  worth.forEach((w) => {
    if (w.state === 'available') available += w.points + w.extra;
    if (w.state === 'pending') pending += w.points + w.extra;
  });
  // The first-order bonus goes with the earliest order that is not cancelled, if it earns anything.
  const first = worth.find((w) => w.counted);
  if (first && first.points > 0 && first.state !== 'void') {
    if (first.state === 'available') available += FIRST_ORDER_BONUS;
    else pending += FIRST_ORDER_BONUS;
  }
  return { available, pending };
}

function eventsOf(plans: OrderPlan[]): CanonicalEvent[] {
  return plans.flatMap((plan, i) => [
    ...versionsOf(plan, i).map((o): CanonicalEvent => ({ type: 'order.upserted', order: o })),
    ...refundAmounts(plan).map((amount, r): CanonicalEvent => ({
      type: 'refund.created',
      refund: {
        externalId: `r${i}-${r}`,
        orderExternalId: `o${i}`,
        amountMinor: amount,
        currency: 'USD',
        reason: null,
        createdAt: new Date(BASE + i * DAY + 7_200_000).toISOString(),
      },
    })),
  ]);
}

let rt: Runtime;
let adminOrigin = 'http://127.0.0.1:9';
let dir: string;
let database: TestDatabaseUrl;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-ledger-'));
  database = await testDatabaseUrl(dir, 'ledger.sqlite');
  rt = await createRuntime(
    loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: 'a'.repeat(64),
    }),
    createLogger('silent'),
    {
      // Every shop of this file talks to the one Admin API fake; one attempt per call.
      shopifyAdminOrigin: () => adminOrigin,
      platformRetries: 0,
    },
  );
});
afterAll(async () => {
  await rt.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

let shops = 0;
async function freshShop(extra: Record<string, unknown> = {}, admin?: ShopifyAdminFake) {
  const accountId = await rt.tenancy.createAccount(`Shop ${++shops}`, 'USD');
  const connection = await rt.tenancy.upsertConnection({
    accountId,
    platform: 'shopify',
    domain: `shop-${shops}.myshopify.com`,
    currency: 'USD',
    country: 'PK',
    accessToken: admin?.accessToken,
  });
  await rt.store.transaction((repos) =>
    repos.loyalty.programs.save(
      accountId,
      programSettings.parse({
        earnOrdersPlacedFrom: '2026-01-01T00:00:00.000Z',
        earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] },
        actions: { firstOrder: FIRST_ORDER_BONUS },
        ...extra,
      }),
      null,
      '2026-01-01T00:00:00.000Z',
    ),
  );
  return { accountId, connectionId: connection.id };
}

async function ledgerOf(accountId: string) {
  const id = (await customerOf(accountId))!;
  return rt.store.transaction(async (repos) => {
    const entries = await repos.loyalty.ledger.page(id, { limit: 10_000 });
    return { balance: await repos.loyalty.ledger.balance(id), entries };
  });
}

// The store alone (no runtime) on each database: the repositories are the same code on both.
for (const kind of STORES) {
  describe.skipIf(!kind.available)(`points ledger under random webhook histories (${kind.name})`, () => {
    let h: StoreHarness;
    beforeAll(async () => {
      h = await kind.open();
    });
    afterAll(() => h.close());

    async function shop() {
      const accountId = await h.account(`Shop ${++shops}`, 'USD');
      const connectionId = await h.connection(accountId, {
        platform: 'shopify',
        domain: `shop-${shops}.myshopify.com`,
        currency: 'USD',
        country: 'PK',
      });
      await h.store.transaction((repos) =>
        repos.loyalty.programs.save(
          accountId,
          programSettings.parse({
            earnOrdersPlacedFrom: '2026-01-01T00:00:00.000Z',
            earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] },
            actions: { firstOrder: FIRST_ORDER_BONUS },
          }),
          null,
          '2026-01-01T00:00:00.000Z',
        ),
      );
      return { accountId, connectionId };
    }
    const ledger = async (accountId: string) => {
      const [{ id }] = (await h.rows<{ id: string }>('SELECT id FROM customers WHERE account_id = :accountId', { accountId })) as [
        { id: string },
      ];
      return h.store.transaction(async (repos) => ({
        balance: await repos.loyalty.ledger.balance(id),
        entries: await repos.loyalty.ledger.page(id, { limit: 10_000 }),
      }));
    };

    async function addCampaigns(accountId: string, campaigns: CampaignPlan[]) {
      const at = (day: number) => new Date(BASE + day * DAY).toISOString();
      await h.store.transaction(async (repos) => {
        for (const [n, c] of campaigns.entries()) {
          await repos.loyalty.campaigns.insert({
            id: `pcm_${accountId}_${n}`,
            accountId,
            name: `Campaign ${n}`,
            preset: null,
            kind: c.kind,
            multiplier: c.kind === 'multiplier' ? c.multiplier : 1,
            bonusPoints: c.kind === 'bonus' ? c.bonus : 0,
            minOrderMinor: null,
            currency: 'USD',
            audience: c.forEveryone ? { type: 'everyone' } : { type: 'tier', id: 'tier_nobody' },
            startsAt: at(c.startDay),
            endsAt: at(c.startDay + c.days),
            timeZone: 'UTC',
            messages: {},
            cancelledAt: c.cancelDay === null ? null : at(c.cancelDay + 0.5),
            createdAt: at(-30),
            updatedAt: at(-30),
          });
        }
      });
    }

    it('ends where the reference model says, whatever the delivery order and duplicates, with points campaigns', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .tuple(fc.array(orderPlan, { minLength: 1, maxLength: 4 }), fc.array(campaignPlan, { maxLength: 3 }))
            .chain(([plans, campaigns]) => {
              const events = eventsOf(plans);
              // Every event at least once, some twice, in any order.
              return fc.subarray(events).chain((dupes) => {
                const all = [...events, ...dupes];
                return fc.tuple(fc.constant(plans), fc.constant(campaigns), fc.shuffledSubarray(all, { minLength: all.length }));
              });
            }),
          async ([plans, campaigns, deliveries]) => {
            const { accountId, connectionId } = await shop();
            await addCampaigns(accountId, campaigns);
            for (const event of deliveries) await applyEvent(h.store, connectionId, event);
            const { balance, entries } = await ledger(accountId);
            const want = expected(plans, campaigns);

            expect({ available: balance.available, pending: balance.pending }).toEqual(want);
            // The balance is the sum of the ledger, and no source ever holds less than nothing.
            expect(entries.reduce((s, e) => s + e.availableDelta, 0)).toBe(balance.available);
            expect(entries.reduce((s, e) => s + e.pendingDelta, 0)).toBe(balance.pending);
            expect(balance.available).toBeGreaterThanOrEqual(0);
            expect(balance.pending).toBeGreaterThanOrEqual(0);

            // Replaying every delivery again changes nothing.
            for (const event of deliveries) await applyEvent(h.store, connectionId, event);
            const again = await ledger(accountId);
            expect(again.entries.length).toBe(entries.length);
            expect(again.balance).toEqual(balance);
          },
          // PostgreSQL pays a round trip per statement: fewer runs there, the same properties.
        ),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? (kind.name === 'pg' ? 40 : 150)) },
      );
    }, 120_000);
  });
}

// ---- with spending: redemptions (some failing at the store) and expiry runs interleaved ------

type SpendStep = { kind: 'event'; event: CanonicalEvent } | { kind: 'redeem'; fail: boolean } | { kind: 'expire'; daysAfter: number };

const REWARD_COST = 7;

describe('points ledger with redemptions and expiry interleaved', () => {
  let fake: ShopifyAdminFake;
  beforeAll(async () => {
    fake = await startShopifyAdminFake({ accessToken: 'shpat_property' });
    adminOrigin = fake.origin;
  });
  afterAll(async () => {
    await fake.close();
  });

  it('keeps every account identity, never goes negative, and issues exactly the codes it charged for', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderPlan, { minLength: 1, maxLength: 3 }).chain((plans) => {
          const events = eventsOf(plans).map((event): SpendStep => ({ kind: 'event', event }));
          const spending = fc.array(
            fc.oneof(
              fc.record({ kind: fc.constant('redeem' as const), fail: fc.boolean() }),
              fc.record({ kind: fc.constant('expire' as const), daysAfter: fc.integer({ min: 0, max: 500 }) }),
            ),
            { maxLength: 6 },
          );
          return fc.tuple(
            fc.constant(plans),
            spending.chain((extra) => fc.shuffledSubarray([...events, ...extra], { minLength: events.length + extra.length })),
          );
        }),
        async ([plans, steps]) => {
          const { accountId, connectionId } = await freshShop({ expiry: { mode: 'per_entry', months: 12, reminderDays: [] } }, fake);
          const rewardId = await rt.store.transaction(async (repos) => {
            const r = await createReward(
              repos,
              accountId,
              { name: 'USD 1 off', kind: 'fixed_amount', amountMinor: 100, currency: 'USD', pointsCost: REWARD_COST },
              '2026-01-01T00:00:00.000Z',
            );
            if (r.outcome !== 'saved') throw new Error('reward not saved');
            return r.reward.id;
          });
          const deps = { store: rt.store, issuerFor: rt.discountIssuers.issuerFor };
          const before = fake.discounts.length;
          let charged = 0;
          let clicks = 0;
          for (const step of steps) {
            if (step.kind === 'event') await applyEvent(rt.store, connectionId, step.event);
            else if (step.kind === 'redeem') {
              const customerId = await customerOf(accountId);
              if (!customerId) continue;
              if (step.fail) fake.failNext(1, { type: 'status', status: 503 });
              const r = await redeem(deps, {
                accountId,
                customerId,
                rewardId,
                idempotencyKey: `click-${++clicks}-${accountId}`,
                actor: null,
              });
              fake.clearFailures(); // unused when the redemption never reached the store
              if (r.outcome === 'redeemed') charged += REWARD_COST;
            } else {
              const at = new Date(Date.now() + step.daysAfter * DAY).toISOString();
              const customerId = await customerOf(accountId);
              await rt.store.transaction(async (repos) => {
                const member = customerId ? await repos.loyalty.members.get(customerId) : undefined;
                const program = await repos.loyalty.programs.current(accountId);
                if (member && program) await expireMemberPoints(repos, program, member, at);
              });
            }
            // Never below zero, at any point (the program clamps).
            const id = await customerOf(accountId);
            if (id) expect((await rt.store.transaction((repos) => repos.loyalty.ledger.balance(id))).available).toBeGreaterThanOrEqual(0);
          }

          const { balance, entries } = await ledgerOf(accountId);
          const sum = (f: (e: (typeof entries)[number]) => number, reasons?: string[]) =>
            entries.filter((e) => !reasons || reasons.includes(e.reason)).reduce((s, e) => s + f(e), 0);
          // The ledger is the balance.
          expect(sum((e) => e.availableDelta)).toBe(balance.available);
          expect(sum((e) => e.pendingDelta)).toBe(balance.pending);
          // What orders hold (net of what a clamped reversal forgave) is exactly what they are worth.
          const earning = ['order', 'first_order', 'refund', 'cancellation'];
          const want = expected(plans);
          expect(sum((e) => e.availableDelta - e.forgiven, earning)).toBe(want.available);
          expect(sum((e) => e.pendingDelta, earning)).toBe(want.pending);
          // Spending: every issued code was charged once, every failed attempt refunded.
          expect(0 - sum((e) => e.availableDelta, ['redemption', 'redemption_return'])).toEqual(charged);
          expect(fake.discounts.length - before).toBe(charged / REWARD_COST);
          // The identity behind it all: balance = earned + forgiven - spent - expired.
          const expired = 0 - sum((e) => e.availableDelta, ['expiry']);
          expect(expired).toBeGreaterThanOrEqual(0);
          expect(balance.available).toBe(want.available + sum((e) => e.forgiven, earning) - charged - expired);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 100) },
    );
    // A round trip per statement on PostgreSQL: 100 runs take a minute on a loaded machine.
  }, 180_000);
});

function customerOf(accountId: string): Promise<string | undefined> {
  return sql(rt).value<string>('SELECT id FROM customers WHERE account_id = ?', accountId);
}
