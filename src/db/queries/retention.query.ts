import type { ReportPeriod, RetentionReport } from '../../crm/analytics/analytics-reports.port.ts';
import { addMonths, retentionMatrix, type CohortActivity, type CohortSize } from '../../crm/analytics/retention-matrix.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query } from '../sql/executor.ts';

// Retention cohorts by first-order month. A customer's first counted order is
// `customers.first_order_at` (kept from counted orders on every order change, crm/customers), so
// a cohort is read from the account's customers; their later orders through the
// (customer_id, placed_at) index. Months are UTC.

const q = {
  sizes: query(
    (d) => `SELECT ${sqlOf(d).utcMonth('first_order_at')} AS cohort, count(*) AS customers FROM customers
    WHERE account_id = :accountId AND first_order_at >= :from AND first_order_at < :to
    GROUP BY 1`,
  ),
  // Distinct customers of each cohort with a counted order in each later month (month 0 too, unused).
  // A cohort's orders all come at or after its first, so [from, until) bounds the index range.
  activity: query(
    (d) => `SELECT ${sqlOf(d).utcMonth('c.first_order_at')} AS cohort, ${sqlOf(d).utcMonth('o.placed_at')} AS "month",
      count(DISTINCT c.id) AS customers
    FROM customers c JOIN orders o ON o.customer_id = c.id
    WHERE c.account_id = :accountId AND c.first_order_at >= :from AND c.first_order_at < :to
      AND o.account_id = :accountId AND o.placed_at >= :from AND o.placed_at < :until AND ${countedOrderSql('o')}
    GROUP BY 1, 2`,
  ),
};

export async function retention(database: SqlDatabase, p: ReportPeriod, months: number, asOf: string): Promise<RetentionReport> {
  const firstMonth = p.from.slice(0, 7);
  // `to` is exclusive: the last cohort is the month of the instant just before it.
  const lastMonth = new Date(Date.parse(p.to) - 1).toISOString().slice(0, 7);
  const until = `${addMonths(lastMonth, months + 1)}-01T00:00:00.000Z`;
  const params = { accountId: p.accountId, from: p.from, to: p.to };
  const sizes = await database.x.all<CohortSize>(q.sizes, params);
  const activity = await database.x.all<CohortActivity>(q.activity, { ...params, until });
  return { cohorts: retentionMatrix(sizes, activity, { firstMonth, lastMonth }, months, asOf.slice(0, 7)) };
}
