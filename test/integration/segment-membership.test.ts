import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalEvent, FulfilmentStatus, PaymentMethod } from '../../src/crm/events.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { programSettings } from '../../src/crm/loyalty/program.settings.ts';
import { decideReferral, recordReferral } from '../../src/crm/loyalty/referrals.service.ts';
import { createTier, deleteTier, updateTier } from '../../src/crm/loyalty/tier-admin.service.ts';
import { checkAllMembership, checkMembershipSlice } from '../../src/crm/segments/membership-check.service.ts';
import { queryOf } from '../../src/crm/segments/membership.service.ts';
import { keepingSegmentMembership } from '../../src/crm/segments/membership.store.ts';
import { parseSegmentQuery } from '../../src/crm/segments/segment-query.parser.ts';
import { printSegmentQuery } from '../../src/crm/segments/segment-query.printer.ts';
import type { Segment } from '../../src/crm/segments/segments.port.ts';
import type { CrmStore } from '../../src/crm/store.port.ts';
import { createJobState } from '../../src/db/job-state.repo.ts';
import { newId } from '../../src/lib/ids.ts';
import { customer, order } from '../helpers/canonical.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// Kept segment membership on both databases, through the real ingest path (applyEvent over the
// store as the runtime wires it: keepingSegmentMembership). The property: after any sequence of
// customer, order, refund, cancel and delete events, customer deletions and erasures, referrals
// recorded, completed by the friend's first order and decided by staff, `segment_members` of every
// segment is exactly a fresh full evaluation of its query. Then the timeline events, built-ins, the daily check and tenancy.

const NOW = new Date('2026-07-01T09:30:00.000Z');
const clock = () => NOW;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

const QUERIES = [
  'number_of_orders >= 2',
  'amount_spent > 150',
  "tags CONTAINS 'vip'",
  'rto_count > 0',
  "payment_method = 'cod' AND NOT number_of_orders = 1",
  'last_order_date > -30d',
  "number_of_orders = 0 OR tags CONTAINS 'wholesale'",
  'referrals_made >= 1',
  "platform = 'shopify' AND number_of_orders >= 1",
];

type Harness = { h: StoreHarness; store: CrmStore };

async function shop(x: Harness, name: string, referrals = false): Promise<{ accountId: string; connectionId: string }> {
  const accountId = await x.h.account(name, 'USD');
  const connectionId = await x.h.connection(accountId, { platform: 'shopify', domain: `${newId('s')}.myshopify.com`, currency: 'USD' });
  if (referrals) {
    // Points (a signup bonus, orders' lines) make members, with referral codes. The advocate earns nothing for a referral, so no
    // ledger row notes them: referrals_made must follow the referral's own writes.
    const settings = programSettings.parse({
      earnOrdersPlacedFrom: '2025-01-01T00:00:00.000Z',
      earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] },
      actions: { signup: 10 },
      referrals: { enabled: true, advocatePoints: 0, friendPoints: 20, maxPerIpPerDay: 100 },
    });
    await x.store.transaction((repos) => repos.loyalty.programs.save(accountId, settings, null, '2026-01-01T00:00:00.000Z'));
  }
  return { accountId, connectionId };
}

async function addSegment(x: Harness, accountId: string, name: string, text: string): Promise<Segment> {
  const parsed = parseSegmentQuery(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const at = NOW.toISOString();
  const segment: Segment = {
    id: newId('seg'),
    accountId,
    name,
    query: printSegmentQuery(parsed.query),
    builtIn: null,
    syncTag: null,
    createdAt: at,
    updatedAt: at,
  };
  await x.store.transaction((repos) => repos.segments.insert(segment));
  return segment;
}

/** Every segment of the account: kept members beside a fresh full evaluation. */
async function keptAndFresh(x: Harness, accountId: string) {
  return x.store.transaction(async (repos) => {
    const out: { name: string; kept: string[]; fresh: string[] }[] = [];
    for (const s of await repos.segments.list(accountId)) {
      out.push({
        name: s.name,
        kept: await repos.segments.members(accountId, s.id),
        fresh: await repos.segments.evaluate(accountId, queryOf(s), NOW),
      });
    }
    return out;
  });
}

const customerIdOf = async (x: Harness, connectionId: string, externalId: string) =>
  (
    await x.h.rows<{ id: string }>(
      'SELECT customer_id AS id FROM customer_identities WHERE connection_id = :connectionId AND external_id = :externalId',
      {
        connectionId,
        externalId,
      },
    )
  )[0]?.id;

const timelineOf = (x: Harness, customerId: string) =>
  x.h.rows<{ kind: string; data: string }>(
    "SELECT kind, data FROM timeline_events WHERE customer_id = :customerId AND kind IN ('segment_entered', 'segment_left') ORDER BY id",
    { customerId },
  );

// Random event sequences over a few shoppers (two of whom may share an email: a merge) and orders;
// a shopper refers another by email, and the friend's first order completes the referral.
const CUSTOMERS = ['c1', 'c2', 'c3'];
const emailOf = (ext: string) => `${ext}@example.com`;
const ORDERS = ['o1', 'o2', 'o3', 'o4', 'o5'];
const step = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('customer' as const),
      who: fc.constantFrom(...CUSTOMERS),
      tags: fc.subarray(['vip', 'wholesale']),
      email: fc.constantFrom(null, 'shared@example.com'),
    }),
  },
  fc.record({
    kind: fc.constant('order' as const),
    id: fc.constantFrom(...ORDERS),
    who: fc.constantFrom(...CUSTOMERS),
    totalMinor: fc.constantFrom(5_000, 10_000, 20_000),
    paymentMethod: fc.constantFrom<PaymentMethod>('cod', 'card'),
    fulfilment: fc.constantFrom<FulfilmentStatus>('unfulfilled', 'delivered', 'returned'),
    cancelled: fc.boolean(),
    ageDays: fc.constantFrom(1, 10, 60, 400),
  }),
  fc.record({ kind: fc.constant('refund' as const), id: fc.constantFrom(...ORDERS), amountMinor: fc.constantFrom(1_000, 6_000) }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom(...ORDERS) }),
  fc.record({ kind: fc.constant('customerDeleted' as const), who: fc.constantFrom(...CUSTOMERS) }),
  fc.record({ kind: fc.constant('erase' as const), who: fc.constantFrom(...CUSTOMERS) }),
  // Referrals take a member, a friend and the friend's order or a decision: weighted so that sequences complete some.
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('refer' as const),
      who: fc.constantFrom(...CUSTOMERS),
      friend: fc.constantFrom(...CUSTOMERS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      nth: fc.nat(3),
      decision: fc.constantFrom('approve' as const, 'approve' as const, 'reject' as const),
    }),
  },
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;
type EventStep = Exclude<Step, { kind: 'refer' | 'decide' }>;

/** Applies one step through the path its source takes: a webhook event, the storefront's referral, a staff decision. */
async function apply(x: Harness, s: Step, run: number, shopIds: { accountId: string; connectionId: string }): Promise<void> {
  const { accountId, connectionId } = shopIds;
  const at = NOW.toISOString();
  if (s.kind === 'refer') {
    // The member shares their code: a profile that signed up (the signup bonus makes them a member).
    const signup = customer(`${run}-${s.who}`, { email: emailOf(`${run}-${s.who}`), updatedAt: '2026-05-01T00:00:00.000Z' });
    await applyEvent(x.store, connectionId, { type: 'customer.upserted', customer: signup }, at);
    const advocate = (
      await x.h.rows<{ id: string }>(
        'SELECT customer_id AS id FROM customer_identities WHERE connection_id = :connectionId AND external_id = :externalId',
        { connectionId, externalId: `${run}-${s.who}` },
      )
    )[0];
    await x.store.transaction(async (repos) => {
      const member = advocate && (await repos.loyalty.members.get(advocate.id));
      if (!member) return;
      await recordReferral(repos, {
        accountId,
        code: member.referralCode,
        friendEmail: emailOf(`${run}-${s.friend}`),
        ipHash: null,
        now: at,
      });
    });
    return;
  }
  if (s.kind === 'decide') {
    const referrals = await x.h.rows<{ id: string }>('SELECT id FROM referrals WHERE account_id = :accountId ORDER BY id', { accountId });
    const target = referrals[s.nth % Math.max(1, referrals.length)];
    if (target) await x.store.transaction((repos) => decideReferral(repos, accountId, target.id, s.decision, 'staff@example.com', at));
    return;
  }
  await applyEvent(x.store, connectionId, eventOf(s, run), at);
}

let version = 0;
function eventOf(s: EventStep, run: number): CanonicalEvent {
  const updatedAt = new Date(Date.parse('2026-06-01T00:00:00.000Z') + ++version * 1000).toISOString();
  const ext = (id: string) => `${run}-${id}`;
  switch (s.kind) {
    case 'customer':
      return {
        type: 'customer.upserted',
        customer: customer(ext(s.who), { email: s.email ?? emailOf(ext(s.who)), tags: s.tags, updatedAt }),
      };
    case 'order':
      return {
        type: 'order.upserted',
        order: order(ext(s.id), {
          customer: customer(ext(s.who), { email: emailOf(ext(s.who)) }),
          email: emailOf(ext(s.who)),
          lineItems: [
            {
              externalId: `${ext(s.id)}-1`,
              productId: 'kurta',
              variantId: null,
              sku: null,
              title: 'Kurta',
              quantity: 1,
              priceMinor: s.totalMinor,
              totalMinor: s.totalMinor,
              giftCard: false,
            },
          ],
          currency: 'USD',
          totalMinor: s.totalMinor,
          subtotalMinor: s.totalMinor,
          paymentMethod: s.paymentMethod,
          paymentStatus: s.paymentMethod === 'cod' ? 'pending' : 'paid',
          fulfilmentStatus: s.fulfilment,
          status: s.cancelled ? 'cancelled' : 'open',
          cancelledAt: s.cancelled ? daysAgo(s.ageDays) : null,
          placedAt: daysAgo(s.ageDays),
          updatedAt,
        }),
      };
    case 'refund':
      return {
        type: 'refund.created',
        refund: {
          externalId: `r${version}`,
          orderExternalId: ext(s.id),
          amountMinor: s.amountMinor,
          currency: 'USD',
          reason: null,
          createdAt: updatedAt,
        },
      };
    case 'delete':
      return { type: 'order.deleted', externalId: ext(s.id) };
    case 'customerDeleted':
      return { type: 'customer.deleted', externalId: ext(s.who) };
    case 'erase':
      return {
        type: 'compliance.customer_redacted',
        customer: { externalId: ext(s.who), email: emailOf(ext(s.who)), phone: null },
        orderExternalIds: [],
      };
  }
}

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`segment membership (${kind.name})`, () => {
    let x: Harness;

    beforeAll(async () => {
      const h = await kind.open();
      x = { h, store: keepingSegmentMembership(h.store, clock) };
    });
    afterAll(() => x.h.close());

    it('stays equal to a fresh full evaluation after random event sequences', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), async (steps) => {
          run++;
          const ids = await shop(x, `Property ${run}`, true);
          const { accountId } = ids;
          for (const [i, q] of QUERIES.entries()) await addSegment(x, accountId, `Q${i}`, q);
          for (const s of steps) await apply(x, s, run, ids);
          for (const { name, kept, fresh } of await keptAndFresh(x, accountId)) expect(kept, name).toEqual(fresh);
        }),
        { numRuns: kind.name === 'pg' ? 20 : 40 },
      );
    }, 120_000);

    it('puts entering and leaving on the timeline: a second order, then a cancel and a refund', async () => {
      const { accountId, connectionId } = await shop(x, 'Timeline');
      const repeat = await addSegment(x, accountId, 'Repeat buyers', 'number_of_orders >= 2');
      const big = await addSegment(x, accountId, 'Big spenders', 'amount_spent >= 150');
      const placed = (id: string, over: Partial<ReturnType<typeof order>> = {}) =>
        applyEvent(x.store, connectionId, {
          type: 'order.upserted',
          order: order(id, { customer: customer('t1'), totalMinor: 10_000, placedAt: daysAgo(3), updatedAt: daysAgo(3), ...over }),
        });
      // Only these two segments' events (the built-ins have theirs: a first-time buyer, then not).
      const ours = async (customerId: string) =>
        (await timelineOf(x, customerId))
          .map((r) => ({ kind: r.kind, data: JSON.parse(r.data) as { segmentId: string; name: string } }))
          .filter((e) => e.data.segmentId === repeat.id || e.data.segmentId === big.id)
          .sort((p, q) => p.kind.localeCompare(q.kind) || p.data.name.localeCompare(q.data.name));
      await placed('t-o1');
      const id = (await customerIdOf(x, connectionId, 't1'))!;
      expect(await ours(id)).toEqual([]);

      await placed('t-o2');
      expect(await ours(id)).toEqual([
        { kind: 'segment_entered', data: { segmentId: big.id, name: 'Big spenders' } },
        { kind: 'segment_entered', data: { segmentId: repeat.id, name: 'Repeat buyers' } },
      ]);

      // A refund of 60 takes the spend to 140: out of Big spenders, still a repeat buyer.
      await applyEvent(x.store, connectionId, {
        type: 'refund.created',
        refund: { externalId: 't-r1', orderExternalId: 't-o2', amountMinor: 6_000, currency: 'USD', reason: null, createdAt: daysAgo(2) },
      });
      expect((await ours(id)).filter((e) => e.kind === 'segment_left')).toEqual([
        { kind: 'segment_left', data: { segmentId: big.id, name: 'Big spenders' } },
      ]);
      // Cancelling the second order leaves one counted order: out of Repeat buyers.
      await placed('t-o2', { status: 'cancelled', cancelledAt: daysAgo(1), updatedAt: daysAgo(1) });
      expect((await ours(id)).filter((e) => e.kind === 'segment_left')).toEqual([
        { kind: 'segment_left', data: { segmentId: big.id, name: 'Big spenders' } },
        { kind: 'segment_left', data: { segmentId: repeat.id, name: 'Repeat buyers' } },
      ]);
      const kept = await x.h.rows<{ segmentId: string }>('SELECT segment_id AS "segmentId" FROM segment_members WHERE customer_id = :id', {
        id,
      });
      expect(kept.filter((r) => r.segmentId === repeat.id || r.segmentId === big.id)).toEqual([]);
      // Delivered twice (a retry): nothing changes, no second event.
      const before = (await timelineOf(x, id)).length;
      await placed('t-o2', { status: 'cancelled', cancelledAt: daysAgo(1), updatedAt: daysAgo(1) });
      expect(await timelineOf(x, id)).toHaveLength(before);
    });

    it('gives a new account its built-ins, one per tier, following the tiers', async () => {
      const { accountId, connectionId } = await shop(x, 'Built-ins');
      await applyEvent(x.store, connectionId, { type: 'customer.upserted', customer: customer('b1') });
      const keys = async () =>
        (await x.h.rows<{ key: string; name: string; query: string }>(
          'SELECT built_in AS key, name, query FROM segments WHERE account_id = :accountId AND built_in IS NOT NULL ORDER BY created_at',
          { accountId },
        )) as { key: string; name: string; query: string }[];
      expect((await keys()).map((k) => k.key)).toEqual([
        'rfm:champions',
        'rfm:loyal',
        'rfm:potential_loyalists',
        'rfm:new',
        'rfm:at_risk',
        'rfm:cant_lose',
        'rfm:hibernating',
        'rfm:lost',
        'first_time_buyers',
        'lapsed',
        'cod_risk',
      ]);
      const at = NOW.toISOString();
      const gold = await x.store.transaction((repos) =>
        createTier(repos, accountId, { name: 'Gold', threshold: 1000, multiplier: 1, entryPoints: 0, perks: null }, at),
      );
      if (gold.outcome !== 'saved') throw new Error(gold.outcome);
      expect((await keys()).filter((k) => k.key.startsWith('tier:'))).toEqual([
        { key: `tier:${gold.tier.id}`, name: 'Tier: Gold', query: "tier = 'Gold'" },
      ]);
      await x.store.transaction((repos) => updateTier(repos, accountId, gold.tier.id, { name: "Gold's" }, at));
      expect((await keys()).filter((k) => k.key.startsWith('tier:'))).toEqual([
        { key: `tier:${gold.tier.id}`, name: "Tier: Gold's", query: "tier = 'Gold''s'" },
      ]);
      await x.store.transaction((repos) => deleteTier(repos, accountId, gold.tier.id, at));
      expect((await keys()).filter((k) => k.key.startsWith('tier:'))).toEqual([]);
      // A first-time buyer is in the built-in at once.
      await applyEvent(x.store, connectionId, {
        type: 'order.upserted',
        order: order('b-o1', { customer: customer('b1'), placedAt: daysAgo(2) }),
      });
      const firstTime = await x.h.rows<{ n: number }>(
        `SELECT count(*) AS n FROM segment_members m JOIN segments s ON s.id = m.segment_id WHERE s.account_id = :accountId AND s.built_in = 'first_time_buyers'`,
        { accountId },
      );
      expect(Number(firstTime[0]!.n)).toBe(1);
    });

    it('follows writes that do not name the customer: a referral decided, a store deleting its customer, a store erased, a tier renamed', async () => {
      const { accountId, connectionId: shopify } = await shop(x, 'Untracked writes', true);
      const woo = await x.h.connection(accountId, { platform: 'woocommerce', domain: `${newId('w')}.example`, currency: 'USD' });
      const referrers = await addSegment(x, accountId, 'Referrers', 'referrals_made >= 1');
      const onWoo = await addSegment(x, accountId, 'On WooCommerce', "platform = 'woocommerce'");
      const gold = await addSegment(x, accountId, 'Gold members', "tier = 'Gold'");
      // Two shoppers known in both stores (one profile each, linked by email).
      for (const who of ['u1', 'u2'])
        for (const c of [shopify, woo])
          await applyEvent(x.store, c, { type: 'customer.upserted', customer: customer(who, { email: emailOf(who) }) }, NOW.toISOString());
      const u1 = (await customerIdOf(x, shopify, 'u1'))!;
      const u2 = (await customerIdOf(x, shopify, 'u2'))!;
      expect(await customerIdOf(x, woo, 'u1')).toBe(u1);
      const events = async (customerId: string, segment: Segment) =>
        (await timelineOf(x, customerId))
          .filter((e) => (JSON.parse(e.data) as { segmentId: string }).segmentId === segment.id)
          .map((e) => e.kind);
      const at = NOW.toISOString();

      // A referral by u1, rejected then approved by staff: only the referral's status changes.
      await x.store.transaction(async (repos) => {
        const member = (await repos.loyalty.members.get(u1))!;
        const r = await recordReferral(repos, {
          accountId,
          code: member.referralCode,
          friendEmail: 'friend@elsewhere.example',
          ipHash: null,
          now: at,
        });
        if (r.outcome !== 'recorded') throw new Error(r.outcome);
        await decideReferral(repos, accountId, r.referral.id, 'reject', 'staff@example.com', at);
        await decideReferral(repos, accountId, r.referral.id, 'approve', 'staff@example.com', at);
      });
      expect(await events(u1, referrers)).toEqual(['segment_entered']);

      // WooCommerce deletes u1: the identity is marked deleted, the profile stays (known on Shopify).
      expect(await events(u1, onWoo)).toEqual(['segment_entered']);
      await applyEvent(x.store, woo, { type: 'customer.deleted', externalId: 'u1' }, at);
      expect(await events(u1, onWoo)).toEqual(['segment_entered', 'segment_left']);

      // The WooCommerce store is erased (its shop redact): u2 keeps a profile, no longer on WooCommerce.
      await applyEvent(x.store, woo, { type: 'compliance.shop_redacted' }, at);
      expect(await events(u2, onWoo)).toEqual(['segment_entered', 'segment_left']);

      // Gold renamed: its members' tier is no longer 'Gold'.
      const tier = await x.store.transaction((repos) =>
        createTier(repos, accountId, { name: 'Gold', threshold: 1000, multiplier: 1, entryPoints: 0, perks: null }, at),
      );
      if (tier.outcome !== 'saved') throw new Error(tier.outcome);
      await x.store.transaction((repos) => repos.loyalty.members.update(u1, { tierId: tier.tier.id, tierSince: at }));
      expect(await events(u1, gold)).toEqual(['segment_entered']);
      await x.store.transaction((repos) => updateTier(repos, accountId, tier.tier.id, { name: 'Platinum' }, at));
      expect(await events(u1, gold)).toEqual(['segment_entered', 'segment_left']);

      for (const { name, kept, fresh } of await keptAndFresh(x, accountId)) expect(kept, name).toEqual(fresh);
    });

    it('the daily check repairs a corrupted membership, records sizes and leaves other accounts alone', async () => {
      const a = await shop(x, 'Check A');
      const b = await shop(x, 'Check B');
      const segA = await addSegment(x, a.accountId, 'Repeat', 'number_of_orders >= 2');
      const segB = await addSegment(x, b.accountId, 'Repeat', 'number_of_orders >= 2');
      for (const s of [a, b])
        for (const [i, who] of ['k1', 'k1', 'k2', 'k3', 'k3'].entries())
          await applyEvent(x.store, s.connectionId, {
            type: 'order.upserted',
            order: order(`k-o${i}`, { customer: customer(who), placedAt: daysAgo(5) }),
          });
      const members = (segmentId: string) =>
        x.h.rows<{ id: string }>('SELECT customer_id AS id FROM segment_members WHERE segment_id = :segmentId ORDER BY customer_id', {
          segmentId,
        });
      const k1 = (await customerIdOf(x, a.connectionId, 'k1'))!;
      const k2 = (await customerIdOf(x, a.connectionId, 'k2'))!;
      const k3 = (await customerIdOf(x, a.connectionId, 'k3'))!;
      expect((await members(segA.id)).map((r) => r.id)).toEqual([k1, k3].sort());
      const bBefore = await members(segB.id);
      expect(bBefore).toHaveLength(2);

      // Drift: k1 lost, k2 added behind the store's back.
      await x.h.run('DELETE FROM segment_members WHERE segment_id = :s AND customer_id = :c', { s: segA.id, c: k1 });
      await x.h.run('INSERT INTO segment_members (segment_id, customer_id, account_id, entered_at) VALUES (:s, :c, :a, :at)', {
        s: segA.id,
        c: k2,
        a: a.accountId,
        at: NOW.toISOString(),
      });

      const state = createJobState(x.h.database);
      const r = await checkAllMembership({ store: x.store, state }, NOW);
      expect(r.done).toBe(true);
      expect((await members(segA.id)).map((m) => m.id)).toEqual([k1, k3].sort());
      expect(await members(segB.id)).toEqual(bBefore);
      const repairs = async (c: string) =>
        (await timelineOf(x, c)).map((e) => ({ kind: e.kind, data: JSON.parse(e.data) })).filter((e) => e.data.repair);
      expect(await repairs(k1)).toEqual([{ kind: 'segment_entered', data: { segmentId: segA.id, name: 'Repeat', repair: true } }]);
      expect(await repairs(k2)).toEqual([{ kind: 'segment_left', data: { segmentId: segA.id, name: 'Repeat', repair: true } }]);
      const sizes = await x.h.rows<{ day: string; size: number }>('SELECT day, size FROM segment_sizes WHERE segment_id = :s', {
        s: segA.id,
      });
      expect(sizes.map((s) => ({ day: s.day, size: Number(s.size) }))).toEqual([{ day: '2026-07-01', size: 2 }]);

      // The day is done: another tick does nothing; the next day starts over.
      expect(await checkMembershipSlice({ store: x.store, state }, NOW)).toMatchObject({ accounts: 0, done: true });
      const tomorrow = new Date(NOW.getTime() + 86_400_000);
      const next = await checkMembershipSlice({ store: x.store, state }, tomorrow, 1);
      expect(next).toMatchObject({ accounts: 1, done: false });
    });
  });
}
