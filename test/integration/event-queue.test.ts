import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeEvents, NEVER } from '../../src/crm/domain-events/consumer.service.ts';
import { queueingDomainEvents } from '../../src/crm/domain-events/domain-events.store.ts';
import type { DomainEvent, QueuedEvent } from '../../src/crm/domain-events/event-queue.port.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import type { CrmStore } from '../../src/crm/store.port.ts';
import { customer } from '../helpers/canonical.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// The domain-event queue on both databases: an event is queued in the unit that adds its NEW
// timeline entry (a rolled-back unit queues nothing, a duplicate entry queues nothing, an account
// that wants nothing gets no row), consumers claim disjoint rows (racing on PostgreSQL), a claimed
// row comes back when its lease lapses, failures back off and a poison row is parked, visible.

const NOW = '2026-05-01T09:00:00.000Z';
const later = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`domain-event queue (${kind.name})`, () => {
    let h: StoreHarness;
    let store: CrmStore;
    let accountId: string;
    let quiet: string;
    let customerId: string;
    let n = 0;

    const entry = (over: Partial<DomainEvent> = {}): DomainEvent => ({
      accountId,
      customerId,
      kind: 'thing_happened',
      occurredAt: NOW,
      subjectType: null,
      subjectId: null,
      data: { n: ++n, text: 'عید' },
      dedupeKey: `thing:${n}`,
      ...over,
    });
    const rows = (consumer = 'audit') =>
      h.rows<{ dedupe_key: string; attempts: number; last_error: string | null; due_at: string }>(
        'SELECT dedupe_key, attempts, last_error, due_at FROM event_queue WHERE consumer = :consumer ORDER BY id',
        { consumer },
      );
    const drain = (consumer = 'audit') => h.run('DELETE FROM event_queue WHERE consumer = :consumer', { consumer });

    beforeAll(async () => {
      h = await kind.open();
      accountId = await h.account('Queue', 'PKR');
      quiet = await h.account('Quiet', 'PKR');
      const shop = await h.connection(accountId, { platform: 'shopify', domain: `queue-${kind.name}.myshopify.com`, currency: 'PKR' });
      const quietShop = await h.connection(quiet, { platform: 'shopify', domain: `quiet-${kind.name}.myshopify.com`, currency: 'PKR' });
      store = queueingDomainEvents(
        h.store,
        [
          {
            consumer: 'audit',
            kinds: new Set(['thing_happened', 'customer_created']),
            wants: async (_r, a) => (a === quiet ? new Set() : 'all'),
          },
          { consumer: 'other', kinds: new Set(['customer_created']) },
        ],
        () => new Date(NOW),
      );
      await applyEvent(store, shop, { type: 'customer.upserted', customer: customer('c1', { email: 'c1@example.pk' }) });
      await applyEvent(store, quietShop, { type: 'customer.upserted', customer: customer('q1', { email: 'q1@example.pk' }) });
      customerId = (await h.rows<{ id: string }>('SELECT id FROM customers WHERE account_id = :accountId', { accountId }))[0]!.id;
    });
    afterAll(() => h.close());

    it('queues a new entry for each subscribed consumer in its unit, once, and not for an account that wants none', async () => {
      expect((await rows('audit')).map((r) => r.dedupe_key)).toEqual([`customer_created:${customerId}`]);
      // Subscribed without a filter: both accounts.
      expect((await rows('other')).length).toBe(2);
      // The same customer delivered again: the timeline entry exists, nothing is queued twice.
      const shop = (await h.rows<{ id: string }>('SELECT id FROM connections WHERE account_id = :accountId', { accountId }))[0]!.id;
      await applyEvent(store, shop, {
        type: 'customer.upserted',
        customer: customer('c1', { email: 'c1@example.pk', updatedAt: later(1000) }),
      });
      expect((await rows('audit')).length).toBe(1);
      await drain('audit');
      await drain('other');
    });

    it('queues nothing from a unit that rolls back, or for an entry already on the timeline', async () => {
      const e = entry();
      await expect(
        store.transaction(async (r) => {
          await r.timeline.add(e);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await rows()).toEqual([]);
      await store.transaction((r) => r.timeline.add(e));
      await store.transaction((r) => r.timeline.add({ ...e, data: { again: true } }));
      const queued = await rows();
      expect(queued.map((r) => r.dedupe_key)).toEqual([e.dedupeKey]);
      // A kind nobody subscribes to.
      await store.transaction((r) => r.timeline.add(entry({ kind: 'unheard_of' })));
      expect((await rows()).length).toBe(1);
      await drain();
    });

    it('hands the event to the consumer as recorded, deletes it when handled, and leaves a claimed one until its lease lapses', async () => {
      const e = entry({ subjectType: 'order', subjectId: 'ord_1' });
      await store.transaction((r) => r.timeline.add(e));
      const seen: QueuedEvent[] = [];
      const pass = await consumeEvents({
        store,
        consumer: 'audit',
        handle: async (ev) => void seen.push(ev),
        clock: () => new Date(later(1)),
      });
      expect(pass).toEqual({ claimed: 1, handled: 1, retried: 0, parked: 0 });
      expect(seen[0]).toMatchObject({ ...e, consumer: 'audit', attempts: 1 });
      expect(new Date(seen[0]!.causedAt).toISOString()).toBe(e.occurredAt);
      expect(await rows()).toEqual([]);

      await store.transaction((r) => r.timeline.add(entry()));
      const claim = (at: string) => store.transaction((r) => r.eventQueue.claimDue('audit', at, later(60_000), 10));
      expect((await claim(later(2))).length).toBe(1);
      expect(await claim(later(3))).toEqual([]); // leased
      const again = await claim(later(60_000));
      expect(again.map((x) => x.attempts)).toEqual([2]); // the lease lapsed: a dead consumer's event comes back
      await drain();
    });

    it('stamps each event with the oldest new entry of its unit: what it follows from', async () => {
      const old = entry({ occurredAt: '2024-01-01T00:00:00.000Z' });
      const fresh = entry({ occurredAt: later(5) });
      await store.transaction(async (r) => {
        await r.timeline.add(old);
        await r.timeline.add(fresh);
      });
      const claimed = await store.transaction((r) => r.eventQueue.claimDue('audit', later(10), later(60_000), 10));
      expect(claimed.map((c) => [c.dedupeKey, new Date(c.causedAt).toISOString()])).toEqual([
        [old.dedupeKey, old.occurredAt],
        [fresh.dedupeKey, old.occurredAt],
      ]);
      await drain();
    });

    it('retries a failing event with backoff and parks it, visible, after the last attempt', async () => {
      const e = entry();
      await store.transaction((r) => r.timeline.add(e));
      let clock = Date.parse(NOW);
      const deps = {
        store,
        consumer: 'audit',
        maxAttempts: 3,
        clock: () => new Date(clock),
        handle: async () => {
          throw new Error('template gone');
        },
      };
      expect(await consumeEvents(deps)).toMatchObject({ claimed: 1, retried: 1 });
      let [row] = await rows();
      expect(row).toMatchObject({ attempts: 1, last_error: 'template gone' });
      expect(new Date(row!.due_at).toISOString()).toBe(new Date(clock + 30_000).toISOString());
      expect((await consumeEvents(deps)).claimed).toBe(0); // backing off
      clock += 30_000;
      expect(await consumeEvents(deps)).toMatchObject({ claimed: 1, retried: 1 });
      clock += 120_000;
      expect(await consumeEvents(deps)).toMatchObject({ claimed: 1, parked: 1 });
      [row] = await rows();
      expect(row).toMatchObject({ attempts: 3, last_error: 'template gone' });
      expect(new Date(row!.due_at).toISOString()).toBe(NEVER);
      clock += 365 * 86_400_000;
      expect((await consumeEvents(deps)).claimed).toBe(0);
      expect(await store.transaction((r) => r.eventQueue.list(accountId, 'audit', 10))).toMatchObject([{ dedupeKey: e.dedupeKey }]);
      await drain();
    });

    it('gives racing consumers disjoint events, every one taken once', async () => {
      for (let i = 0; i < 60; i++) await store.transaction((r) => r.timeline.add(entry()));
      const taken: number[][] = [[], [], []];
      await Promise.all(
        taken.map(async (mine) => {
          for (;;) {
            const got = await store.transaction((r) => r.eventQueue.claimDue('audit', later(5), later(600_000), 7));
            if (!got.length) return;
            mine.push(...got.map((g) => g.id));
          }
        }),
      );
      const all = taken.flat();
      expect(all.length).toBe(60);
      expect(new Set(all).size).toBe(60);
      await drain();
    });
  });
}
