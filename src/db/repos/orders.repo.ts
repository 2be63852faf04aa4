import { getTableColumns } from 'drizzle-orm';
import type { LineItemRecord, OrderRecord, OrdersRepo, RefundRecord } from '../../crm/store.port.ts';
import { lineItems, orders, refunds } from '../schema/index.ts';
import { newId } from '../../lib/ids.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';
import { query, type Executor } from '../sql/executor.ts';
import { sqlOf } from '../sql/dialect.ts';
import { columnsOf, insertInto, patchUpdater, rowMapper } from '../sql/statements.ts';

// The row is the table's own type: a record field without its column fails to compile in toOrder.
type OrderRow = typeof orders.$inferSelect;
const orderRow = rowMapper<OrderRow>(orders);
function toOrder(row: unknown): OrderRecord | undefined {
  const r = orderRow(row);
  return r && { ...r, discountCodes: JSON.parse(r.discountCodes) as string[] };
}
const toRefund = rowMapper<RefundRecord>(refunds);
const lineItemRow = rowMapper<typeof lineItems.$inferSelect>(lineItems);
function toLineItem(row: unknown): LineItemRecord {
  const { externalId, productId, variantId, sku, title, quantity, priceMinor, totalMinor, giftCard } = lineItemRow(row)!;
  return { externalId, productId, variantId, sku, title, quantity, priceMinor, totalMinor, giftCard };
}

const updateOrder = patchUpdater('orders', columnsOf(orders, ['id']), 'id = :id');
const q = {
  find: query('SELECT * FROM orders WHERE connection_id = :connectionId AND external_id = :externalId'),
  upsert: insertInto(orders, {
    conflict: {
      target: ['connectionId', 'externalId'],
      update: Object.keys(getTableColumns(orders)).filter((k) => !['id', 'accountId', 'connectionId', 'externalId'].includes(k)),
    },
  }),
  deleteItems: query('DELETE FROM line_items WHERE order_id = :orderId'),
  insertItem: insertInto(lineItems),
  insertRefund: insertInto(refunds, { conflict: 'ignore' }),
  byId: query('SELECT * FROM orders WHERE account_id = :accountId AND id = :id'),
  items: query('SELECT * FROM line_items WHERE order_id = :orderId'),
  // The same orders as the customer's stats count (customers.repo recomputeStats).
  firstCounted: query(`SELECT id FROM orders WHERE customer_id = :customerId AND ${countedOrderSql()}
    ORDER BY placed_at, id LIMIT 1`),
  ofCustomer: query('SELECT id FROM orders WHERE customer_id = :customerId ORDER BY placed_at'),
  // Same rules as the customer's amount spent (customers.repo recomputeStats), within a window.
  spent: query(
    (d) => `SELECT CAST(coalesce(sum(${sqlOf(d).greatest('total_minor - refunded_minor', '0')}), 0) AS bigint) AS n FROM orders
    WHERE customer_id = :customerId AND currency = :currency AND ${countedOrderSql()}
      AND placed_at >= :from AND placed_at < :to`,
  ),
  countedBetween: query(`SELECT * FROM orders WHERE account_id = :accountId AND placed_at >= :from AND placed_at < :to
    AND ${countedOrderSql()} ORDER BY placed_at DESC LIMIT :limit`),
  refundsOf: query(
    'SELECT * FROM refunds WHERE connection_id = :connectionId AND order_external_id = :orderExternalId ORDER BY created_at',
  ),
  customerIds: query('SELECT DISTINCT customer_id AS id FROM orders WHERE connection_id = :connectionId AND customer_id IS NOT NULL'),
};

/** Before every instant we store: an open window's start, comparable as text and as timestamptz. */
const BEGINNING = '0001-01-01T00:00:00.000Z';

export function ordersRepo(x: Executor): OrdersRepo {
  return {
    find: (connectionId, externalId) => x.getAs(q.find, { connectionId, externalId }, toOrder),
    async upsert(order, items) {
      await x.run(q.upsert, { ...order, discountCodes: JSON.stringify(order.discountCodes) });
      await x.run(q.deleteItems, { orderId: order.id });
      for (const item of items) await x.run(q.insertItem, { id: newId('li'), accountId: order.accountId, orderId: order.id, ...item });
    },
    async update(id, patch) {
      // Absent fields are left as they are (undefined is not "set to null").
      const set: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) set[k] = k === 'discountCodes' ? JSON.stringify(v) : v;
      const statement = updateOrder(set);
      if (statement) await x.run(statement, { ...set, id });
    },
    async insertRefund(refund) {
      return (await x.run(q.insertRefund, refund)) > 0;
    },
    async countedPlacedBetween(accountId, from, to, limit) {
      return (await x.all(q.countedBetween, { accountId, from, to, limit })).map((r) => toOrder(r)!);
    },
    async refundsOf(connectionId, orderExternalId) {
      return (await x.all(q.refundsOf, { connectionId, orderExternalId })).map((r) => toRefund(r)!);
    },
    async byId(accountId, id) {
      return toOrder(await x.get(q.byId, { accountId, id }));
    },
    async lineItemsOf(orderId) {
      return (await x.all(q.items, { orderId })).map(toLineItem);
    },
    async firstCountedId(customerId) {
      return (await x.get<{ id: string }>(q.firstCounted, { customerId }))?.id;
    },
    async idsOfCustomer(customerId) {
      return (await x.all<{ id: string }>(q.ofCustomer, { customerId })).map((r) => r.id);
    },
    async spentBetween(customerId, currency, from, to) {
      return (await x.get<{ n: number }>(q.spent, { customerId, currency, from: from ?? BEGINNING, to }))!.n;
    },
    async customerIdsOfConnection(connectionId) {
      return (await x.all<{ id: string }>(q.customerIds, { connectionId })).map((r) => r.id).filter(Boolean);
    },
  };
}
