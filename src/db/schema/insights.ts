import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { customers } from './customers.ts';
import { accounts } from './tenancy.ts';

// The latest scores of each customer (RFM, customer-base model predictions), one row per
// customer, rewritten whenever the insights job rescores. Segment queries read it
// (db/queries/segment-query.sql.ts); no row: not scored yet, every score reads as missing.
export const customerScores = sqliteTable(
  'customer_scores',
  {
    customerId: text('customer_id')
      .primaryKey()
      .references(() => customers.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // champions | loyal | potential_loyalists | new | at_risk | cant_lose | hibernating | lost
    rfmSegment: text('rfm_segment'),
    // Quintile scores, 1 to 5.
    recencyScore: integer('recency_score'),
    frequencyScore: integer('frequency_score'),
    monetaryScore: integer('monetary_score'),
    // Predicted spend over the next 12 months, minor units of the account currency.
    predictedClvMinor: integer('predicted_clv_minor'),
    probabilityAlive: real('probability_alive'),
    expectedOrders90d: real('expected_orders_90d'),
    // low | medium | high
    churnRisk: text('churn_risk'),
    computedAt: text('computed_at').notNull(),
  },
  (t) => [index('customer_scores_account_segment').on(t.accountId, t.rfmSegment)],
);
