import { and, eq, isNotNull } from 'drizzle-orm';
import type { OrderRecord, OrdersRepo, RefundRecord } from '../../crm/store.port.ts';
import type { Db } from '../client.ts';
import { lineItems, orders, refunds } from '../schema/index.ts';
import { newId } from '../../lib/ids.ts';

export function ordersRepo(db: Db): OrdersRepo {
  return {
    async find(connectionId, externalId) {
      return db.select().from(orders).where(and(eq(orders.connectionId, connectionId), eq(orders.externalId, externalId))).get() as
        | OrderRecord
        | undefined;
    },
    async upsert(order, items) {
      const { id: _id, ...rest } = order;
      db.insert(orders).values(order).onConflictDoUpdate({ target: [orders.connectionId, orders.externalId], set: rest }).run();
      db.delete(lineItems).where(eq(lineItems.orderId, order.id)).run();
      if (items.length) {
        db.insert(lineItems).values(items.map((i) => ({ id: newId('li'), accountId: order.accountId, orderId: order.id, ...i }))).run();
      }
    },
    async update(id, patch) {
      db.update(orders).set(patch).where(eq(orders.id, id)).run();
    },
    async insertRefund(refund) {
      const result = db.insert(refunds).values(refund).onConflictDoNothing().run();
      return result.changes > 0;
    },
    async refundsOf(connectionId, orderExternalId) {
      return db.select().from(refunds)
        .where(and(eq(refunds.connectionId, connectionId), eq(refunds.orderExternalId, orderExternalId)))
        .orderBy(refunds.createdAt).all() as RefundRecord[];
    },
    async customerIdsOfConnection(connectionId) {
      const rows = db.selectDistinct({ id: orders.customerId }).from(orders)
        .where(and(eq(orders.connectionId, connectionId), isNotNull(orders.customerId))).all();
      return rows.map((r) => r.id!).filter(Boolean);
    },
  };
}

