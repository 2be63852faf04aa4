import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalEvent, CanonicalOrder } from '../../src/crm/events.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import type { PointsCampaign } from '../../src/crm/loyalty/points-campaigns.port.ts';
import {
  campaignPresets,
  cancelCampaign,
  createCampaign,
  updateCampaign,
  type CampaignInput,
} from '../../src/crm/loyalty/points-campaigns.service.ts';
import { shopperCampaigns } from '../../src/crm/loyalty/points-campaigns.service.ts';
import { programSettings } from '../../src/crm/loyalty/program.settings.ts';
import { keepingSegmentMembership } from '../../src/crm/segments/membership.store.ts';
import { parseSegmentQuery } from '../../src/crm/segments/segment-query.parser.ts';
import { printSegmentQuery } from '../../src/crm/segments/segment-query.printer.ts';
import type { CrmStore } from '../../src/crm/store.port.ts';
import { newId } from '../../src/lib/ids.ts';
import { customer, order } from '../helpers/canonical.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// Points campaigns through the real ingest path (applyEvent over the store as the runtime wires
// it), on both databases: the window's edges in the shop's time zone (Asia/Karachi, UTC+5),
// audiences by segment and tier, COD pending until delivery, refunds, duplicates, overlaps,
// cancellation, and audience membership judged once when the order is first awarded.

// Campaigns are created "before" their windows; orders are processed later, at NOW.
const CREATED = '2026-02-01T00:00:00.000Z';
const NOW = '2026-06-01T00:00:00.000Z';
const KARACHI = 'Asia/Karachi';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`points campaigns (${kind.name})`, () => {
    let h: StoreHarness;
    let store: CrmStore;
    let shops = 0;
    beforeAll(async () => {
      h = await kind.open();
      store = keepingSegmentMembership(h.store, () => new Date(NOW));
    });
    afterAll(() => h.close());

    async function shop() {
      const accountId = await h.account(`Campaign shop ${++shops}`, 'PKR');
      const connectionId = await h.connection(accountId, {
        platform: 'shopify',
        domain: `campaign-${shops}-${kind.name}.myshopify.com`,
        currency: 'PKR',
        country: 'PK',
        timezone: KARACHI,
      });
      await store.transaction((repos) =>
        repos.loyalty.programs.save(
          accountId,
          // 1 point per PKR 100; cash on delivery earns on delivery.
          programSettings.parse({
            earnOrdersPlacedFrom: '2026-01-01T00:00:00.000Z',
            earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
          }),
          null,
          CREATED,
        ),
      );
      const apply = (event: CanonicalEvent) => applyEvent(store, connectionId, event, NOW);
      const campaign = async (input: CampaignInput, at = CREATED): Promise<PointsCampaign> => {
        const r = await store.transaction((repos) => createCampaign(repos, accountId, input, at));
        if (r.outcome !== 'saved') throw new Error(JSON.stringify(r));
        return r.campaign;
      };
      const ledger = async () => {
        const [row] = await h.rows<{ id: string }>(
          "SELECT id FROM customers WHERE account_id = :accountId AND email = 'amna@example.com'",
          {
            accountId,
          },
        );
        if (!row) return { balance: { available: 0, pending: 0 }, entries: [] };
        return store.transaction(async (repos) => ({
          balance: await repos.loyalty.ledger.balance(row.id),
          entries: (await repos.loyalty.ledger.page(row.id, { limit: 1000 })).reverse(),
        }));
      };
      return { accountId, connectionId, apply, campaign, ledger };
    }

    /** PKR 10,000.00 (100 points), by card and paid unless told otherwise. */
    const pkOrder = (id: string, placedAt: string, over: Partial<CanonicalOrder> = {}): CanonicalOrder =>
      order(id, {
        customer: customer('c1', { email: 'amna@example.com' }),
        email: 'amna@example.com',
        currency: 'PKR',
        totalMinor: 1_000_000,
        subtotalMinor: 1_000_000,
        placedAt,
        paidAt: placedAt,
        updatedAt: placedAt,
        lineItems: [
          {
            externalId: `${id}-l1`,
            productId: 'p1',
            variantId: null,
            sku: null,
            title: 'Kurta',
            quantity: 1,
            priceMinor: 1_000_000,
            totalMinor: 1_000_000,
            giftCard: false,
          },
        ],
        ...over,
      });
    const upsert = (o: CanonicalOrder): CanonicalEvent => ({ type: 'order.upserted', order: o });
    const extraOf = (entries: Array<{ sourceType: string | null; availableDelta: number; pendingDelta: number }>) => ({
      available: entries.filter((e) => e.sourceType?.startsWith('campaign:')).reduce((s, e) => s + e.availableDelta, 0),
      pending: entries.filter((e) => e.sourceType?.startsWith('campaign:')).reduce((s, e) => s + e.pendingDelta, 0),
    });

    it('takes the window in the shop’s time zone: [startsAt, endsAt) by the order’s placed time', async () => {
      const s = await shop();
      const c = await s.campaign({
        name: 'Eid double points',
        kind: 'multiplier',
        multiplier: 2,
        startsAt: '2026-03-17T00:00',
        endsAt: '2026-03-23T00:00',
      });
      // Midnight in Karachi is 19:00 UTC the day before.
      expect(c.startsAt).toBe('2026-03-16T19:00:00.000Z');
      expect(c.endsAt).toBe('2026-03-22T19:00:00.000Z');
      expect(c.timeZone).toBe(KARACHI);
      await s.apply(upsert(pkOrder('before', '2026-03-16T18:59:59.999Z')));
      await s.apply(upsert(pkOrder('first', '2026-03-16T19:00:00.000Z')));
      await s.apply(upsert(pkOrder('last', '2026-03-22T18:59:59.999Z')));
      await s.apply(upsert(pkOrder('after', '2026-03-22T19:00:00.000Z')));
      const { balance, entries } = await s.ledger();
      expect(balance).toMatchObject({ available: 4 * 100 + 2 * 100, pending: 0 });
      const extra = entries.filter((e) => e.reason === 'campaign');
      expect(extra.map((e) => [e.sourceType, e.availableDelta])).toEqual([
        [`campaign:${c.id}`, 100],
        [`campaign:${c.id}`, 100],
      ]);
      // The history names the campaign.
      expect(extra[0]!.note).toContain('Eid double points');
      const results = await store.transaction((repos) => repos.loyalty.campaigns.results(s.accountId, c.id, 'PKR'));
      expect(results).toEqual({ orders: 2, revenueMinor: 2_000_000, pointsAwarded: 200, pointsPending: 0 });
    });

    it('keeps cash-on-delivery extra pending until delivery, takes back refunds in proportion, and counts duplicates once', async () => {
      const s = await shop();
      await s.campaign({ name: 'Diwali', kind: 'multiplier', multiplier: 3, startsAt: '2026-03-01T00:00', endsAt: '2026-04-01T00:00' });
      const placed = pkOrder('cod1', '2026-03-10T10:00:00.000Z', { paymentMethod: 'cod', paymentStatus: 'pending', paidAt: null });
      await s.apply(upsert(placed));
      await s.apply(upsert(placed)); // duplicate
      let l = await s.ledger();
      expect(l.balance).toMatchObject({ available: 0, pending: 300 });
      expect(extraOf(l.entries)).toEqual({ available: 0, pending: 200 });

      const delivered = {
        ...placed,
        fulfilmentStatus: 'delivered' as const,
        fulfilledAt: '2026-03-12T10:00:00.000Z',
        deliveredAt: '2026-03-12T10:00:00.000Z',
        updatedAt: '2026-03-12T10:00:00.000Z',
      };
      await s.apply(upsert(delivered));
      l = await s.ledger();
      expect(l.balance).toMatchObject({ available: 300, pending: 0 });
      expect(extraOf(l.entries)).toEqual({ available: 200, pending: 0 });

      // A quarter refunded: a quarter of the extra goes too; delivered twice more, nothing changes.
      const refund: CanonicalEvent = {
        type: 'refund.created',
        refund: {
          externalId: 'r1',
          orderExternalId: 'cod1',
          amountMinor: 250_000,
          currency: 'PKR',
          reason: null,
          createdAt: '2026-03-15T00:00:00.000Z',
        },
      };
      await s.apply(refund);
      await s.apply(refund);
      await s.apply(upsert(delivered));
      await s.apply(upsert(placed)); // late, out of order
      l = await s.ledger();
      expect(l.balance).toMatchObject({ available: 225, pending: 0 });
      expect(extraOf(l.entries)).toEqual({ available: 150, pending: 0 });
      const count = l.entries.length;
      for (const e of [upsert(placed), upsert(delivered), refund]) await s.apply(e);
      expect((await s.ledger()).entries.length).toBe(count);

      // Returned to sender: the extra goes with the order's points.
      await s.apply(upsert({ ...delivered, fulfilmentStatus: 'returned', updatedAt: '2026-03-20T00:00:00.000Z' }));
      l = await s.ledger();
      expect(l.balance.available).toBe(0);
      expect(extraOf(l.entries)).toEqual({ available: 0, pending: 0 });
    });

    it('overlapping campaigns: the highest multiplier wins, bonuses add (a bonus’s minimum in the account currency)', async () => {
      const s = await shop();
      const double = await s.campaign({
        name: 'Double',
        kind: 'multiplier',
        multiplier: 2,
        startsAt: '2026-03-01T00:00',
        endsAt: '2026-04-01T00:00',
      });
      const triple = await s.campaign({
        name: 'Triple',
        kind: 'multiplier',
        multiplier: 3,
        startsAt: '2026-03-10T00:00',
        endsAt: '2026-03-20T00:00',
      });
      const bonus = await s.campaign({
        name: 'Bonus 50',
        kind: 'bonus',
        bonusPoints: 50,
        startsAt: '2026-03-01T00:00',
        endsAt: '2026-04-01T00:00',
      });
      const big = await s.campaign({
        name: 'Big basket',
        kind: 'bonus',
        bonusPoints: 30,
        minOrderAmount: '5000',
        startsAt: '2026-03-01T00:00',
        endsAt: '2026-04-01T00:00',
      });
      await s.apply(upsert(pkOrder('both', '2026-03-15T10:00:00.000Z'))); // triple + both bonuses
      await s.apply(upsert(pkOrder('small', '2026-03-05T10:00:00.000Z', { totalMinor: 400_000, subtotalMinor: 400_000, lineItems: [] })));
      const { entries } = await s.ledger();
      const bySource = (id: string) => entries.filter((e) => e.sourceType === `campaign:${id}`).reduce((s, e) => s + e.availableDelta, 0);
      expect(bySource(triple.id)).toBe(200);
      // "small" has no lines (its basis is 0): double adds nothing, the flat bonus still applies, the minimum is not met.
      expect(bySource(double.id)).toBe(0);
      expect(bySource(bonus.id)).toBe(100);
      expect(bySource(big.id)).toBe(30);
    });

    it('audiences by segment and by tier, judged once when the order is first awarded', async () => {
      const s = await shop();
      const parsed = parseSegmentQuery("tags CONTAINS 'vip'");
      if (!parsed.ok) throw new Error('bad query');
      const segmentId = newId('seg');
      const tierId = newId('tier');
      await store.transaction(async (repos) => {
        await repos.segments.insert({
          id: segmentId,
          accountId: s.accountId,
          name: 'VIPs',
          query: printSegmentQuery(parsed.query),
          builtIn: null,
          syncTag: null,
          createdAt: CREATED,
          updatedAt: CREATED,
        });
        await repos.loyalty.tiers.insert({
          id: tierId,
          accountId: s.accountId,
          name: 'Gold',
          threshold: 1_000_000,
          multiplier: 1,
          entryPoints: 0,
          perks: null,
          createdAt: CREATED,
          updatedAt: CREATED,
          deletedAt: null,
        });
      });
      const bySegment = await s.campaign({
        name: 'VIP bonus',
        kind: 'bonus',
        bonusPoints: 40,
        audience: { type: 'segment', id: segmentId },
        startsAt: '2026-03-01T00:00',
        endsAt: '2026-04-01T00:00',
      });
      const byTier = await s.campaign({
        name: 'Gold double',
        kind: 'multiplier',
        multiplier: 2,
        audience: { type: 'tier', id: tierId },
        startsAt: '2026-03-01T00:00',
        endsAt: '2026-04-01T00:00',
      });
      const vip = customer('c1', { email: 'amna@example.com', tags: ['vip'], updatedAt: '2026-02-02T00:00:00.000Z' });
      await s.apply({ type: 'customer.upserted', customer: vip });
      await s.apply(upsert(pkOrder('o1', '2026-03-05T10:00:00.000Z', { customer: vip })));
      let l = await s.ledger();
      expect(extraOf(l.entries).available).toBe(40); // in the segment, not in the tier

      // Now Gold, and out of the segment.
      const plain = { ...vip, tags: [], updatedAt: '2026-03-06T00:00:00.000Z' };
      await s.apply({ type: 'customer.upserted', customer: plain });
      const [row] = await h.rows<{ id: string }>('SELECT id FROM customers WHERE account_id = :accountId', { accountId: s.accountId });
      await store.transaction((repos) => repos.loyalty.members.update(row!.id, { tierId, tierSince: '2026-03-06T00:00:00.000Z' }));
      await s.apply(upsert(pkOrder('o2', '2026-03-07T10:00:00.000Z', { customer: plain })));
      // o1 replayed after the shopper left the segment: its bonus stays, decided when it was first awarded.
      await s.apply(upsert(pkOrder('o1', '2026-03-05T10:00:00.000Z', { customer: plain, updatedAt: '2026-03-08T00:00:00.000Z' })));
      l = await s.ledger();
      const bySource = (id: string) => l.entries.filter((e) => e.sourceType === `campaign:${id}`).reduce((s, e) => s + e.availableDelta, 0);
      expect(bySource(bySegment.id)).toBe(40);
      expect(bySource(byTier.id)).toBe(100);
      expect(l.balance.available).toBe(200 + 140);

      // A guest sees only campaigns for everyone; this shopper sees the Gold one now.
      const guest = await store.transaction((repos) => shopperCampaigns(repos, s.accountId, null, '2026-03-10T00:00:00.000Z'));
      expect(guest).toEqual([]);
      const member = await store.transaction((repos) => shopperCampaigns(repos, s.accountId, row!.id, '2026-03-10T00:00:00.000Z'));
      expect(member.map((c) => c.name)).toEqual(['Gold double']);
    });

    it('cancelling ends the window at that instant: orders placed before still earn, even arriving late', async () => {
      const s = await shop();
      const c = await s.campaign({
        name: 'Ramadan',
        kind: 'multiplier',
        multiplier: 2,
        startsAt: '2026-03-01T00:00',
        endsAt: '2026-04-01T00:00',
      });
      const cancelled = await store.transaction((repos) => cancelCampaign(repos, s.accountId, c.id, '2026-03-10T00:00:00.000Z'));
      expect(cancelled.outcome).toBe('saved');
      // Placed after the cancellation: nothing extra.
      await s.apply(upsert(pkOrder('late-placed', '2026-03-11T00:00:00.000Z')));
      // Placed before it, delivered to us only now.
      await s.apply(upsert(pkOrder('early-placed', '2026-03-09T23:59:00.000Z')));
      const { entries } = await s.ledger();
      expect(extraOf(entries).available).toBe(100);
      // A cancelled campaign cannot be cancelled or changed again.
      const again = await store.transaction((repos) => cancelCampaign(repos, s.accountId, c.id, '2026-03-12T00:00:00.000Z'));
      expect(again.outcome).toBe('conflict');
    });

    it('validates: no window in the past, terms fixed once running, audiences of this shop only', async () => {
      const s = await shop();
      const other = await shop();
      const past = await store.transaction((repos) =>
        createCampaign(
          repos,
          s.accountId,
          { name: 'x', kind: 'multiplier', multiplier: 2, startsAt: '2026-01-01T00:00', endsAt: '2026-01-05T00:00' },
          CREATED,
        ),
      );
      expect(past.outcome).toBe('invalid');
      const foreignTier = newId('tier');
      await store.transaction((repos) =>
        repos.loyalty.tiers.insert({
          id: foreignTier,
          accountId: other.accountId,
          name: 'Other',
          threshold: 1,
          multiplier: 1,
          entryPoints: 0,
          perks: null,
          createdAt: CREATED,
          updatedAt: CREATED,
          deletedAt: null,
        }),
      );
      const foreign = await store.transaction((repos) =>
        createCampaign(
          repos,
          s.accountId,
          {
            name: 'x',
            kind: 'multiplier',
            multiplier: 2,
            audience: { type: 'tier', id: foreignTier },
            startsAt: '2026-03-01T00:00',
            endsAt: '2026-03-05T00:00',
          },
          CREATED,
        ),
      );
      expect(foreign).toMatchObject({ outcome: 'invalid', issues: [{ path: 'audience.id' }] });
      const c = await s.campaign({
        name: 'Sale',
        kind: 'multiplier',
        multiplier: 2,
        startsAt: '2026-03-01T00:00',
        endsAt: '2026-03-05T00:00',
      });
      const running = '2026-03-02T00:00:00.000Z';
      const locked = await store.transaction((repos) => updateCampaign(repos, s.accountId, c.id, { multiplier: 3 }, running));
      expect(locked.outcome).toBe('conflict');
      const renamed = await store.transaction((repos) =>
        updateCampaign(
          repos,
          s.accountId,
          c.id,
          { name: 'Big sale', endsAt: '2026-03-06T00:00', messages: { ur: 'ڈبل پوائنٹس' } },
          running,
        ),
      );
      expect(renamed).toMatchObject({
        outcome: 'saved',
        campaign: { name: 'Big sale', endsAt: '2026-03-05T19:00:00.000Z', messages: { ur: 'ڈبل پوائنٹس' } },
      });
      // Another shop cannot see it.
      expect(await store.transaction((repos) => repos.loyalty.campaigns.get(other.accountId, c.id))).toBeUndefined();
    });

    it('presets fill the next occurrence in the shop’s calendar', async () => {
      const s = await shop();
      const presets = await store.transaction((repos) => campaignPresets(repos, s.accountId, '2026-12-02T00:00:00.000Z'));
      const byKey = Object.fromEntries(presets.map((p) => [p.key, p]));
      expect(byKey.ramadan).toMatchObject({
        startsAt: '2027-02-08T00:00',
        endsAt: '2027-03-10T00:00',
        approximate: true,
        timeZone: KARACHI,
      });
      expect(byKey.black_friday).toMatchObject({ startsAt: '2027-11-26T00:00', endsAt: '2027-11-30T00:00', approximate: false });
      expect(byKey.singles_day).toMatchObject({ multiplier: 3, startsAt: '2027-11-11T00:00' });
      expect(byKey.diwali).toMatchObject({ startsAt: '2027-10-27T00:00' });
      const made = await store.transaction((repos) =>
        createCampaign(repos, s.accountId, { preset: 'eid_ul_fitr' }, '2026-12-02T00:00:00.000Z'),
      );
      expect(made).toMatchObject({
        outcome: 'saved',
        campaign: {
          name: 'Eid ul-Fitr double points',
          kind: 'multiplier',
          multiplier: 2,
          startsAt: '2027-03-06T19:00:00.000Z',
          preset: 'eid_ul_fitr',
        },
      });
    });
  });
}
