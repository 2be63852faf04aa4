import type { DailyRow, Kpis } from '../../crm/analytics/analytics-queries.port.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query } from '../sql/executor.ts';

// Home-page KPIs: exact SQL aggregates over orders and points_ledger for one account and a
// half-open UTC range [from, to). Orders that are cancelled, trashed or test never count, and
// revenue is net of refunds, as in the customer stats (crm/customers). Sums are cast to bigint
// (PostgreSQL sums bigint as numeric), so both databases hand out numbers.

const VALID = countedOrderSql();
const EARNING = "('order','first_order','campaign','signup','birthday','newsletter','review','referral','tier_bonus','manual')";

const q = {
  orders: query(
    (d) => `SELECT count(*) AS orders,
      CAST(coalesce(sum(CASE WHEN currency = :currency THEN ${sqlOf(d).greatest('total_minor - refunded_minor', '0')} END), 0) AS bigint) AS "revenueMinor",
      count(DISTINCT customer_id) AS customers
    FROM orders WHERE account_id = :accountId AND placed_at >= :from AND placed_at < :to AND ${VALID}`,
  ),
  // Repeat buyers: ordered in the range and had two or more valid orders by its end.
  repeat: query(`SELECT count(*) AS n FROM (
      SELECT DISTINCT customer_id AS id FROM orders
      WHERE account_id = :accountId AND placed_at >= :from AND placed_at < :to AND customer_id IS NOT NULL AND ${VALID}
    ) buyers
    WHERE (SELECT count(*) FROM orders o2 WHERE o2.customer_id = buyers.id AND o2.placed_at < :to
      AND ${countedOrderSql('o2')}) >= 2`),
  members: query(
    (d) => `SELECT CAST(coalesce(sum(${sqlOf(d).greatest('o.total_minor - o.refunded_minor', '0')}), 0) AS bigint) AS minor FROM orders o
    WHERE o.account_id = :accountId AND o.currency = :currency AND o.placed_at >= :from AND o.placed_at < :to
      AND ${countedOrderSql('o')}
      AND EXISTS (SELECT 1 FROM points_ledger pl WHERE pl.customer_id = o.customer_id AND pl.occurred_at < :to)`,
  ),
  // A row's net effect is pending + available: maturing moves points between the two (net 0),
  // so counting the net keeps each point issued once.
  points: query(`SELECT
      CAST(coalesce(sum(CASE WHEN reason IN ${EARNING} AND pending_delta + available_delta > 0 THEN pending_delta + available_delta END), 0) AS bigint) AS issued,
      CAST(coalesce(-sum(CASE WHEN reason IN ('redemption', 'redemption_return') THEN available_delta END), 0) AS bigint) AS redeemed
    FROM points_ledger WHERE account_id = :accountId AND occurred_at >= :from AND occurred_at < :to`),
  // The UTC day of each order: its text's first ten characters on SQLite, the instant at UTC on PostgreSQL.
  daily: query(
    (d) => `SELECT ${sqlOf(d).utcDay('placed_at')} AS "date", count(*) AS orders,
      CAST(coalesce(sum(CASE WHEN currency = :currency THEN ${sqlOf(d).greatest('total_minor - refunded_minor', '0')} END), 0) AS bigint) AS "revenueMinor"
    FROM orders WHERE account_id = :accountId AND placed_at >= :from AND placed_at < :to AND ${VALID}
    GROUP BY 1 ORDER BY 1`,
  ),
};

export async function kpis(database: SqlDatabase, accountId: string, currency: string, from: string, to: string): Promise<Kpis> {
  const x = database.x;
  const o = (await x.get<{ orders: number; revenueMinor: number; customers: number }>(q.orders, { accountId, currency, from, to }))!;
  const repeat = (await x.get<{ n: number }>(q.repeat, { accountId, from, to }))!;
  const members = (await x.get<{ minor: number }>(q.members, { accountId, currency, from, to }))!;
  const points = await pointsMoved(database, accountId, from, to);
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

/** Points issued (earning reasons) and redeemed (net of points returned) in [from, to). */
export async function pointsMoved(
  database: SqlDatabase,
  accountId: string,
  from: string,
  to: string,
): Promise<{ issued: number; redeemed: number }> {
  return (await database.x.get<{ issued: number; redeemed: number }>(q.points, { accountId, from, to }))!;
}

/** Revenue and orders per UTC day in [from, to); days without orders are absent (the caller fills them). */
export async function dailyRevenue(
  database: SqlDatabase,
  accountId: string,
  currency: string,
  from: string,
  to: string,
): Promise<DailyRow[]> {
  return database.x.all<DailyRow>(q.daily, { accountId, currency, from, to });
}
