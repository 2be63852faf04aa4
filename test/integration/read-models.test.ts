import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerSort } from '../../src/crm/customers/customer-list.ts';
import { decodeCursor, type Cursor, type CustomerFilters } from '../../src/crm/customers/customer-list.ts';
import type { CustomerQueriesPort, ListedCustomer } from '../../src/crm/customers/customer-queries.port.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { createLoyaltyWritebackQuery } from '../../src/db/loyalty-writeback.query.ts';
import { createOnboardingRepo } from '../../src/db/onboarding.repo.ts';
import {
  createAnalyticsQueries,
  createCustomerNotesRepo,
  createCustomerQueries,
  createDataRequestQueries,
} from '../../src/db/read-models.ts';
import { query } from '../../src/db/sql/executor.ts';
import { customer, order } from '../helpers/canonical.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// The admin read models (db/read-models.ts and db/queries/), onboarding and the loyalty
// write-back query on SQLite and on PostgreSQL: one SQL text, so every case must read the same
// on both databases (orders, NULL placement, cursors, sums as numbers, UTC days).

const day = (d: number, time = '10:00:00.000') => `2026-02-0${d}T${time}Z`;

type Seeded = { ayesha: string; aisha: string; bilal: string; zara: string; omer: string; other: string };

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`admin read models (${kind.name})`, () => {
    let h: StoreHarness;
    let accountId: string;
    let otherAccount: string;
    let shopA: string;
    let shopB: string;
    let queries: CustomerQueriesPort;
    const ids = {} as Seeded;

    const profileOf = async (connectionId: string, externalId: string) =>
      (await h.store.transaction((r) => r.customers.findIdentity(connectionId, externalId)))!.customerId;

    beforeAll(async () => {
      h = await kind.open();
      queries = createCustomerQueries(h.database);
      accountId = await h.account('Read models', 'PKR');
      otherAccount = await h.account('Elsewhere', 'PKR');
      shopA = await h.connection(accountId, { platform: 'shopify', domain: `rm-a-${kind.name}.myshopify.com`, currency: 'PKR' });
      shopB = await h.connection(accountId, { platform: 'woocommerce', domain: `https://rm-b-${kind.name}.example/`, currency: 'PKR' });
      const shopOther = await h.connection(otherAccount, {
        platform: 'shopify',
        domain: `rm-o-${kind.name}.myshopify.com`,
        currency: 'PKR',
      });

      const ayesha = customer('ayesha', {
        email: 'ayesha@example.pk',
        firstName: 'Ayesha',
        lastName: 'Khan',
        tags: ['vip', 'wholesale'],
        addresses: [
          { name: 'Ayesha', line1: 'House 1', line2: null, city: 'Lahore', province: null, zip: null, countryCode: 'PK', phone: null },
        ],
      });
      await applyEvent(h.store, shopA, {
        type: 'order.upserted',
        order: order('a1', { customer: ayesha, currency: 'PKR', totalMinor: 10_000, placedAt: day(1) }),
      });
      await applyEvent(h.store, shopA, {
        type: 'order.upserted',
        order: order('a2', {
          customer: ayesha,
          currency: 'PKR',
          totalMinor: 5_000,
          placedAt: day(3, '23:30:00.000'),
          paymentMethod: 'cod',
        }),
      });
      await applyEvent(h.store, shopA, {
        type: 'refund.created',
        refund: { externalId: 'ra1', orderExternalId: 'a1', amountMinor: 1_000, currency: 'PKR', reason: null, createdAt: day(2) },
      });
      const aisha = customer('aisha', { email: 'aisha@example.pk', firstName: 'عائشہ', lastName: 'ملک' });
      await applyEvent(h.store, shopB, {
        type: 'order.upserted',
        order: order('b1', { customer: aisha, currency: 'PKR', totalMinor: 20_000, placedAt: day(2, '00:00:00.000') }),
      });
      await applyEvent(h.store, shopB, {
        type: 'order.upserted',
        order: order('b2', { customer: aisha, currency: 'USD', totalMinor: 3_000, placedAt: day(2, '12:00:00.000') }),
      });
      await applyEvent(h.store, shopA, {
        type: 'customer.upserted',
        customer: customer('bilal', { email: 'bilal@example.pk', firstName: 'Bilal' }),
      });
      // Only a test order and a cancelled one: nothing counts, no last order.
      const zara = customer('zara', { email: 'zara@example.pk', firstName: 'Zara' });
      await applyEvent(h.store, shopA, {
        type: 'order.upserted',
        order: order('z1', { customer: zara, currency: 'PKR', test: true, placedAt: day(2) }),
      });
      await applyEvent(h.store, shopA, {
        type: 'order.upserted',
        order: order('z2', { customer: zara, currency: 'PKR', status: 'cancelled', cancelledAt: day(2, '11:00:00.000'), placedAt: day(2) }),
      });
      const omer = customer('omer', { email: 'omer@example.com', firstName: 'Ömer', lastName: 'Öztürk' });
      await applyEvent(h.store, shopA, {
        type: 'order.upserted',
        order: order('o1', { customer: omer, currency: 'PKR', totalMinor: 5_000, placedAt: day(3) }),
      });
      await applyEvent(h.store, shopOther, {
        type: 'order.upserted',
        order: order('x1', {
          customer: customer('other', { email: 'other@example.pk', firstName: 'Ayesha' }),
          currency: 'PKR',
          placedAt: day(2),
        }),
      });
      Object.assign(ids, {
        ayesha: await profileOf(shopA, 'ayesha'),
        aisha: await profileOf(shopB, 'aisha'),
        bilal: await profileOf(shopA, 'bilal'),
        zara: await profileOf(shopA, 'zara'),
        omer: await profileOf(shopA, 'omer'),
        other: await profileOf(shopOther, 'other'),
      });
    });
    afterAll(() => h.close());

    /** Every id of the list, page after page of `first`, following the cursors. */
    async function walk(sort: CustomerSort, descending: boolean, o: { query?: string; filters?: CustomerFilters; first?: number } = {}) {
      const out: ListedCustomer[] = [];
      let after: Cursor | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const page = await queries.list(accountId, { sort, descending, first: o.first ?? 2, after, query: o.query, filters: o.filters });
        out.push(...page.rows);
        if (!page.hasNextPage) return out;
        after = decodeCursor(page.endCursor!)!;
      }
      throw new Error('the list never ended');
    }
    const names = (rows: ListedCustomer[]) => rows.map((r) => r.firstName);

    it('sorts by last order with undated customers last descending and first ascending, ties by id, across pages', async () => {
      const undated = [ids.bilal, ids.zara].sort();
      const desc = await walk('lastOrderAt', true);
      expect(desc.map((r) => r.id)).toEqual([ids.ayesha, ids.omer, ids.aisha, ...[...undated].reverse()]);
      const asc = await walk('lastOrderAt', false);
      expect(asc.map((r) => r.id)).toEqual([...undated, ids.aisha, ids.omer, ids.ayesha]);
      // Both directions, any page size: the same rows, each once.
      for (const first of [1, 3, 10]) expect((await walk('lastOrderAt', true, { first })).map((r) => r.id)).toEqual(desc.map((r) => r.id));
      expect(desc[0]).toMatchObject({
        email: 'ayesha@example.pk',
        numberOfOrders: 2,
        amountSpentMinor: 14_000,
        currency: 'PKR',
        lastOrderAt: day(3, '23:30:00.000'),
      });
      expect(typeof desc[0]!.amountSpentMinor).toBe('number');
    });

    it('sorts by spend and by order count with ties broken by id, and by name bytewise', async () => {
      const spent = await walk('amountSpent', true);
      const tied = [ids.bilal, ids.zara].sort().reverse();
      expect(spent.map((r) => r.id)).toEqual([ids.aisha, ids.ayesha, ids.omer, ...tied]);
      expect(spent.map((r) => r.sortValue)).toEqual([20_000, 14_000, 5_000, 0, 0]);
      // Aisha's USD order counts as an order (not as spend): two orders, as Ayesha.
      const byCount = await walk('numberOfOrders', false);
      expect(byCount.map((r) => r.id)).toEqual([...[ids.bilal, ids.zara].sort(), ids.omer, ...[ids.aisha, ids.ayesha].sort()]);
      expect(byCount.map((r) => r.numberOfOrders)).toEqual([0, 0, 1, 2, 2]);
      // search_text is lower-cased; byte order puts Latin before Latin-1 before Arabic script.
      expect(names(await walk('name', false))).toEqual(['Ayesha', 'Bilal', 'Zara', 'Ömer', 'عائشہ']);
      expect(names(await walk('name', true, { first: 3 }))).toEqual(['عائشہ', 'Ömer', 'Zara', 'Bilal', 'Ayesha']);
    });

    it('filters by tags, tier, counts, spend, last order and payment method, within the account only', async () => {
      const ids_ = async (filters: CustomerFilters) => (await walk('createdAt', false, { filters })).map((r) => r.id).sort();
      expect(await ids_({ tags: ['vip', 'nobody'] })).toEqual([ids.ayesha]);
      expect(await ids_({ minOrders: 1, maxOrders: 1 })).toEqual([ids.omer]);
      expect(await ids_({ minOrders: 2 })).toEqual([ids.ayesha, ids.aisha].sort());
      expect(await ids_({ minSpentMinor: 5_000, maxSpentMinor: 14_000 })).toEqual([ids.ayesha, ids.omer].sort());
      expect(await ids_({ lastOrderFrom: day(3, '00:00:00.000'), lastOrderBefore: day(4) })).toEqual([ids.ayesha, ids.omer].sort());
      expect(await ids_({ lastOrderBefore: day(3, '00:00:00.000') })).toEqual([ids.aisha]);
      expect(await ids_({ paymentMethod: 'cod' })).toEqual([ids.ayesha]);
      // Zara's card orders are a test and a cancelled one: they never count.
      expect(await ids_({ paymentMethod: 'card' })).toEqual([ids.ayesha, ids.aisha, ids.omer].sort());
      await h.store.transaction(async (r) => {
        await r.loyalty.tiers.insert({
          id: `gold_${kind.name}`,
          accountId,
          name: 'Gold',
          threshold: 10_000,
          multiplier: 1,
          entryPoints: 0,
          perks: null,
          createdAt: day(1),
          updatedAt: day(1),
          deletedAt: null,
        });
        for (const [customerId, tierId] of [
          [ids.ayesha, `gold_${kind.name}`],
          [ids.bilal, null],
        ] as const)
          await r.loyalty.members.insert({
            customerId,
            accountId,
            referralCode: `R${customerId.slice(-8)}`,
            tierId,
            tierSince: tierId ? day(3) : null,
            birthday: null,
            birthdaySetByShopperAt: null,
            lastActivityAt: null,
            joinedAt: day(1),
          });
      });
      expect(await ids_({ tier: `gold_${kind.name}` })).toEqual([ids.ayesha]);
      expect(await ids_({ tier: 'none' })).toEqual([ids.aisha, ids.bilal, ids.zara, ids.omer].sort());
      expect(await ids_({ tags: ['vip'], minOrders: 3 })).toEqual([]);
    });

    it('searches the lower-cased text: Urdu, other scripts, any case, a substring of the email, never another account', async () => {
      const found = async (query: string) => (await walk('lastOrderAt', true, { query })).map((r) => r.id);
      expect(await found('عائشہ')).toEqual([ids.aisha]);
      expect(await found('ملک')).toEqual([ids.aisha]);
      expect(await found('ÖZTÜRK')).toEqual([ids.omer]);
      expect(await found('ömer')).toEqual([ids.omer]);
      expect(await found('AYESHA')).toEqual([ids.ayesha]);
      expect(await found('  Khan ')).toEqual([ids.ayesha]);
      // A substring search pages in the list's order (the dated, then the undated).
      expect(await found('@example.pk')).toEqual([ids.ayesha, ids.aisha, ...[ids.bilal, ids.zara].sort().reverse()]);
      // LIKE's wildcards are text here, not patterns.
      expect(await found('%')).toHaveLength(5);
      expect(await found('a_e')).toEqual([]);
      expect(await found('nobody')).toEqual([]);
    });

    // A generic plan (after five calls of a named statement) cannot see the search term: it walked
    // the sort index filtering every row instead of using the trigram index for a rare term.
    it.runIf(kind.name === 'pg')('sends a plan-each-call statement unnamed, so it is planned with its values', async () => {
      const statements = await h.database.transaction(async (x) => {
        await x.all(query("SELECT 'named' AS n"));
        await x.all(query("SELECT 'unnamed' AS n", { planEachCall: true }));
        return (await x.all<{ statement: string }>(query('SELECT statement FROM pg_prepared_statements'))).map((r) => r.statement);
      });
      expect(statements).toContain("SELECT 'named' AS n");
      expect(statements).not.toContain("SELECT 'unnamed' AS n");
    });

    it('exports in batches with the list order, the tags joined and the tier', async () => {
      const rows = [];
      let after: Cursor | undefined;
      for (;;) {
        const batch = await queries.exportBatch(accountId, { sort: 'lastOrderAt', descending: true, first: 2, after });
        rows.push(...batch.rows);
        if (!batch.next) break;
        after = batch.next;
      }
      expect(rows.map((r) => r.id)).toEqual((await walk('lastOrderAt', true)).map((r) => r.id));
      expect(rows[0]).toMatchObject({
        id: ids.ayesha,
        firstName: 'Ayesha',
        numberOfOrders: 2,
        amountSpentMinor: 14_000,
        firstOrderAt: day(1),
        lastOrderAt: day(3, '23:30:00.000'),
        tags: 'vip, wholesale',
      });
      expect(rows.find((r) => r.id === ids.aisha)).toMatchObject({ tags: null });
      const searched = await queries.exportBatch(accountId, { query: 'ömer', sort: 'name', descending: false, first: 10 });
      expect(searched).toEqual({ rows: [expect.objectContaining({ id: ids.omer, tags: null })], next: null });
    });

    it('reads a profile: identities, tags, addresses, spend per currency, recent orders; follows merges; other accounts get null', async () => {
      const p = (await queries.profile(accountId, ids.ayesha))!;
      expect(p.customer).toMatchObject({
        id: ids.ayesha,
        email: 'ayesha@example.pk',
        ordersCount: 2,
        amountSpentMinor: 14_000,
        redactedAt: null,
      });
      expect(p.identities).toEqual([
        expect.objectContaining({
          connectionId: shopA,
          store: `rm-a-${kind.name}.myshopify.com`,
          platform: 'shopify',
          externalId: 'ayesha',
          deletedAt: null,
        }),
      ]);
      expect(p.tags).toEqual(['vip', 'wholesale']);
      expect(p.addresses).toEqual([expect.objectContaining({ line1: 'House 1', city: 'Lahore', countryCode: 'PK' })]);
      expect(p.byCurrency).toEqual([{ currency: 'PKR', n: 2, spent: 14_000 }]);
      expect(p.recentOrders.map((o) => [o.name, o.totalMinor, o.refundedMinor])).toEqual([
        ['#a2', 5_000, 0],
        ['#a1', 10_000, 1_000],
      ]);
      expect((await queries.profile(accountId, ids.aisha))!.byCurrency).toEqual([
        { currency: 'PKR', n: 1, spent: 20_000 },
        { currency: 'USD', n: 1, spent: 3_000 },
      ]);
      const zara = (await queries.profile(accountId, ids.zara))!;
      expect(zara.byCurrency).toEqual([]);
      expect(zara.recentOrders.map((o) => (o as unknown as { test: boolean }).test).sort()).toEqual([false, true]);
      expect(await queries.profile(otherAccount, ids.ayesha)).toBeNull();
      expect(await queries.spendElsewhere([ids.aisha, ids.ayesha], 'PKR')).toEqual(
        new Map([[ids.aisha, [{ currency: 'USD', spent: 3_000 }]]]),
      );
      expect(await queries.spendElsewhere([], 'PKR')).toEqual(new Map());
      // An old id keeps working after a merge; another account's id does not resolve.
      await h.run(
        'INSERT INTO customer_merges (from_id, account_id, into_id, reason, merged_at) VALUES (:from, :accountId, :into, :reason, :at)',
        {
          from: 'cus_gone',
          accountId,
          into: ids.omer,
          reason: 'email',
          at: day(4),
        },
      );
      expect(await queries.resolveId(accountId, 'cus_gone')).toBe(ids.omer);
      expect(await queries.resolveId(accountId, ids.omer)).toBe(ids.omer);
      expect(await queries.resolveId(otherAccount, 'cus_gone')).toBeNull();
      expect((await queries.profile(accountId, ids.omer))!.merges).toEqual([{ fromId: 'cus_gone', reason: 'email', mergedAt: day(4) }]);
    });

    it('pages the timeline newest first by cursor, by kind, and refuses another customer’s cursor', async () => {
      const all = (await queries.timeline(accountId, ids.ayesha, 100))!;
      expect(all.hasNextPage).toBe(false);
      const times = all.events.map((e) => e.occurredAt);
      expect(times).toEqual([...times].sort().reverse());
      const paged = [];
      let after: number | undefined;
      for (;;) {
        const page = (await queries.timeline(accountId, ids.ayesha, 2, after))!;
        paged.push(...page.events);
        if (!page.hasNextPage) break;
        after = Number(page.endCursor);
      }
      expect(paged).toEqual(all.events);
      expect(typeof all.events[0]!.id).toBe('number');
      const kinds = [...new Set(all.events.map((e) => e.kind))];
      const one = (await queries.timeline(accountId, ids.ayesha, 100, undefined, [kinds[0]!]))!;
      expect(one.events.length).toBeGreaterThan(0);
      expect(one.events.every((e) => e.kind === kinds[0])).toBe(true);
      const aishaFirst = (await queries.timeline(accountId, ids.aisha, 1))!.events[0]!;
      expect(await queries.timeline(accountId, ids.ayesha, 2, aishaFirst.id)).toBeNull();
      expect(await queries.timeline(accountId, ids.ayesha, 2, 2 ** 70)).toBeNull();
      expect(await queries.timeline(otherAccount, ids.ayesha, 2)).toEqual({ events: [], hasNextPage: false, endCursor: null });
    });

    it('computes KPIs and revenue per UTC day as numbers', async () => {
      const analytics = createAnalyticsQueries(h.database);
      await h.store.transaction(async (r) => {
        const entry = (customerId: string, reason: 'order' | 'redemption', available: number, occurredAt: string, key: string) =>
          r.loyalty.ledger.append({
            accountId,
            customerId,
            reason,
            state: 'available',
            points: Math.abs(available),
            pendingDelta: 0,
            availableDelta: available,
            forgiven: 0,
            sourceType: null,
            sourceId: null,
            programVersion: null,
            note: null,
            actor: null,
            dedupeKey: key,
            occurredAt,
            createdAt: occurredAt,
          });
        await entry(ids.ayesha, 'order', 500, day(1, '12:00:00.000'), 'k1');
        await entry(ids.ayesha, 'redemption', -200, day(2), 'k2');
      });
      const kpis = await analytics.kpis(accountId, 'PKR', day(1, '00:00:00.000'), day(4, '00:00:00.000'));
      expect(kpis).toEqual({
        // 9,000 + 5,000 (Ayesha) + 20,000 (Aisha) + 5,000 (Ömer); the USD order counts as an order only.
        revenueMinor: 39_000,
        orders: 5,
        customers: 3,
        repeatCustomers: 2,
        pointsIssued: 500,
        pointsRedeemed: 200,
        memberRevenueMinor: 14_000,
      });
      // Before Ayesha's second order she is no repeat buyer; her first points count her as a member.
      expect(await analytics.kpis(accountId, 'PKR', day(1, '00:00:00.000'), day(2, '00:00:00.000'))).toMatchObject({
        revenueMinor: 9_000,
        orders: 1,
        repeatCustomers: 0,
        memberRevenueMinor: 9_000,
      });
      expect(await analytics.dailyRevenue(accountId, 'PKR', day(1, '00:00:00.000'), day(4, '00:00:00.000'))).toEqual([
        { date: '2026-02-01', orders: 1, revenueMinor: 9_000 },
        { date: '2026-02-02', orders: 2, revenueMinor: 20_000 },
        { date: '2026-02-03', orders: 2, revenueMinor: 10_000 },
      ]);
      expect(await analytics.dailyRevenue(otherAccount, 'USD', day(1, '00:00:00.000'), day(4, '00:00:00.000'))).toEqual([
        { date: '2026-02-02', orders: 1, revenueMinor: 0 },
      ]);
    });

    it('adds notes with their timeline entry, sets and adds manual tags beside the store’s', async () => {
      const notes = createCustomerNotesRepo(h.database);
      const first = await notes.addNote(accountId, ids.bilal, 'Prefers COD — نقد', 'staff:1', day(5));
      const second = await notes.addNote(accountId, ids.bilal, 'x'.repeat(200), 'staff:1', day(6));
      expect(await notes.listNotes(ids.bilal)).toEqual([second, first]);
      const events = (await queries.timeline(accountId, ids.bilal, 10, undefined, ['note_added']))!.events;
      expect(events.map((e) => [e.subjectId, JSON.parse(e.data).excerpt.length])).toEqual([
        [second.id, 140],
        [first.id, first.body.length],
      ]);
      // A store's tag stays a store's tag; manual tags are replaced.
      expect(await notes.setTags(accountId, ids.ayesha, ['vip', 'b-new', 'a-new', 'a-new'])).toEqual({
        tags: ['a-new', 'b-new', 'vip', 'wholesale'],
        manualTags: ['a-new', 'b-new'],
      });
      expect(await notes.setTags(accountId, ids.ayesha, ['Zebra', 'ڈھول'])).toEqual({
        tags: ['Zebra', 'vip', 'wholesale', 'ڈھول'],
        manualTags: ['Zebra', 'ڈھول'],
      });
      const own = await notes.ownCustomerIds(accountId, [ids.ayesha, ids.other, 'cus_nobody', ids.bilal]);
      expect(own.sort()).toEqual([ids.ayesha, ids.bilal].sort());
      expect(await notes.ownCustomerIds(accountId, [])).toEqual([]);
      expect(await notes.addTags(accountId, [ids.ayesha, ids.bilal], ['Zebra', 'bulk'])).toBe(3);
      expect(await notes.addTags(accountId, [ids.ayesha, ids.bilal], ['Zebra', 'bulk'])).toBe(0);
      expect((await queries.profile(accountId, ids.bilal))!.tags).toEqual(['Zebra', 'bulk']);
      expect((await walk('createdAt', true, { filters: { tags: ['bulk'] } })).map((r) => r.id).sort()).toEqual(
        [ids.ayesha, ids.bilal].sort(),
      );
    });

    it('lists data requests newest first and hands out an export, for the asking account only', async () => {
      const stored = (n: number) =>
        JSON.stringify({
          requestedAt: day(n),
          customer: { externalId: 'ayesha', email: 'ayesha@example.pk', phone: null },
          profiles: [{ profile: { id: ids.ayesha }, orders: [] }],
        });
      for (const [id, n, fulfilled] of [
        ['dr_1', 1, day(2)],
        ['dr_2', 3, null],
        ['dr_3', 3, null],
      ] as const)
        await h.run(
          `INSERT INTO data_requests (id, account_id, connection_id, external_request_id, export, created_at, fulfilled_at)
          VALUES (:id, :accountId, :shopA, :external, :export, :at, :fulfilled)`,
          { id, accountId, shopA, external: `ext-${id}`, export: stored(n), at: day(n), fulfilled },
        );
      const requests = createDataRequestQueries(h.database);
      const list = await requests.list(accountId);
      expect(list.map((r) => r.id)).toEqual(['dr_3', 'dr_2', 'dr_1']);
      expect(list[2]).toEqual({
        id: 'dr_1',
        connectionId: shopA,
        store: `rm-a-${kind.name}.myshopify.com`,
        platform: 'shopify',
        externalRequestId: 'ext-dr_1',
        createdAt: day(1),
        fulfilledAt: day(2),
        customer: { externalId: 'ayesha', email: 'ayesha@example.pk', phone: null },
        profilesFound: 1,
      });
      expect(await requests.list(accountId, 1)).toHaveLength(1);
      expect(await requests.exportOf(accountId, 'dr_2')).toEqual({
        dataRequestId: 'dr_2',
        externalRequestId: 'ext-dr_2',
        requestedAt: day(3),
        customer: { externalId: 'ayesha', email: 'ayesha@example.pk', phone: null },
        profiles: [{ exportedAt: day(3), customerId: ids.ayesha, profile: { id: ids.ayesha }, orders: [] }],
      });
      expect(await requests.exportOf(otherAccount, 'dr_2')).toBeNull();
      expect(await requests.list(otherAccount)).toEqual([]);
    });

    it('names actors from logins and online sessions of the account only', async () => {
      await h.run(
        "INSERT INTO admin_users (id, account_id, email, password_hash, created_at) VALUES ('u1', :accountId, :email, 'x', :at)",
        {
          accountId,
          email: `owner-${kind.name}@example.pk`,
          at: day(1),
        },
      );
      const names = await queries.actorNames(accountId, ['staff:u1', 'staff:u1', 'staff:nobody', null, 'api']);
      expect(names).toEqual(new Map([['staff:u1', `owner-${kind.name}@example.pk`]]));
      expect(await queries.actorNames(otherAccount, ['staff:u1'])).toEqual(new Map());
    });

    it('keeps onboarding marks and each store’s first storefront call', async () => {
      const onboarding = createOnboardingRepo(h.database);
      expect(await onboarding.storefrontFirstSeen(accountId)).toBeNull();
      expect(await onboarding.recordStorefrontSeen(shopB, accountId, day(5))).toBe(true);
      expect(await onboarding.recordStorefrontSeen(shopB, accountId, day(6))).toBe(false);
      expect(await onboarding.recordStorefrontSeen(shopA, accountId, day(4))).toBe(true);
      expect(await onboarding.storefrontFirstSeen(accountId)).toBe(day(4));
      await onboarding.mark(accountId, 'widget', day(5));
      await onboarding.mark(accountId, 'widget', day(6));
      expect(await onboarding.marks(accountId)).toEqual(new Set(['widget']));
      expect(await onboarding.marks(otherAccount)).toEqual(new Set());
    });

    it('finds members whose points or tier changed and snapshots them, sums as numbers', async () => {
      const changes = createLoyaltyWritebackQuery(h.database);
      const head = await changes.ledgerHead();
      expect(head).toBeGreaterThan(0);
      expect(typeof head).toBe('number');
      const changed = await changes.changedSince('shopify', 0, head, day(2));
      expect(changed).toEqual([{ accountId, connectionId: shopA, customerId: ids.ayesha }]);
      expect(await changes.changedSince('shopify', head, head, day(4))).toEqual([]);
      expect(await changes.snapshots(shopA, [ids.ayesha, ids.aisha, ids.bilal])).toEqual([
        { customerId: ids.ayesha, externalId: 'ayesha', balance: 300, pending: 0, tier: 'Gold' },
        { customerId: ids.bilal, externalId: 'bilal', balance: 0, pending: 0, tier: null },
      ]);
    });
  });
}
