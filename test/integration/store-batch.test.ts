import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// The store's batches, on a real SQLite file and a real PostgreSQL database: by default each unit
// is a savepoint that rolls back alone; an all-or-nothing batch has no savepoints, so any unit's
// failure undoes the whole batch, even when the caller caught it.

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`store batches (${kind.name})`, () => {
    let h: StoreHarness;
    let ids: [string, string];

    beforeAll(async () => {
      h = await kind.open();
      const accountId = await h.account('Batch', 'PKR');
      const connection = (n: number) =>
        h.connection(accountId, { platform: 'shopify', domain: `batch-${n}.myshopify.com`, currency: 'PKR', country: 'PK' });
      ids = [await connection(1), await connection(2)];
    });
    afterAll(() => h.close());
    beforeEach(async () => {
      await h.run("UPDATE connections SET status = 'active', uninstalled_at = NULL");
    });

    const status = async () => {
      const out: string[] = [];
      for (const id of ids)
        out.push((await h.rows<{ status: string }>('SELECT status FROM connections WHERE id = :id', { id }))[0]!.status);
      return out;
    };
    const uninstall = (id: string, fail: boolean) =>
      h.store.transaction(async (repos) => {
        await repos.connections.markUninstalled(id, new Date().toISOString());
        if (fail) throw new Error(`unit ${id} failed`);
      });

    it('by default a failed unit rolls back alone and the others commit', async () => {
      await h.store.batch(async () => {
        await uninstall(ids[0], false);
        await uninstall(ids[1], true).catch(() => undefined);
      });
      expect(await status()).toEqual(['uninstalled', 'active']);
    });

    it('all-or-nothing commits every unit when none fails', async () => {
      await h.store.batch(
        async () => {
          for (const id of ids) await uninstall(id, false);
        },
        { allOrNothing: true },
      );
      expect(await status()).toEqual(['uninstalled', 'uninstalled']);
    });

    it('all-or-nothing rolls the whole batch back on a failure, even one the caller caught', async () => {
      const batch = h.store.batch(
        async () => {
          await uninstall(ids[0], false);
          await uninstall(ids[1], true).catch(() => undefined);
          return 'finished';
        },
        { allOrNothing: true },
      );
      await expect(batch).rejects.toThrow(`unit ${ids[1]} failed`);
      expect(await status()).toEqual(['active', 'active']);
      // The store is usable afterwards: the transaction was closed.
      await uninstall(ids[0], false);
      expect(await status()).toEqual(['uninstalled', 'active']);
    });

    it('a failed transaction outside a batch leaves nothing behind', async () => {
      await expect(uninstall(ids[0], true)).rejects.toThrow('failed');
      expect(await status()).toEqual(['active', 'active']);
    });
  });
}
