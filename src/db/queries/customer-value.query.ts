import type { CustomerValueGroup } from '../../crm/analytics/analytics-reports.port.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query } from '../sql/executor.ts';

// Historic vs predicted value: each customer's net revenue of counted orders to date in the
// reporting currency (the account's orders by the (account_id, placed_at) index, grouped per
// customer), beside their stored scores (customer_scores by primary key), grouped by RFM segment
// and churn band. Erased customers are left out, as the insights refresh leaves them unscored.

const q = query(
  (d) => `WITH buyers AS (
      SELECT o.customer_id AS id,
        CAST(sum(CASE WHEN o.currency = :currency THEN ${sqlOf(d).greatest('o.total_minor - o.refunded_minor', '0')} ELSE 0 END) AS bigint) AS historic
      FROM orders o JOIN customers c ON c.id = o.customer_id AND c.redacted_at IS NULL
      WHERE o.account_id = :accountId AND ${countedOrderSql('o')}
      GROUP BY o.customer_id
    )
    SELECT s.rfm_segment AS "segment", s.churn_risk AS "churnRisk", count(*) AS customers, count(s.customer_id) AS scored,
      CAST(coalesce(sum(b.historic), 0) AS bigint) AS "historicMinor",
      CAST(coalesce(sum(s.predicted_clv_minor), 0) AS bigint) AS "predictedMinor"
    FROM buyers b LEFT JOIN customer_scores s ON s.customer_id = b.id AND s.account_id = :accountId
    GROUP BY s.rfm_segment, s.churn_risk`,
);

export async function customerValue(database: SqlDatabase, accountId: string, currency: string): Promise<CustomerValueGroup[]> {
  return database.x.all<CustomerValueGroup>(q, { accountId, currency });
}
