import type { OrderRecord } from '../store.port.ts';

// Which orders count in a customer's stats, tiers, KPIs and the program backtest: not
// cancelled, not trashed (deleted in the store), not a test order. `db/counted-orders.sql.ts` is
// the same rule in SQL; test/unit/db/counted-orders.test.ts checks both agree on the same rows.

export type CountedOrderFacts = Pick<OrderRecord, 'cancelledAt' | 'deletedAt' | 'test'>;

export function isCountedOrder(order: CountedOrderFacts): boolean {
  return order.cancelledAt === null && order.deletedAt === null && !order.test;
}
