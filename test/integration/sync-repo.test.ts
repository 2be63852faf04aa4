import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillErasureTombstones } from '../../src/db/repos/compliance.repo.ts';
import { createJobState } from '../../src/db/job-state.repo.ts';
import { createSyncRepo } from '../../src/db/sync.repo.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// Sync runs, watermarks, the platform outbox, job state and the tombstone back-fill: one
// implementation over the executor, so each case must end the same on SQLite and PostgreSQL.

const T0 = '2026-03-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`sync and job state (${kind.name})`, () => {
    let h: StoreHarness;
    let accountId: string;
    let shop: string;
    let other: string;

    beforeAll(async () => {
      h = await kind.open();
      accountId = await h.account('Sync', 'USD');
      shop = await h.connection(accountId, { platform: 'shopify', domain: `sync-${kind.name}.myshopify.com`, currency: 'USD' });
      other = await h.connection(accountId, { platform: 'woocommerce', domain: `https://sync-${kind.name}.example/`, currency: 'USD' });
    });
    afterAll(() => h.close());

    it('starts, updates and lists runs, newest first, with the note as code and figures', async () => {
      const { runs } = createSyncRepo(h.database);
      const first = await runs.start({ accountId, connectionId: shop, kind: 'backfill', resource: 'orders', total: 40 });
      expect(first).toMatchObject({ status: 'running', done: 0, total: 40, cursor: null, noteParams: null, finishedAt: null });
      expect(first.startedAt).toMatch(ISO);
      expect(first.updatedAt).toBe(first.startedAt);
      await runs.update(first.id, { done: 25, cursor: 'gid://shopify/BulkOperation/1' });
      await runs.update(first.id, { noteCode: 'history_limited', noteParams: { days: 60 }, note: 'Only 60 days' });
      await runs.update(first.id, { status: 'completed', finishedAt: at(5), done: 40, total: undefined });
      const second = await runs.start({
        accountId,
        connectionId: shop,
        kind: 'reconcile',
        resource: 'orders',
        noteCode: 'x',
        noteParams: { n: 1, s: 'a' },
      });
      await runs.start({ accountId, connectionId: other, kind: 'backfill', resource: 'customers' });

      const listed = await runs.list(shop, 10);
      expect(listed.map((r) => r.id)).toEqual([second.id, first.id]);
      expect(listed[1]).toMatchObject({
        status: 'completed',
        done: 40,
        total: 40,
        cursor: 'gid://shopify/BulkOperation/1',
        note: 'Only 60 days',
        noteCode: 'history_limited',
        noteParams: { days: 60 },
        finishedAt: at(5),
        error: null,
      });
      expect(listed[0]!.noteParams).toEqual({ n: 1, s: 'a' });
      expect(await runs.list(shop, 1)).toHaveLength(1);

      expect((await runs.running(shop, 'reconcile'))?.id).toBe(second.id);
      expect(await runs.running(shop, 'backfill')).toBeUndefined();
      await runs.update(second.id, { status: 'failed', error: 'boom', noteParams: null });
      expect(await runs.running(shop, 'reconcile')).toBeUndefined();
      expect((await runs.list(shop, 1))[0]).toMatchObject({ status: 'failed', error: 'boom', noteParams: null });
    });

    it('saves watermarks field by field, keeping what an earlier save wrote', async () => {
      const { runs } = createSyncRepo(h.database);
      expect(await runs.state(shop)).toBeUndefined();
      await runs.saveState(shop, accountId, { grantedScopes: 'read_orders', ordersWatermark: 'w1' });
      await runs.saveState(shop, accountId, { lastReconcileAt: at(1), webhooksCheckedAt: at(2) });
      await runs.saveState(shop, accountId, { ordersWatermark: 'w2', customersWatermark: null });
      expect(await runs.state(shop)).toEqual({
        grantedScopes: 'read_orders',
        lastReconcileAt: at(1),
        ordersWatermark: 'w2',
        customersWatermark: null,
        webhooksCheckedAt: at(2),
      });
      expect(await runs.state(other)).toBeUndefined();
    });

    it('coalesces outbox rows per subject, hands out the due ones, keeps a row changed during the flush', async () => {
      const { outbox } = createSyncRepo(h.database);
      const item = (subjectId: string, connectionId = shop) => ({ accountId, connectionId, kind: 'metafields', subjectId });
      await outbox.enqueue(item('c1'), at(0));
      await outbox.enqueue(item('c2'), at(1));
      await outbox.enqueue(item('c1'), at(30)); // absorbed: c1 stays due at its first time
      await outbox.enqueue(item('c3'), at(60));
      await outbox.enqueue(item('c1', other), at(0));
      await outbox.enqueue({ ...item('c9'), kind: 'tags' }, at(0));

      const due = await outbox.due('metafields', 10, at(1));
      expect(due.map((d) => [d.subjectId, d.connectionId === shop])).toEqual([
        ['c1', true],
        ['c1', false],
        ['c2', true],
      ]);
      expect(due[0]).toMatchObject({ accountId, kind: 'metafields', attempts: 0 });
      expect(typeof due[0]!.id).toBe('number');
      expect(await outbox.due('metafields', 1, at(1))).toHaveLength(1);

      // c1 changes again while the flush runs: its row stays, with the new version.
      await outbox.enqueue(item('c1'), at(1));
      await outbox.done(due);
      const left = await outbox.due('metafields', 10, at(60));
      expect(left.map((d) => d.subjectId)).toEqual(['c1', 'c3']);
      expect(left[0]!.version).not.toBe(due[0]!.version);

      await outbox.failed(left[0]!.id, 'x'.repeat(600), at(90));
      expect(await outbox.due('metafields', 10, at(60))).toEqual([left[1]]);
      const retried = (await outbox.due('metafields', 10, at(90)))[1];
      expect(retried).toMatchObject({ subjectId: 'c1', attempts: 1 });
      const [row] = await h.rows<{ last_error: string }>('SELECT last_error FROM platform_outbox WHERE id = :id', { id: retried!.id });
      expect(row!.last_error).toHaveLength(500);
      await outbox.done([]);
      await outbox.done(await outbox.due('metafields', 10, at(90)));
      expect(await outbox.due('metafields', 10, at(90))).toEqual([]);
      expect(await outbox.due('tags', 10, at(90))).toHaveLength(1);
    });

    it('keeps named job state as JSON, the last write winning', async () => {
      const jobs = createJobState(h.database);
      expect(await jobs.get('nothing')).toBeUndefined();
      await jobs.set('scan', { ledgerId: 7, at: at(0) });
      await jobs.set('scan', { ledgerId: 9, at: at(1) }, at(1));
      await jobs.set('flag', false);
      expect(await jobs.get('scan')).toEqual({ ledgerId: 9, at: at(1) });
      expect(await jobs.get('flag')).toBe(false);
      const [row] = await h.rows<{ updated_at: string }>(`SELECT updated_at FROM job_state WHERE name = 'scan'`);
      expect(row!.updated_at).toBe(at(1));
    });

    it('back-fills tombstones for profiles erased before tombstones, once (idempotent)', async () => {
      const customerId = `cus_${kind.name}_erased`;
      await h.run(
        `INSERT INTO customers (id, account_id, currency, redacted_at, created_at, updated_at) VALUES (:id, :accountId, 'USD', :at, :at, :at)`,
        { id: customerId, accountId, at: at(0) },
      );
      for (const [n, externalId] of [
        [1, '8001'],
        [2, 'guest:redacted:x'],
      ] as const) {
        await h.run(
          `INSERT INTO customer_identities (id, account_id, customer_id, connection_id, external_id, linked_by, created_at)
          VALUES (:id, :accountId, :customerId, :connectionId, :externalId, 'new', :at)`,
          { id: `cid_${kind.name}_${n}`, accountId, customerId, connectionId: shop, externalId, at: at(0) },
        );
      }
      const key = Buffer.alloc(32, 3);
      expect(await backfillErasureTombstones(h.database, key, at(1))).toBe(1);
      expect(await backfillErasureTombstones(h.database, key, at(2))).toBe(0);
      const rows = await h.rows<{ kind: string; created_at: string }>(
        'SELECT kind, created_at FROM erasure_tombstones WHERE account_id = :accountId',
        {
          accountId,
        },
      );
      expect(rows).toEqual([{ kind: 'customer_id', created_at: at(1) }]);
    });
  });
}
