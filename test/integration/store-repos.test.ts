import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactCustomer } from '../../src/crm/compliance/compliance.service.ts';
import { erasureKeys } from '../../src/crm/compliance/erasure-keys.ts';
import type { Redemption, Reward } from '../../src/crm/loyalty/rewards.port.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { customer, order } from '../helpers/canonical.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// Every CRM repository through the store, on SQLite and on PostgreSQL: the repositories are one
// piece of code (db/sql executor), so each case must end the same on both databases.

const T0 = '2026-03-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`CRM repositories (${kind.name})`, () => {
    let h: StoreHarness;
    let erasures = 0;
    let accountId: string;
    let shopA: string;
    let shopB: string;

    beforeAll(async () => {
      h = await kind.open({
        afterErasure: () => {
          erasures++;
        },
      });
      accountId = await h.account('Repos', 'PKR');
      shopA = await h.connection(accountId, {
        platform: 'shopify',
        domain: `repos-a-${kind.name}.myshopify.com`,
        currency: 'PKR',
        country: 'PK',
      });
      shopB = await h.connection(accountId, {
        platform: 'woocommerce',
        domain: `https://repos-b-${kind.name}.example/`,
        currency: 'PKR',
        country: 'PK',
      });
    });
    afterAll(() => h.close());

    const profileOf = async (connectionId: string, externalId: string) =>
      (await h.store.transaction((r) => r.customers.findIdentity(connectionId, externalId)))!.customerId;

    it('counts spend net of refunds in the reporting currency only, never below zero per order', async () => {
      const shopper = customer('spender', { email: 'spender@example.pk' });
      await applyEvent(h.store, shopA, {
        type: 'order.upserted',
        order: order('s1', { customer: shopper, currency: 'PKR', totalMinor: 10_000, subtotalMinor: 10_000 }),
      });
      await applyEvent(h.store, shopA, {
        type: 'order.upserted',
        order: order('s2', { customer: shopper, currency: 'USD', totalMinor: 5_000, subtotalMinor: 5_000, placedAt: at(60) }),
      });
      await applyEvent(h.store, shopA, {
        type: 'order.upserted',
        order: order('s3', { customer: shopper, currency: 'PKR', totalMinor: 2_000, subtotalMinor: 2_000, placedAt: at(120) }),
      });
      // A refund in rupees on the first order; a refund larger than the third order's total.
      await applyEvent(h.store, shopA, {
        type: 'refund.created',
        refund: { externalId: 'r1', orderExternalId: 's1', amountMinor: 3_000, currency: 'PKR', reason: null, createdAt: at(30) },
      });
      await applyEvent(h.store, shopA, {
        type: 'refund.created',
        refund: { externalId: 'r2', orderExternalId: 's3', amountMinor: 2_500, currency: 'PKR', reason: null, createdAt: at(150) },
      });
      // The same refund delivered again is not counted twice.
      await applyEvent(h.store, shopA, {
        type: 'refund.created',
        refund: { externalId: 'r1', orderExternalId: 's1', amountMinor: 3_000, currency: 'PKR', reason: null, createdAt: at(30) },
      });
      const id = await profileOf(shopA, 'spender');
      const result = await h.store.transaction(async (r) => ({
        profile: await r.customers.get(accountId, id),
        spent: await r.orders.spentBetween(id, 'PKR', null, '2100-01-01T00:00:00.000Z'),
        spentLater: await r.orders.spentBetween(id, 'PKR', at(90), '2100-01-01T00:00:00.000Z'),
        refunds: (await r.orders.refundsOf(shopA, 's1')).map((x) => x.amountMinor),
        first: await r.orders.firstCountedId(id),
        ids: await r.orders.idsOfCustomer(id),
      }));
      expect(result.profile).toMatchObject({
        ordersCount: 3,
        amountSpentMinor: 7_000,
        firstOrderAt: '2026-02-01T00:00:00.000Z',
        lastOrderAt: at(120),
      });
      expect(result.spent).toBe(7_000);
      expect(result.spentLater).toBe(0);
      expect(result.refunds).toEqual([3_000]);
      expect(result.ids).toHaveLength(3);
      expect(result.first).toBe(result.ids[0]);
    });

    it('merges two profiles: history moves, the survivor keeps its own consent and address, stats add up', async () => {
      const address = {
        fingerprint: 'fp-1',
        name: 'Amna',
        line1: 'House 1',
        line2: null,
        city: 'Lahore',
        province: null,
        zip: null,
        countryCode: 'PK',
        phone: null,
      };
      await applyEvent(h.store, shopA, {
        type: 'order.upserted',
        order: order('m1', { customer: customer('ma', { email: 'ma@example.pk' }), currency: 'PKR', totalMinor: 4_000 }),
      });
      await applyEvent(h.store, shopB, {
        type: 'order.upserted',
        order: order('m2', { customer: customer('mb', { email: 'mb@example.pk' }), currency: 'PKR', totalMinor: 6_000 }),
      });
      const [into, from] = [await profileOf(shopA, 'ma'), await profileOf(shopB, 'mb')];
      const consent = (customerId: string, state: 'subscribed' | 'unsubscribed') => ({
        customerId,
        accountId,
        channel: 'email' as const,
        state,
        source: 'shopify',
        detail: null,
        decidedAt: T0,
        firstSubscribedAt: null,
        updatedAt: T0,
      });
      await h.store.transaction(async (r) => {
        await r.customers.upsertAddress(accountId, into, shopA, { ...address, phone: '+923001234567' }, T0);
        await r.customers.upsertAddress(accountId, from, shopB, address, T0);
        await r.customers.upsertAddress(accountId, from, shopB, { ...address, fingerprint: 'fp-2', city: 'Karachi' }, T0);
        await r.customers.replaceTags(accountId, from, shopB, ['vip', 'vip ', 'wholesale']);
        await r.consents.upsert(consent(into, 'unsubscribed'));
        await r.consents.upsert(consent(from, 'subscribed'));
        await r.customers.merge(accountId, from, into, 'same person', at(5));
      });
      const after = await h.store.transaction(async (r) => ({
        gone: await r.customers.get(accountId, from),
        into: await r.customers.get(accountId, into),
        identities: (await r.customers.identitiesOf(into)).map((i) => [i.externalId, i.linkedBy]).sort(),
        consent: (await r.consents.of(into)).map((c) => c.state),
        tags: (await r.customers.tagsOf(into)).sort(),
      }));
      expect(after.gone).toBeUndefined();
      expect(after.into).toMatchObject({ ordersCount: 2, amountSpentMinor: 10_000 });
      expect(after.identities).toEqual([
        ['ma', 'new'],
        ['mb', 'merge'],
      ]);
      expect(after.consent).toEqual(['unsubscribed']);
      expect(after.tags).toEqual(['vip', 'wholesale']);
      const addresses = await h.rows<{ fingerprint: string; phone: string | null }>(
        'SELECT fingerprint, phone FROM addresses WHERE customer_id = :into ORDER BY fingerprint',
        { into },
      );
      expect(addresses).toEqual([
        { fingerprint: 'fp-1', phone: '+923001234567' },
        { fingerprint: 'fp-2', phone: null },
      ]);
      expect(await h.rows('SELECT into_id FROM customer_merges WHERE from_id = :from', { from })).toEqual([{ into_id: into }]);
    });

    it('erases a person: profile blanked, tombstones only as hashes, inbox bodies scrubbed, the hook called after commit', async () => {
      const shopper = customer('4242', { email: 'erase.me@example.pk', phone: '+923331234567', firstName: 'Zara' });
      await applyEvent(h.store, shopA, {
        type: 'order.upserted',
        order: order('e1', { customer: shopper, email: 'erase.me@example.pk', phone: '+923331234567' }),
      });
      const id = await profileOf(shopA, '4242');
      const inbox = (body: string) =>
        h.run(
          `INSERT INTO webhook_inbox (account_id, connection_id, platform, topic, dedupe_key, body, received_at, status)
        VALUES (:accountId, :shopA, 'shopify', 'orders/create', :key, :body, :at, 'done')`,
          { accountId, shopA, key: `k${body.length}`, body, at: T0 },
        );
      await inbox('{"email":"ERASE.ME@example.pk"}');
      await inbox('{"phone": "0333-1234567"}');
      await inbox('{"id":9,\n "customer": {"id":4242, "first_name":"Zara"}}');
      await inbox('{"email":"someone.else@example.pk"}');
      const before = erasures;
      const connection = (await h.store.transaction((r) => r.connections.get(shopA)))!;
      await h.store.transaction((r) =>
        redactCustomer(r, connection, { externalId: '4242', email: 'erase.me@example.pk', phone: '+923331234567' }, ['e1'], at(10)),
      );
      expect(erasures).toBe(before + 1);
      const profile = await h.store.transaction((r) => r.customers.get(accountId, id));
      expect(profile).toMatchObject({ email: null, phone: null, firstName: null, redactedAt: at(10) });
      const bodies = (
        await h.rows<{ body: string | null }>('SELECT body FROM webhook_inbox WHERE connection_id = :shopA ORDER BY id', { shopA })
      ).map((r) => r.body);
      expect(bodies).toEqual([null, null, null, '{"email":"someone.else@example.pk"}']);
      const tombstones = await h.rows<{ key_hash: string }>('SELECT key_hash FROM erasure_tombstones WHERE account_id = :accountId', {
        accountId,
      });
      expect(tombstones.length).toBeGreaterThan(0);
      expect(JSON.stringify(tombstones)).not.toContain('erase.me');
      const erased = await h.store.transaction(async (r) => ({
        email: await r.compliance.isErased(accountId, erasureKeys({ connectionId: shopA, email: 'erase.me@example.pk' })),
        other: await r.compliance.isErased(accountId, erasureKeys({ connectionId: shopA, email: 'someone.else@example.pk' })),
        order: await r.orders.find(shopA, 'e1'),
      }));
      expect(erased).toMatchObject({ email: true, other: false, order: { email: null, phone: null } });
    });

    it('keeps rewards, redemptions, tiers, members and referrals the same on both databases', async () => {
      const id = await profileOf(shopA, 'spender');
      const friend = await profileOf(shopA, 'ma');
      const reward: Reward = {
        id: `rw_${kind.name}`,
        accountId,
        name: 'Rs 500 off',
        kind: 'fixed_amount',
        pointsCost: 500,
        amountMinor: 50_000,
        currency: 'PKR',
        percentage: null,
        productExternalId: null,
        minimumOrderMinor: null,
        limitPerCustomer: 2,
        tierIds: ['gold'],
        codeValidDays: 30,
        active: true,
        createdAt: T0,
        updatedAt: T0,
        deletedAt: null,
      };
      const redemption: Redemption = {
        id: `rd_${kind.name}`,
        accountId,
        customerId: id,
        rewardId: reward.id,
        connectionId: shopA,
        idempotencyKey: 'key-1',
        points: 500,
        status: 'pending',
        code: `CODE-${kind.name}`,
        externalId: null,
        failureReason: null,
        attempts: 0,
        reward: {
          name: reward.name,
          kind: reward.kind,
          pointsCost: 500,
          amountMinor: 50_000,
          currency: 'PKR',
          percentage: null,
          productExternalId: null,
          minimumOrderMinor: null,
          codeValidDays: 30,
        },
        createdAt: T0,
        issuedAt: null,
        expiresAt: null,
        usedAt: null,
        usedOrderId: null,
        closedAt: null,
      };
      const result = await h.store.transaction(async (r) => {
        await r.loyalty.rewards.insert(reward);
        await r.loyalty.rewards.update(accountId, reward.id, { active: false, tierIds: [], updatedAt: at(1) });
        await r.loyalty.redemptions.insert(redemption);
        const moved = await r.loyalty.redemptions.transition(
          redemption.id,
          { status: 'pending', attempts: 0 },
          { status: 'issued', attempts: 1, issuedAt: at(2), expiresAt: at(3) },
        );
        const stale = await r.loyalty.redemptions.transition(redemption.id, { status: 'pending', attempts: 0 }, { status: 'failed' });
        await r.loyalty.tiers.insert({
          id: `t_${kind.name}`,
          accountId,
          name: 'Gold',
          threshold: 5_000_000_000,
          multiplier: 1.5,
          entryPoints: 100,
          perks: null,
          createdAt: T0,
          updatedAt: T0,
          deletedAt: null,
        });
        await r.loyalty.members.insert({
          customerId: id,
          accountId,
          referralCode: `REF${kind.name}`,
          tierId: null,
          tierSince: null,
          birthday: '03-01',
          birthdaySetByShopperAt: null,
          lastActivityAt: null,
          joinedAt: T0,
        });
        await r.loyalty.members.update(id, { tierId: `t_${kind.name}`, tierSince: at(4) });
        for (const [n, status] of [
          [1, 'pending'],
          [2, 'blocked'],
          [3, 'pending'],
        ] as const) {
          await r.loyalty.referrals.insert({
            id: `rf${n}_${kind.name}`,
            accountId,
            advocateId: id,
            friendId: n === 1 ? friend : null,
            friendEmail: n === 3 ? 'friend@example.pk' : null,
            friendPhone: null,
            ipHash: 'ip',
            orderId: null,
            status,
            block: status === 'blocked' ? { code: 'ip_limit', message: 'Too many: from one place' } : null,
            createdAt: at(n),
            decidedAt: null,
            decidedBy: null,
          });
        }
        const page1 = await r.loyalty.referrals.list(accountId, { first: 2 });
        return {
          reward: await r.loyalty.rewards.get(accountId, reward.id),
          listed: (await r.loyalty.rewards.list(accountId)).map((x) => x.id),
          redemption: await r.loyalty.redemptions.byCode(accountId, redemption.code),
          moved,
          stale,
          counted: await r.loyalty.redemptions.countTowardsLimit(id, reward.id),
          expired: (await r.loyalty.redemptions.expiredIssued(at(3), 10)).map((x) => x.id),
          tiers: await r.loyalty.tiers.list(accountId),
          member: await r.loyalty.members.get(id),
          birthdays: (await r.loyalty.members.page(accountId, { birthdays: ['03-01', '12-31'], tiered: true }, null, 10)).map(
            (m) => m.customerId,
          ),
          noBirthdays: await r.loyalty.members.page(accountId, { birthdays: [] }, null, 10),
          forFriend: (
            await r.loyalty.referrals.forFriend(accountId, { customerId: friend, email: 'friend@example.pk', phone: null }, ['pending'])
          ).map((x) => x.id),
          fromIp: await r.loyalty.referrals.countFromIp(accountId, 'ip', at(2)),
          page1: page1.rows.map((x) => x.id),
          more: page1.hasNextPage,
          page2: (await r.loyalty.referrals.list(accountId, { first: 2, after: page1.rows[1]!.id })).rows.map((x) => [x.id, x.block]),
          blocked: (await r.loyalty.referrals.list(accountId, { first: 5, status: 'blocked' })).rows.map((x) => x.id),
        };
      });
      const k = kind.name;
      expect(result.reward).toEqual({ ...reward, active: false, tierIds: [], updatedAt: at(1) });
      expect(result.listed).toEqual([reward.id]);
      expect(result.redemption).toEqual({ ...redemption, status: 'issued', attempts: 1, issuedAt: at(2), expiresAt: at(3) });
      expect([result.moved, result.stale, result.counted]).toEqual([true, false, 1]);
      expect(result.expired).toEqual([redemption.id]);
      expect(result.tiers).toEqual([
        {
          id: `t_${k}`,
          accountId,
          name: 'Gold',
          threshold: 5_000_000_000,
          multiplier: 1.5,
          entryPoints: 100,
          perks: null,
          createdAt: T0,
          updatedAt: T0,
          deletedAt: null,
        },
      ]);
      expect(result.member).toMatchObject({ tierId: `t_${k}`, tierSince: at(4), birthday: '03-01' });
      expect(result.birthdays).toEqual([id]);
      expect(result.noBirthdays).toEqual([]);
      expect(result.forFriend).toEqual([`rf1_${k}`, `rf3_${k}`]);
      expect(result.fromIp).toBe(2);
      expect([result.page1, result.more]).toEqual([[`rf3_${k}`, `rf2_${k}`], true]);
      expect(result.page2).toEqual([[`rf1_${k}`, null]]);
      expect(result.blocked).toEqual([`rf2_${k}`]);
    });

    it('reads the ledger the same way: balances, sources held, windows', async () => {
      const id = await profileOf(shopA, 'spender');
      const entry = (n: number, reason: string, available: number, pending = 0) =>
        ({
          accountId,
          customerId: id,
          reason,
          state: 'settled',
          points: available + pending,
          pendingDelta: pending,
          availableDelta: available,
          forgiven: 0,
          sourceType: 'manual',
          sourceId: `src${n % 2}`,
          programVersion: null,
          note: null,
          actor: 'test',
          dedupeKey: `test:${n}`,
          occurredAt: at(n),
          createdAt: at(n),
        }) as never;
      const result = await h.store.transaction(async (r) => {
        const ledger = r.loyalty.ledger;
        const fresh = [await ledger.append(entry(1, 'manual', 100)), await ledger.append(entry(1, 'manual', 100))];
        await ledger.append(entry(2, 'manual', 0, 40));
        await ledger.append(entry(3, 'redemption', -30));
        return {
          fresh,
          balance: await ledger.balance(id),
          earned: await ledger.earnedBetween(id, null, '2100-01-01T00:00:00.000Z'),
          held: (await ledger.sourcesHeld(accountId, id, 'manual')).sort(),
          totals: await ledger.sourceTotals(accountId, id, 'manual', 'src1'),
          flows: await ledger.availableFlows(id),
        };
      });
      expect(result.fresh).toEqual([true, false]);
      expect(result.balance).toMatchObject({ pending: 40 });
      expect(result.held).toEqual(['src0', 'src1']);
      expect(result.totals).toEqual({ pending: 0, available: 70, forgiven: 0, entries: 2 });
      expect(result.flows.debited).toBeGreaterThanOrEqual(30);
      expect(result.flows.credits.at(-1)).toEqual({ occurredAt: at(1), points: 100 });
      expect(result.earned).toBe(result.balance.lifetimeEarned);
    });
  });
}
