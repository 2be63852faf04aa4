import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import type { CanonicalEvent, CanonicalOrder } from '../../src/crm/events.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { programSettings } from '../../src/crm/loyalty/program.settings.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { customer, order as canonicalOrder } from '../helpers/canonical.ts';

// Random webhook histories (orders moving through payment, fulfilment, delivery, cancellation and
// return to sender; partial and full refunds; duplicates; any delivery order, refunds before their
// order) against a simple reference model of what the ledger must end with.

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
  const build = (j: number): CanonicalOrder => canonicalOrder(`o${i}`, {
    customer: customer('c1', { email: 'amna@example.com', updatedAt: '2026-01-01T00:00:00.000Z' }), email: 'amna@example.com',
    currency: 'USD', paymentMethod: plan.method, totalMinor: plan.total, subtotalMinor: plan.total, placedAt, updatedAt: at(j),
    status: flags.has('cancelled') ? 'cancelled' : 'open', cancelledAt: flags.has('cancelled') ? at(j) : null,
    paymentStatus: flags.has('paid') ? 'paid' : 'pending', paidAt: flags.has('paid') ? at(j) : null,
    fulfilmentStatus: flags.has('returned') ? 'returned' : flags.has('delivered') ? 'delivered' : flags.has('fulfilled') ? 'fulfilled' : 'unfulfilled',
    fulfilledAt: flags.has('fulfilled') || flags.has('delivered') ? at(j) : null, deliveredAt: flags.has('delivered') ? at(j) : null,
    lineItems: [{ externalId: 'li1', productId: 'p1', variantId: null, sku: null, title: 'Kurta', quantity: 1, priceMinor: plan.total, totalMinor: plan.total, giftCard: false }],
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
  return plan.refunds.map((share) => {
    const amount = Math.min(left, Math.max(1, Math.floor((plan.total * share) / 10_000)));
    left -= amount;
    return amount;
  }).filter((a) => a > 0);
}

/** The reference: what each order must be worth once every delivery has arrived. */
function expected(plans: OrderPlan[]): { available: number; pending: number } {
  let available = 0;
  let pending = 0;
  const worth = plans.map((plan) => {
    const flags = new Set(plan.steps);
    const refunded = refundAmounts(plan).reduce((a, b) => a + b, 0);
    const points = Math.floor((plan.total - refunded) / 100); // 1 point per USD 1.00, rounded down
    const voided = flags.has('cancelled') || flags.has('returned');
    const earned = plan.method === 'card' ? flags.has('paid') : flags.has('delivered') || flags.has('paid');
    return { points: voided ? 0 : points, state: voided ? 'void' : earned ? 'available' : 'pending', counted: !flags.has('cancelled') };
  });
  worth.forEach((w) => {
    if (w.state === 'available') available += w.points;
    if (w.state === 'pending') pending += w.points;
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
      refund: { externalId: `r${i}-${r}`, orderExternalId: `o${i}`, amountMinor: amount, currency: 'USD', reason: null, createdAt: new Date(BASE + i * DAY + 7_200_000).toISOString() },
    })),
  ]);
}

let rt: Runtime;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-ledger-'));
  rt = createRuntime(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `file:${join(dir, 'ledger.sqlite')}`, ENCRYPTION_KEY: 'a'.repeat(64) }), createLogger('silent'));
});
afterAll(async () => {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

let shops = 0;
async function freshShop() {
  const accountId = rt.tenancy.createAccount(`Shop ${++shops}`, 'USD');
  const connection = rt.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: `shop-${shops}.myshopify.com`, currency: 'USD', country: 'PK' });
  await rt.store.transaction((repos) => repos.loyalty.programs.save(accountId, programSettings.parse({
    earnOrdersPlacedFrom: '2026-01-01T00:00:00.000Z',
    earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] },
    actions: { firstOrder: FIRST_ORDER_BONUS },
  }), null, '2026-01-01T00:00:00.000Z'));
  return { accountId, connectionId: connection.id };
}

async function ledgerOf(accountId: string) {
  return rt.store.transaction(async (repos) => {
    const id = rt.db.$client.prepare('SELECT id FROM customers WHERE account_id = ?').pluck().get(accountId) as string;
    const entries = await repos.loyalty.ledger.page(id, { limit: 10_000 });
    return { balance: await repos.loyalty.ledger.balance(id), entries };
  });
}

describe('points ledger under random webhook histories', () => {
  it('ends where the reference model says, whatever the delivery order and duplicates', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(orderPlan, { minLength: 1, maxLength: 4 }).chain((plans) => {
        const events = eventsOf(plans);
        // Every event at least once, some twice, in any order.
        return fc.subarray(events).chain((dupes) => {
          const all = [...events, ...dupes];
          return fc.tuple(fc.constant(plans), fc.shuffledSubarray(all, { minLength: all.length }));
        });
      }),
      async ([plans, deliveries]) => {
        const { accountId, connectionId } = await freshShop();
        for (const event of deliveries) await applyEvent(rt.store, connectionId, event);
        const { balance, entries } = await ledgerOf(accountId);
        const want = expected(plans);

        expect({ available: balance.available, pending: balance.pending }).toEqual(want);
        // The balance is the sum of the ledger, and no source ever holds less than nothing.
        expect(entries.reduce((s, e) => s + e.availableDelta, 0)).toBe(balance.available);
        expect(entries.reduce((s, e) => s + e.pendingDelta, 0)).toBe(balance.pending);
        expect(balance.available).toBeGreaterThanOrEqual(0);
        expect(balance.pending).toBeGreaterThanOrEqual(0);

        // Replaying every delivery again changes nothing.
        for (const event of deliveries) await applyEvent(rt.store, connectionId, event);
        const again = await ledgerOf(accountId);
        expect(again.entries.length).toBe(entries.length);
        expect(again.balance).toEqual(balance);
      },
    ), { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) });
  });
});
