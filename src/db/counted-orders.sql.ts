// The SQL twin of `crm/orders/counted-order.ts` (`isCountedOrder`): an order counts when it is
// not cancelled, not trashed and not a test. Every query over counted orders uses this text.

/**
 * The condition as SQL text, for raw statements; `alias` names the orders table (`o`). `test =
 * false` reads the same on SQLite (0/1) and PostgreSQL (boolean).
 */
export function countedOrderSql(alias?: string): string {
  const c = alias ? `${alias}.` : '';
  return `${c}cancelled_at IS NULL AND ${c}deleted_at IS NULL AND ${c}test = false`;
}
