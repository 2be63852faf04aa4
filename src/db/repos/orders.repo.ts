import { and, eq, getTableColumns, isNotNull, sql } from 'drizzle-orm';
import type { LineItemRecord, OrderRecord, OrdersRepo, RefundRecord } from '../../crm/store.port.ts';
import type { Db } from '../client.ts';
import { lineItems, orders, refunds } from '../schema/index.ts';
import { newId } from '../../lib/ids.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';
import { bindable, placeholders, rawInsert, rowMapper } from './prepared.ts';

const p = sql.placeholder;

// The row is the table's own type: a record field without its column fails to compile in toOrder.
type OrderRow = typeof orders.$inferSelect;
const orderRow = rowMapper<OrderRow>(orders);
function toOrder(row: unknown): OrderRecord | undefined {
  const r = orderRow(row);
  return r && { ...r, discountCodes: JSON.parse(r.discountCodes) as string[] };
}
const toRefund = rowMapper<RefundRecord>(refunds);

export function ordersRepo(db: Db): OrdersRepo {
  const q = {
    // Raw statements where a webhook or an imported order runs them: drizzle's row mapping costs more than the lookup.
    find: db.$client.prepare('SELECT * FROM orders WHERE connection_id = @connectionId AND external_id = @externalId'),
    upsert: rawInsert(db.$client, orders, { conflict: {
      target: ['connectionId', 'externalId'],
      update: Object.keys(getTableColumns(orders)).filter((k) => !['id', 'accountId', 'connectionId', 'externalId'].includes(k)),
    } }),
    deleteItems: db.$client.prepare('DELETE FROM line_items WHERE order_id = ?'),
    insertItem: rawInsert(db.$client, lineItems),
    insertRefund: db.insert(refunds).values(placeholders(refunds) as never).onConflictDoNothing().prepare(),
    byId: db.$client.prepare('SELECT * FROM orders WHERE account_id = @accountId AND id = @id'),
    items: db.select({
      externalId: lineItems.externalId, productId: lineItems.productId, variantId: lineItems.variantId, sku: lineItems.sku, title: lineItems.title,
      quantity: lineItems.quantity, priceMinor: lineItems.priceMinor, totalMinor: lineItems.totalMinor, giftCard: lineItems.giftCard,
    }).from(lineItems).where(eq(lineItems.orderId, p('orderId'))).prepare(),
    // The same orders as the customer's stats count (customers.repo recomputeStats).
    firstCounted: db.$client.prepare(`SELECT id FROM orders WHERE customer_id = ? AND ${countedOrderSql()}
      ORDER BY placed_at, id LIMIT 1`).pluck(),
    ofCustomer: db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, p('customerId'))).orderBy(orders.placedAt).prepare(),
    // Same rules as the customer's amount spent (customers.repo recomputeStats), within a window.
    spent: db.$client.prepare(`SELECT coalesce(sum(max(total_minor - refunded_minor, 0)), 0) AS n FROM orders
      WHERE customer_id = @customerId AND currency = @currency AND ${countedOrderSql()}
        AND placed_at >= @from AND placed_at < @to`),
    countedBetween: db.$client.prepare(`SELECT * FROM orders WHERE account_id = @accountId AND placed_at >= @from AND placed_at < @to
      AND ${countedOrderSql()} ORDER BY placed_at DESC LIMIT @limit`),
    refundsOf: db.$client.prepare('SELECT * FROM refunds WHERE connection_id = @connectionId AND order_external_id = @orderExternalId ORDER BY created_at'),
  };
  return {
    async find(connectionId, externalId) {
      return toOrder(q.find.get({ connectionId, externalId }));
    },
    async upsert(order, items) {
      q.upsert.run(bindable({ ...order, discountCodes: JSON.stringify(order.discountCodes) }));
      q.deleteItems.run(order.id);
      for (const item of items) q.insertItem.run(bindable({ id: newId('li'), accountId: order.accountId, orderId: order.id, ...item }));
    },
    async update(id, patch) {
      const { discountCodes, ...rest } = patch;
      db.update(orders).set({ ...rest, ...(discountCodes ? { discountCodes: JSON.stringify(discountCodes) } : {}) }).where(eq(orders.id, id)).run();
    },
    async insertRefund(refund) {
      return q.insertRefund.run(bindable(refund)).changes > 0;
    },
    async countedPlacedBetween(accountId, from, to, limit) {
      return q.countedBetween.all({ accountId, from, to, limit }).map((r) => toOrder(r)!);
    },
    async refundsOf(connectionId, orderExternalId) {
      return q.refundsOf.all({ connectionId, orderExternalId }).map((r) => toRefund(r)!);
    },
    async byId(accountId, id) {
      return toOrder(q.byId.get({ accountId, id }));
    },
    async lineItemsOf(orderId) {
      return q.items.all({ orderId }) as LineItemRecord[];
    },
    async firstCountedId(customerId) {
      return q.firstCounted.get(customerId) as string | undefined;
    },
    async idsOfCustomer(customerId) {
      return (q.ofCustomer.all({ customerId }) as Array<{ id: string }>).map((r) => r.id);
    },
    async spentBetween(customerId, currency, from, to) {
      return (q.spent.get({ customerId, currency, from: from ?? '', to }) as { n: number }).n;
    },
    async customerIdsOfConnection(connectionId) {
      const rows = db.selectDistinct({ id: orders.customerId }).from(orders)
        .where(and(eq(orders.connectionId, connectionId), isNotNull(orders.customerId))).all();
      return rows.map((r) => r.id!).filter(Boolean);
    },
  };
}
