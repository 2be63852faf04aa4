import type { RepeatPurchase, ReportPeriod } from '../../crm/analytics/analytics-reports.port.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query } from '../sql/executor.ts';

// Repeat-purchase rate, purchase frequency and the time between orders. Buyers come from the
// (account_id, placed_at) index; their earlier orders from (customer_id, placed_at). Intervals are
// whole UTC calendar days between a customer's consecutive counted orders (same day: 0), so the
// mean (total / count) and the median are exact on both databases.

const VALID = countedOrderSql();

const q = {
  buyers: query(`WITH buyers AS (
      SELECT customer_id AS id, count(*) AS orders FROM orders
      WHERE account_id = :accountId AND placed_at >= :from AND placed_at < :to AND customer_id IS NOT NULL AND ${VALID}
      GROUP BY customer_id
    )
    SELECT count(*) AS customers, CAST(coalesce(sum(orders), 0) AS bigint) AS orders,
      CAST(coalesce(sum(CASE WHEN orders >= 2 OR EXISTS (SELECT 1 FROM orders o2 WHERE o2.customer_id = buyers.id
        AND o2.placed_at < :from AND ${countedOrderSql('o2')}) THEN 1 ELSE 0 END), 0) AS bigint) AS "repeatCustomers"
    FROM buyers`),
  // The median: the middle interval, or the two middle ones summed (halved in TypeScript).
  intervals: query(
    (d) => `WITH buyers AS (
      SELECT DISTINCT customer_id AS id FROM orders
      WHERE account_id = :accountId AND placed_at >= :from AND placed_at < :to AND customer_id IS NOT NULL AND ${VALID}
    ), seq AS (
      SELECT o.placed_at AS placed_at, ${sqlOf(d).utcDayNumber('o.placed_at')}
        - lag(${sqlOf(d).utcDayNumber('o.placed_at')}) OVER (PARTITION BY o.customer_id ORDER BY o.placed_at, o.id) AS gap
      FROM orders o JOIN buyers b ON o.customer_id = b.id
      WHERE o.placed_at < :to AND ${countedOrderSql('o')}
    ), gaps AS (
      SELECT gap FROM seq WHERE placed_at >= :from AND gap IS NOT NULL
    ), ranked AS (
      SELECT gap, row_number() OVER (ORDER BY gap) AS rn, count(*) OVER () AS n FROM gaps
    )
    SELECT (SELECT count(*) FROM gaps) AS n,
      (SELECT CAST(coalesce(sum(gap), 0) AS bigint) FROM gaps) AS total,
      (SELECT CAST(sum(gap) AS bigint) FROM ranked WHERE rn = (n + 1) / 2 OR rn = (n + 2) / 2) AS middle`,
  ),
};

export async function repeatPurchase(database: SqlDatabase, p: ReportPeriod): Promise<RepeatPurchase> {
  const params = { accountId: p.accountId, from: p.from, to: p.to };
  const b = (await database.x.get<{ customers: number; orders: number; repeatCustomers: number }>(q.buyers, params))!;
  const i = (await database.x.get<{ n: number; total: number; middle: number | null }>(q.intervals, params))!;
  return {
    customers: b.customers,
    orders: b.orders,
    repeatCustomers: b.repeatCustomers,
    intervals: i.n,
    intervalDaysTotal: i.total,
    medianDays: i.n ? i.middle! / (i.n % 2 ? 1 : 2) : null,
  };
}
