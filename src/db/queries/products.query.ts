import type {
  BoughtTogether,
  ProductSort,
  ReportPeriod,
  ReturningProduct,
  TopProduct,
} from '../../crm/analytics/analytics-reports.port.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query, type Dialect } from '../sql/executor.ts';

// Products: top sellers, products that bring first-time buyers back, and products bought
// together. Orders come from the (account_id, placed_at) index, their lines from
// (order_id, external_id). A product is its platform id, or for a line without one (a custom
// item) its title. Gift cards are money, not merchandise: left out.
//
// Refunds are recorded per order, not per line: a line's net revenue is its share of its order's
// net, `line total × (order total − refunded) ÷ order total` in integer minor units, rounded down
// per line, and only for orders in the reporting currency.

const key = (alias: string) => `coalesce(${alias}.product_id, 'title:' || ${alias}.title)`;
const KEY = key('li');
const LINES = `orders o JOIN line_items li ON li.order_id = o.id
  WHERE o.account_id = :accountId AND o.placed_at >= :from AND o.placed_at < :to AND ${countedOrderSql('o')} AND li.gift_card = false`;
// Orders of more lines than this say little about affinity and cost pairs quadratically: left out of pairs.
const MAX_BASKET = 50;

const sorts: Record<ProductSort, string> = { revenue: '"revenueMinor"', units: 'units', customers: 'customers' };

const top = (sort: ProductSort) =>
  query(
    (d: Dialect) => `SELECT min(product_id) AS "productId", min(${sqlOf(d).bytewise('title')}) AS title,
      CAST(sum(net) AS bigint) AS "revenueMinor", CAST(sum(quantity) AS bigint) AS units,
      count(DISTINCT order_id) AS orders, count(DISTINCT customer_id) AS customers
    FROM (
      SELECT ${KEY} AS k, li.product_id AS product_id, li.title AS title, li.quantity AS quantity, o.id AS order_id, o.customer_id AS customer_id,
        CASE WHEN o.currency = :currency AND o.total_minor > 0
          THEN li.total_minor * ${sqlOf(d).greatest('o.total_minor - o.refunded_minor', '0')} / o.total_minor ELSE 0 END AS net
      FROM ${LINES}
    ) lines
    GROUP BY k
    ORDER BY ${sorts[sort]} DESC, ${sqlOf(d).bytewise('k')}
    LIMIT :limit`,
  );

const q = {
  top: { revenue: top('revenue'), units: top('units'), customers: top('customers') } satisfies Record<ProductSort, unknown>,
  // First-order buyers of each product (first order in the range), and whether they ordered again later.
  returning: query(
    (d) => `WITH buyers AS (
      SELECT c.id AS customer_id, c.first_order_at AS first_at, ${KEY} AS k, min(li.product_id) AS product_id, min(${sqlOf(d).bytewise('li.title')}) AS title
      FROM customers c JOIN orders o ON o.customer_id = c.id AND o.placed_at = c.first_order_at
      JOIN line_items li ON li.order_id = o.id
      WHERE c.account_id = :accountId AND c.first_order_at >= :from AND c.first_order_at < :to
        AND o.account_id = :accountId AND o.placed_at >= :from AND o.placed_at < :to
        AND ${countedOrderSql('o')} AND li.gift_card = false
      GROUP BY c.id, c.first_order_at, ${KEY}
    ), flagged AS (
      SELECT k, product_id, title,
        CASE WHEN EXISTS (SELECT 1 FROM orders o2 WHERE o2.customer_id = buyers.customer_id AND o2.placed_at > buyers.first_at
          AND ${countedOrderSql('o2')}) THEN 1 ELSE 0 END AS back
      FROM buyers
    )
    SELECT min(product_id) AS "productId", min(${sqlOf(d).bytewise('title')}) AS title, count(*) AS "firstOrderBuyers",
      CAST(sum(back) AS bigint) AS "cameBack"
    FROM flagged GROUP BY k HAVING count(*) >= :minBuyers
    ORDER BY CAST(sum(back) AS double precision) / count(*) DESC, count(*) DESC, ${sqlOf(d).bytewise('k')}
    LIMIT :limit`,
  ),
  baskets: query(`SELECT count(DISTINCT o.id) AS n FROM ${LINES}`),
  // Pairs of lines of one order, joined through the (order_id, …) index: a nested loop per order
  // that stays bounded whatever the planner believes (a self-join of a materialised CTE, planned
  // with stale statistics, was a nested loop over all lines × all lines: 25 s at 7,000 orders).
  // Two lines of one product (two variants) make one pair per order: count(DISTINCT o.id).
  pairs: query(
    (d) => `SELECT min(a.product_id) AS "aId", min(${sqlOf(d).bytewise('a.title')}) AS "aTitle",
      min(b.product_id) AS "bId", min(${sqlOf(d).bytewise('b.title')}) AS "bTitle", count(DISTINCT o.id) AS orders
    FROM orders o
      JOIN line_items a ON a.order_id = o.id AND a.gift_card = false
      JOIN line_items b ON b.order_id = o.id AND b.gift_card = false AND ${sqlOf(d).bytewise(key('a'))} < ${sqlOf(d).bytewise(key('b'))}
    WHERE o.account_id = :accountId AND o.placed_at >= :from AND o.placed_at < :to AND ${countedOrderSql('o')}
      AND (SELECT count(*) FROM line_items n WHERE n.order_id = o.id AND n.gift_card = false) <= ${MAX_BASKET}
    GROUP BY ${key('a')}, ${key('b')}
    ORDER BY count(DISTINCT o.id) DESC, ${sqlOf(d).bytewise(key('a'))}, ${sqlOf(d).bytewise(key('b'))}
    LIMIT :limit`,
  ),
};

export async function topProducts(database: SqlDatabase, p: ReportPeriod, o: { sort: ProductSort; limit: number }): Promise<TopProduct[]> {
  return database.x.all<TopProduct>(q.top[o.sort], {
    accountId: p.accountId,
    currency: p.currency,
    from: p.from,
    to: p.to,
    limit: o.limit,
  });
}

export async function returningProducts(
  database: SqlDatabase,
  p: ReportPeriod,
  o: { minBuyers: number; limit: number },
): Promise<ReturningProduct[]> {
  return database.x.all<ReturningProduct>(q.returning, { accountId: p.accountId, from: p.from, to: p.to, ...o });
}

export async function boughtTogether(database: SqlDatabase, p: ReportPeriod, o: { limit: number }): Promise<BoughtTogether> {
  const params = { accountId: p.accountId, from: p.from, to: p.to };
  const baskets = (await database.x.get<{ n: number }>(q.baskets, params))!;
  const rows = await database.x.all<{ aId: string | null; aTitle: string; bId: string | null; bTitle: string; orders: number }>(q.pairs, {
    ...params,
    limit: o.limit,
  });
  return {
    baskets: baskets.n,
    pairs: rows.map((r) => ({ a: { productId: r.aId, title: r.aTitle }, b: { productId: r.bId, title: r.bTitle }, orders: r.orders })),
  };
}
