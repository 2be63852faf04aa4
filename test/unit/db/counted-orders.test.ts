import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../../src/crm/ingest.service.ts';
import { isCountedOrder } from '../../../src/crm/orders/counted-order.ts';
import { countedOrderSql } from '../../../src/db/counted-orders.sql.ts';
import { order } from '../../helpers/canonical.ts';
import { STORES, type StoreHarness } from '../../helpers/stores.ts';

// "Which orders count" has one rule in the domain (isCountedOrder) and its SQL twin
// (countedOrderSql): every combination of cancelled, trashed and test, written through the public
// path, must be counted by both or by neither, on both databases.

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`counted orders (${kind.name})`, () => {
    let h: StoreHarness;
    let accountId: string;

    beforeAll(async () => {
      h = await kind.open();
      accountId = await h.account('Counted', 'USD');
      const connectionId = await h.connection(accountId, {
        platform: 'woocommerce',
        domain: 'counted.example',
        currency: 'USD',
        country: 'PK',
      });
      let n = 0;
      for (const cancelled of [false, true])
        for (const trashed of [false, true])
          for (const test of [false, true]) {
            n++;
            await applyEvent(h.store, connectionId, {
              type: 'order.upserted',
              order: order(String(n), {
                cancelledAt: cancelled ? '2026-02-02T00:00:00.000Z' : null,
                status: cancelled ? 'cancelled' : 'open',
                trashed,
                test,
              }),
            });
          }
    });
    afterAll(() => h.close());

    it('the SQL condition and the domain predicate agree on every combination', async () => {
      const all = await h.store.transaction((repos) =>
        repos.orders.countedPlacedBetween(accountId, '2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z', 100),
      );
      expect(all.length).toBeGreaterThan(0);
      const rows = await h.rows<{ id: string; cancelled_at: string | null; deleted_at: string | null; test: number | boolean }>(
        'SELECT id, cancelled_at, deleted_at, test FROM orders WHERE account_id = :accountId',
        { accountId },
      );
      expect(rows).toHaveLength(8);
      const inSql = new Set(
        (
          await h.rows<{ id: string }>(`SELECT id FROM orders o WHERE account_id = :accountId AND ${countedOrderSql('o')}`, { accountId })
        ).map((r) => r.id),
      );
      const inMemory = new Set(
        rows
          .filter((r) => isCountedOrder({ cancelledAt: r.cancelled_at, deletedAt: r.deleted_at, test: Boolean(r.test) }))
          .map((r) => r.id),
      );
      expect(inSql).toEqual(inMemory);
      // Only the order that is neither cancelled, trashed nor a test counts.
      expect(inSql.size).toBe(1);
      expect(new Set(all.map((o) => o.id))).toEqual(inSql);
    });
  });
}
