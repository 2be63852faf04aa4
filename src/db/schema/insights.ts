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
    // When the model expects the next order (may be past: the customer is overdue).
    nextOrderExpectedAt: text('next_order_expected_at'),
    computedAt: text('computed_at').notNull(),
  },
  (t) => [
    index('customer_scores_account_segment').on(t.accountId, t.rfmSegment),
    // The win-back flow's daily pass: whose expected next order has just gone by (crm/flows).
    index('customer_scores_account_next_order').on(t.accountId, t.nextOrderExpectedAt),
  ],
);

// Each account's fitted customer-base models (BG/NBD and Gamma-Gamma, crm/insights), rewritten by
// every refit: what the scores above were computed with, and how sure they are.
export const insightsModels = sqliteTable('insights_models', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  currency: text('currency').notNull(),
  r: real('r').notNull(),
  alpha: real('alpha').notNull(),
  a: real('a').notNull(),
  b: real('b').notNull(),
  p: real('p').notNull(),
  q: real('q').notNull(),
  gamma: real('gamma').notNull(),
  logLikelihood: real('log_likelihood').notNull(),
  customers: integer('customers').notNull(),
  repeaters: integer('repeaters').notNull(),
  // low | medium | high (crm/insights/confidence.ts)
  confidence: text('confidence').notNull(),
  // 0–1: how much the pooled prior still decides; null without a prior.
  priorShare: real('prior_share'),
  // Standard errors of the parameters, JSON {r, alpha, a, b, p, q, gamma} (null: not identified).
  standardErrors: text('standard_errors').notNull(),
  // When the fit ran; an order placed after it makes the account due for a refit.
  fittedAt: text('fitted_at').notNull(),
  seconds: real('seconds').notNull(),
  // The holdout check of this fit (crm/insights/model-check.ts `ModelCheck`, JSON); null when no
  // customer ordered before the holdout, or for a fit stored before the check existed.
  modelCheck: text('model_check'),
});
