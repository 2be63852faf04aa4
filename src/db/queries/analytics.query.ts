import type { DailyRow, Kpis } from '../../crm/analytics/analytics-queries.port.ts';
import type { Db } from '../client.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';

// Home-page KPIs: exact SQL aggregates over orders and points_ledger for one account and a
// half-open UTC range [from, to). Orders that are cancelled, trashed or test never count, and
// revenue is net of refunds, as in the customer stats (crm/customers).

const VALID = countedOrderSql();
const EARNING = "('order','first_order','signup','birthday','newsletter','review','referral','tier_bonus','manual')";

export function kpis(db: Db, accountId: string, currency: string, from: string, to: string): Kpis {
  const c = db.$client;
  const o = c
    .prepare(
      `
    SELECT count(*) AS orders,
      coalesce(sum(CASE WHEN currency = @currency THEN max(total_minor - refunded_minor, 0) END), 0) AS revenueMinor,
      count(DISTINCT customer_id) AS customers
    FROM orders WHERE account_id = @accountId AND placed_at >= @from AND placed_at < @to AND ${VALID}`,
    )
    .get({ accountId, currency, from, to }) as { orders: number; revenueMinor: number; customers: number };
  // Repeat buyers: ordered in the range and had two or more valid orders by its end.
  const repeat = c
    .prepare(
      `
    SELECT count(*) AS n FROM (
      SELECT DISTINCT customer_id AS id FROM orders
      WHERE account_id = @accountId AND placed_at >= @from AND placed_at < @to AND customer_id IS NOT NULL AND ${VALID}
    ) buyers
    WHERE (SELECT count(*) FROM orders o2 WHERE o2.customer_id = buyers.id AND o2.placed_at < @to
      AND ${countedOrderSql('o2')}) >= 2`,
    )
    .get({ accountId, from, to }) as { n: number };
  const members = c
    .prepare(
      `
    SELECT coalesce(sum(max(o.total_minor - o.refunded_minor, 0)), 0) AS minor FROM orders o
    WHERE o.account_id = @accountId AND o.currency = @currency AND o.placed_at >= @from AND o.placed_at < @to
      AND ${countedOrderSql('o')}
      AND EXISTS (SELECT 1 FROM points_ledger pl WHERE pl.customer_id = o.customer_id AND pl.occurred_at < @to)`,
    )
    .get({ accountId, currency, from, to }) as { minor: number };
  // A row's net effect is pending + available: maturing moves points between the two (net 0),
  // so counting the net keeps each point issued once.
  const points = c
    .prepare(
      `
    SELECT
      coalesce(sum(CASE WHEN reason IN ${EARNING} AND pending_delta + available_delta > 0 THEN pending_delta + available_delta END), 0) AS issued,
      coalesce(-sum(CASE WHEN reason IN ('redemption', 'redemption_return') THEN available_delta END), 0) AS redeemed
    FROM points_ledger WHERE account_id = @accountId AND occurred_at >= @from AND occurred_at < @to`,
    )
    .get({ accountId, from, to }) as { issued: number; redeemed: number };
  return {
    revenueMinor: o.revenueMinor,
    orders: o.orders,
    customers: o.customers,
    repeatCustomers: repeat.n,
    pointsIssued: points.issued,
    pointsRedeemed: points.redeemed,
    memberRevenueMinor: members.minor,
  };
}

/** Revenue and orders per UTC day in [from, to); days without orders are absent (the caller fills them). */
export function dailyRevenue(db: Db, accountId: string, currency: string, from: string, to: string): DailyRow[] {
  return db.$client
    .prepare(
      `
    SELECT substr(placed_at, 1, 10) AS date, count(*) AS orders,
      coalesce(sum(CASE WHEN currency = @currency THEN max(total_minor - refunded_minor, 0) END), 0) AS revenueMinor
    FROM orders WHERE account_id = @accountId AND placed_at >= @from AND placed_at < @to AND ${VALID}
    GROUP BY 1 ORDER BY 1`,
    )
    .all({ accountId, currency, from, to }) as DailyRow[];
}
