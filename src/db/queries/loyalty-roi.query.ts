import type { BuyerGroup, LoyaltyRoi, ReportPeriod } from '../../crm/analytics/analytics-reports.port.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query } from '../sql/executor.ts';
import { pointsMoved } from './analytics.query.ts';

// Loyalty ROI: buyers in the range split into members (points history by the end of the range,
// the Home KPIs' rule) and the others; the points members hold at the end of the range; and what
// referrals brought. Buyers come from the (account_id, placed_at) index, membership from the
// ledger's (customer_id, …) index. The points held read the account's ledger rows before `to`
// (by the (account_id, dedupe_key) index): one pass over the account's ledger.

const VALID = countedOrderSql();
// A referral that paid (or that the merchant approved).
const SUCCESSFUL = "('completed', 'approved')";

const q = {
  groups: query(
    (d) => `WITH buyers AS (
      SELECT customer_id AS id, count(*) AS orders,
        sum(CASE WHEN currency = :currency THEN 1 ELSE 0 END) AS in_currency,
        sum(CASE WHEN currency = :currency THEN ${sqlOf(d).greatest('total_minor - refunded_minor', '0')} ELSE 0 END) AS revenue
      FROM orders
      WHERE account_id = :accountId AND placed_at >= :from AND placed_at < :to AND customer_id IS NOT NULL AND ${VALID}
      GROUP BY customer_id
    ), tagged AS (
      SELECT orders, in_currency, revenue,
        CASE WHEN EXISTS (SELECT 1 FROM points_ledger pl WHERE pl.customer_id = buyers.id AND pl.occurred_at < :to) THEN 1 ELSE 0 END AS member,
        CASE WHEN orders >= 2 OR EXISTS (SELECT 1 FROM orders o2 WHERE o2.customer_id = buyers.id AND o2.placed_at < :from
          AND ${countedOrderSql('o2')}) THEN 1 ELSE 0 END AS repeater
      FROM buyers
    )
    SELECT member, count(*) AS customers, CAST(sum(orders) AS bigint) AS orders, CAST(sum(in_currency) AS bigint) AS "ordersInCurrency",
      CAST(sum(revenue) AS bigint) AS "revenueMinor", CAST(sum(repeater) AS bigint) AS "repeatCustomers"
    FROM tagged GROUP BY member`,
  ),
  held: query(`SELECT CAST(coalesce(sum(CASE WHEN a > 0 THEN a ELSE 0 END), 0) AS bigint) AS available,
      CAST(coalesce(sum(CASE WHEN p > 0 THEN p ELSE 0 END), 0) AS bigint) AS pending,
      count(CASE WHEN a > 0 OR p > 0 THEN 1 END) AS holders
    FROM (SELECT sum(available_delta) AS a, sum(pending_delta) AS p FROM points_ledger
      WHERE account_id = :accountId AND occurred_at < :to GROUP BY customer_id) balances`),
  newCustomers: query(
    `SELECT count(*) AS n FROM customers WHERE account_id = :accountId AND first_order_at >= :from AND first_order_at < :to`,
  ),
  referralOrders: query(
    (d) => `SELECT count(DISTINCT r.friend_id) AS friends, count(DISTINCT o.id) AS orders,
      CAST(coalesce(sum(CASE WHEN o.currency = :currency THEN ${sqlOf(d).greatest('o.total_minor - o.refunded_minor', '0')} END), 0) AS bigint) AS revenue
    FROM referrals r JOIN orders o ON o.id = r.order_id
    WHERE r.account_id = :accountId AND r.status IN ${SUCCESSFUL}
      AND o.account_id = :accountId AND o.placed_at >= :from AND o.placed_at < :to AND ${countedOrderSql('o')}`,
  ),
  friendsRevenue: query(
    (
      d,
    ) => `SELECT CAST(coalesce(sum(CASE WHEN currency = :currency THEN ${sqlOf(d).greatest('total_minor - refunded_minor', '0')} END), 0) AS bigint) AS revenue
    FROM orders
    WHERE account_id = :accountId AND placed_at >= :from AND placed_at < :to AND ${VALID}
      AND customer_id IN (SELECT friend_id FROM referrals WHERE account_id = :accountId AND status IN ${SUCCESSFUL} AND friend_id IS NOT NULL)`,
  ),
};

const none: BuyerGroup = { customers: 0, orders: 0, ordersInCurrency: 0, revenueMinor: 0, repeatCustomers: 0 };

export async function loyaltyRoi(database: SqlDatabase, p: ReportPeriod): Promise<LoyaltyRoi> {
  const x = database.x;
  const params = { accountId: p.accountId, currency: p.currency, from: p.from, to: p.to };
  const groups = await x.all<BuyerGroup & { member: number }>(q.groups, params);
  const group = (member: number): BuyerGroup => {
    const g = groups.find((r) => Number(r.member) === member);
    return g
      ? {
          customers: g.customers,
          orders: g.orders,
          ordersInCurrency: g.ordersInCurrency,
          revenueMinor: g.revenueMinor,
          repeatCustomers: g.repeatCustomers,
        }
      : none;
  };
  const held = (await x.get<{ available: number; pending: number; holders: number }>(q.held, params))!;
  const moved = await pointsMoved(database, p.accountId, p.from, p.to);
  const fresh = (await x.get<{ n: number }>(q.newCustomers, params))!;
  const referred = (await x.get<{ friends: number; orders: number; revenue: number }>(q.referralOrders, params))!;
  const friends = (await x.get<{ revenue: number }>(q.friendsRevenue, params))!;
  return {
    members: group(1),
    nonMembers: group(0),
    points: { ...held, issued: moved.issued, redeemed: moved.redeemed },
    referrals: {
      newCustomers: fresh.n,
      referredCustomers: referred.friends,
      referralOrders: referred.orders,
      referralRevenueMinor: referred.revenue,
      referredCustomersRevenueMinor: friends.revenue,
    },
  };
}
