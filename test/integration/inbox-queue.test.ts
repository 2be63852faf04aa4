import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteInbox } from '../../src/db/inbox.sqlite.ts';
import { createPgInbox } from '../../src/db/inbox.pg.ts';
import type { PgDatabase, SqliteDatabase } from '../../src/db/sql/database.ts';
import type { Delivery, InboxItem, InboxQueue } from '../../src/inbox/inbox.port.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// The inbox queue's contract, the same cases on SQLite (db/inbox.sqlite.ts) and PostgreSQL
// (db/inbox.pg.ts): accept and duplicates, due, complete, fail (retry and dead letter), requeue,
// list, counts, purge, unknown shops, the wake-up. What only the shared queue has (claims by
// several workers, leases, LISTEN/NOTIFY across processes) is inbox-pg-workers.test.ts.

const T = (s: number) => new Date(Date.UTC(2026, 10, 1, 0, 0, s)).toISOString();
const FUTURE = '2100-01-01T00:00:00.000Z';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`inbox queue (${kind.name})`, () => {
    let h: StoreHarness;
    let inbox: InboxQueue;
    let accounts: string[];
    let connections: string[];
    let seq = 0;

    beforeAll(async () => {
      h = await kind.open();
      inbox =
        h.database.dialect === 'sqlite'
          ? createSqliteInbox((h.database as SqliteDatabase).db)
          : createPgInbox(h.database as PgDatabase, { leaseMs: 60_000 });
      accounts = [await h.account('Queue A', 'PKR'), await h.account('Queue B', 'PKR')];
      connections = [
        await h.connection(accounts[0]!, { platform: 'shopify', domain: `queue-a-${kind.name}.myshopify.com`, currency: 'PKR' }),
        await h.connection(accounts[1]!, { platform: 'shopify', domain: `queue-b-${kind.name}.myshopify.com`, currency: 'PKR' }),
      ];
    });
    afterAll(() => h.close());

    const delivery = (k: number, over: Partial<Delivery> = {}): Delivery => ({
      accountId: accounts[k]!,
      connectionId: connections[k]!,
      platform: 'shopify',
      topic: 'orders/create',
      dedupeKey: `key-${seq++}`,
      body: `{"n":${seq}}`,
      triggeredAt: '2026-11-01T00:00:00Z',
      ...over,
    });
    const core = (i: InboxItem) => ({ accountId: i.accountId, topic: i.topic, dedupeKey: i.dedupeKey, body: i.body, attempts: i.attempts });
    const statusOf = async (id: number) =>
      (await h.rows<{ status: string; attempts: number }>('SELECT status, attempts FROM webhook_inbox WHERE id = :id', { id }))[0];

    it('accepts a delivery once per (connection, key); the same key on another connection is another delivery', async () => {
      const d = delivery(0, { dedupeKey: 'dup-1' });
      expect(await inbox.accept(d, T(1))).toBe(true);
      expect(await inbox.accept({ ...d, body: '{"again":true}' }, T(2))).toBe(false);
      expect(await inbox.accept({ ...d, accountId: accounts[1]!, connectionId: connections[1]! }, T(3))).toBe(true);
      const rows = await h.rows<{ body: string; receivedAt: string; status: string }>(
        `SELECT body, received_at AS "receivedAt", status FROM webhook_inbox WHERE dedupe_key = 'dup-1' ORDER BY id`,
      );
      expect(rows).toEqual([
        { body: d.body, receivedAt: T(1), status: 'pending' },
        { body: d.body, receivedAt: T(3), status: 'pending' },
      ]);
      expect(await inbox.counts()).toMatchObject({ pending: 2, oldestPendingAt: T(1) });
      expect(await inbox.counts(accounts[1])).toEqual({ pending: 1, done: 0, ignored: 0, dead: 0, oldestPendingAt: T(3) });
    });

    it('hands out due deliveries oldest first; complete takes them out of the queue', async () => {
      const due = await inbox.due(10, T(10));
      expect(due.map(core)).toEqual([
        { accountId: accounts[0], topic: 'orders/create', dedupeKey: 'dup-1', body: expect.any(String), attempts: 0 },
        { accountId: accounts[1], topic: 'orders/create', dedupeKey: 'dup-1', body: expect.any(String), attempts: 0 },
      ]);
      expect(due[0]!.id).toBeLessThan(due[1]!.id);
      expect(due[0]).toMatchObject({
        platform: 'shopify',
        connectionId: connections[0],
        receivedAt: T(1),
        triggeredAt: '2026-11-01T00:00:00Z',
      });
      expect((await inbox.due(1, T(10))).map((i) => i.id)).toEqual([due[0]!.id]);
      await inbox.complete(due[0]!.id, 'done', T(11));
      await inbox.complete(due[1]!.id, 'ignored', T(11));
      expect(await inbox.due(10, FUTURE)).toEqual([]);
      expect(await inbox.counts()).toEqual({ pending: 0, done: 1, ignored: 1, dead: 0, oldestPendingAt: null });
    });

    it('retries a failed delivery when due, and dead-letters it when there is no retry', async () => {
      await inbox.accept(delivery(0, { dedupeKey: 'fail-1' }), T(20));
      const [item] = await inbox.due(10, T(20));
      await inbox.fail(item!.id, 'boom', T(40), T(21));
      expect(await inbox.due(10, T(30))).toEqual([]);
      const again = await inbox.due(10, T(40));
      expect(again.map((i) => [i.id, i.attempts])).toEqual([[item!.id, 1]]);
      const [row] = await inbox.list({ status: 'pending', limit: 10 });
      expect(row).toMatchObject({ id: item!.id, status: 'pending', lastError: 'boom', nextAttemptAt: T(40), processedAt: null });
      await inbox.fail(item!.id, 'x'.repeat(2000), null, T(41));
      const [dead] = await inbox.list({ status: 'dead', limit: 10 });
      expect(dead).toMatchObject({ id: item!.id, status: 'dead', attempts: 2, nextAttemptAt: null, processedAt: T(41) });
      expect(dead!.lastError).toHaveLength(1000);
      expect(await inbox.counts(accounts[0])).toEqual({ pending: 0, done: 1, ignored: 0, dead: 1, oldestPendingAt: null });
    });

    it('requeues dead letters (by account, by id, or with the processed ones too)', async () => {
      expect(await inbox.requeue({ accountId: accounts[1] }, T(50))).toBe(0);
      const [dead] = await inbox.list({ status: 'dead', limit: 1 });
      expect(await inbox.requeue({ ids: [dead!.id + 1000] }, T(50))).toBe(0);
      expect(await inbox.requeue({ ids: [dead!.id] }, T(50))).toBe(1);
      expect(await statusOf(dead!.id)).toEqual({ status: 'pending', attempts: 0 });
      const [item] = await inbox.due(10, T(50));
      expect(item!.id).toBe(dead!.id);
      await inbox.fail(item!.id, 'again', null, T(51));
      expect(await inbox.requeue({ accountId: accounts[0] }, T(52))).toBe(1);
      expect(await inbox.requeue({ includeDone: true }, T(53))).toBe(2); // the done and the ignored one
      expect(await inbox.counts()).toEqual({ pending: 3, done: 0, ignored: 0, dead: 0, oldestPendingAt: T(1) });
      for (const i of await inbox.due(10, T(60))) await inbox.complete(i.id, 'done', T(61));
      expect(await inbox.counts()).toEqual({ pending: 0, done: 3, ignored: 0, dead: 0, oldestPendingAt: null });
    });

    it('lists by account and status, a page at a time', async () => {
      const all = await inbox.list({ limit: 100 });
      expect(all.map((r) => r.status)).toEqual(['done', 'done', 'done']);
      expect(all[0]).toEqual({
        id: all[0]!.id,
        accountId: accounts[0],
        connectionId: connections[0],
        platform: 'shopify',
        topic: 'orders/create',
        dedupeKey: 'dup-1',
        body: expect.any(String),
        triggeredAt: '2026-11-01T00:00:00Z',
        receivedAt: T(1),
        status: 'done',
        attempts: 0,
        lastError: null,
        processedAt: T(61),
        nextAttemptAt: null,
        ...(h.dialect === 'sqlite' ? { claimedBy: null, claimExpiresAt: null } : {}),
      });
      expect((await inbox.list({ accountId: accounts[1], limit: 10 })).map((r) => r.id)).toEqual([all[1]!.id]);
      expect((await inbox.list({ limit: 1, afterId: all[0]!.id })).map((r) => r.id)).toEqual([all[1]!.id]);
      expect(await inbox.list({ status: 'dead', limit: 10 })).toEqual([]);
    });

    it('purges processed deliveries, dead letters and keys past their cutoffs, at most `limit` per kind', async () => {
      for (let i = 0; i < 5; i++) await inbox.accept(delivery(i % 2), T(70));
      const due = await inbox.due(10, T(70));
      expect(due).toHaveLength(5);
      for (const [n, i] of due.entries()) {
        if (n < 3) await inbox.complete(i.id, n === 0 ? 'ignored' : 'done', T(71));
        else await inbox.fail(i.id, 'dead', null, T(72));
      }
      const cutoffs = (processed: number, dead: number, keys: number) => ({
        processedBefore: T(processed),
        deadBefore: T(dead),
        keysBefore: T(keys),
      });
      expect(await inbox.purge(cutoffs(61, 0, 0), 10)).toBe(0);
      // 3 earlier done + 2 done + 1 ignored processed before T(80); 2 dead; keys: 3 dup + fail-1 + 5.
      expect(await inbox.purge(cutoffs(80, 0, 0), 2)).toBe(2 + 1); // at most 2 done, the ignored one
      expect(await inbox.purge(cutoffs(80, 80, 0), 2)).toBe(2 + 2);
      expect(await inbox.purge(cutoffs(80, 80, 0), 2)).toBe(1);
      expect(await inbox.counts()).toEqual({ pending: 0, done: 0, ignored: 0, dead: 0, oldestPendingAt: null });
      expect(await inbox.purge(cutoffs(80, 80, 60), 100)).toBe(3); // keys received before T(60): dup-1 twice, fail-1
      expect(await inbox.purge(cutoffs(80, 80, 80), 100)).toBe(5);
      expect(await h.rows('SELECT * FROM webhook_dedupe')).toEqual([]);
      // A key is forgotten only when purged: the same delivery again is a new one.
      expect(await inbox.accept(delivery(0, { dedupeKey: 'dup-1' }), T(90))).toBe(true);
    });

    it('records an unknown shop delivery once per webhook id', async () => {
      const d = { shopDomain: `gone-${kind.name}.myshopify.com`, topic: 'customers/redact', webhookId: 'w-1' };
      expect(await inbox.acceptUnknownShop(d, T(100))).toBe(true);
      expect(await inbox.acceptUnknownShop(d, T(101))).toBe(false);
      expect(await inbox.acceptUnknownShop({ ...d, webhookId: 'w-2' }, T(101))).toBe(true);
      expect(await h.rows('SELECT webhook_id FROM shopify_unknown_shop_deliveries ORDER BY id')).toEqual([
        { webhook_id: 'w-1' },
        { webhook_id: 'w-2' },
      ]);
    });

    it('wakes subscribers on each accepted delivery (not on a duplicate) until they unsubscribe', async () => {
      let woken = 0;
      const unsubscribe = inbox.onAccepted(() => woken++);
      const d = delivery(1);
      await inbox.accept(d, T(110));
      await inbox.accept(d, T(111));
      const afterOne = woken;
      expect(afterOne).toBeGreaterThanOrEqual(1);
      unsubscribe();
      await inbox.accept(delivery(1), T(112));
      expect(woken).toBe(afterOne);
    });
  });
}
