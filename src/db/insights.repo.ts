import type { AccountToScore, InsightsPort, StoredInsights, StoredModel } from '../crm/insights/insights.port.ts';
import type { RfmSegment } from '../crm/insights/rfm.ts';
import type { CustomerHistory } from '../crm/insights/score-account.ts';
import { countedOrderSql } from './counted-orders.sql.ts';
import type { SqlDatabase } from './sql/database.ts';
import { sqlOf } from './sql/dialect.ts';
import { query, queryCache } from './sql/executor.ts';

// crm's InsightsPort: the order histories an account is scored on, and its scores and model
// (schema/insights.ts). One SQL text for both databases. Scores are written in units of
// CHUNK customers, each its own transaction (a 100,000-customer account is never one long write
// holding SQLite's lock), then the rows of customers the fit no longer scores are deleted, then
// the model: readers see old and new scores side by side for a moment, never none.

const CHUNK = 500;
const SCORE_COLUMNS = [
  'customer_id',
  'account_id',
  'rfm_segment',
  'recency_score',
  'frequency_score',
  'monetary_score',
  'predicted_clv_minor',
  'probability_alive',
  'expected_orders_90d',
  'churn_risk',
  'next_order_expected_at',
  'computed_at',
] as const;

const q = {
  accountsDue: query(
    `SELECT a.id AS "accountId", a.currency AS "currency",
      (SELECT c.timezone FROM connections c WHERE c.account_id = a.id AND c.timezone IS NOT NULL AND c.timezone <> ''
        ORDER BY c.created_at, c.id LIMIT 1) AS "timeZone"
    FROM accounts a LEFT JOIN insights_models m ON m.account_id = a.id
    WHERE EXISTS (SELECT 1 FROM orders o WHERE o.account_id = a.id)
      AND (m.account_id IS NULL OR m.fitted_at < :staleBefore
        OR EXISTS (SELECT 1 FROM orders o WHERE o.account_id = a.id AND o.placed_at > m.fitted_at))
    ORDER BY CASE WHEN m.account_id IS NULL THEN 0 ELSE 1 END, m.fitted_at, a.id
    LIMIT :limit`,
  ),
  histories: query(
    (d) => `SELECT o.customer_id AS "customerId", o.placed_at AS "placedAt",
      ${sqlOf(d).greatest('o.total_minor - o.refunded_minor', '0')} AS "amountMinor"
    FROM orders o JOIN customers c ON c.id = o.customer_id AND c.redacted_at IS NULL
    WHERE o.account_id = :accountId AND o.currency = :currency AND ${countedOrderSql('o')}
    ORDER BY o.customer_id, o.placed_at`,
  ),
  dropUnscored: query('DELETE FROM customer_scores WHERE account_id = :accountId AND computed_at < :fittedAt'),
  saveModel: query(`INSERT INTO insights_models (account_id, currency, r, alpha, a, b, p, q, gamma, log_likelihood, customers, repeaters,
      confidence, prior_share, standard_errors, fitted_at, seconds, model_check)
    VALUES (:accountId, :currency, :r, :alpha, :a, :b, :p, :q, :gamma, :logLikelihood, :customers, :repeaters,
      :confidence, :priorShare, :standardErrors, :fittedAt, :seconds, :modelCheck)
    ON CONFLICT (account_id) DO UPDATE SET currency = excluded.currency, r = excluded.r, alpha = excluded.alpha, a = excluded.a,
      b = excluded.b, p = excluded.p, q = excluded.q, gamma = excluded.gamma, log_likelihood = excluded.log_likelihood,
      customers = excluded.customers, repeaters = excluded.repeaters, confidence = excluded.confidence,
      prior_share = excluded.prior_share, standard_errors = excluded.standard_errors, fitted_at = excluded.fitted_at,
      seconds = excluded.seconds, model_check = excluded.model_check`),
  customer: query(`SELECT s.rfm_segment AS "segment", s.recency_score AS "recency", s.frequency_score AS "frequency",
      s.monetary_score AS "monetary", s.predicted_clv_minor AS "predictedClvMinor", s.probability_alive AS "probabilityAlive",
      s.expected_orders_90d AS "expectedOrders90d", s.churn_risk AS "churnRisk", s.next_order_expected_at AS "nextOrderExpectedAt",
      s.computed_at AS "computedAt", m.confidence AS "confidence", m.customers AS "customers", m.repeaters AS "repeaters",
      m.fitted_at AS "fittedAt", m.currency AS "currency"
    FROM customer_scores s JOIN insights_models m ON m.account_id = s.account_id
    WHERE s.account_id = :accountId AND s.customer_id = :customerId`),
  model: query(`SELECT confidence, customers, repeaters, prior_share AS "priorShare", fitted_at AS "fittedAt", currency,
      model_check AS "modelCheck"
    FROM insights_models WHERE account_id = :accountId`),
};

/** `INSERT … VALUES (…), (…) ON CONFLICT DO UPDATE` for n rows; one Query per row count. */
const upsertOf = queryCache();
function upsertText(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => `(${SCORE_COLUMNS.map((c) => `:${c}_${i}`).join(', ')})`);
  const updates = SCORE_COLUMNS.filter((c) => c !== 'customer_id' && c !== 'account_id').map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO customer_scores (${SCORE_COLUMNS.join(', ')}) VALUES ${rows.join(', ')}
    ON CONFLICT (customer_id) DO UPDATE SET ${updates.join(', ')}`;
}

type StoredRow = {
  segment: RfmSegment;
  recency: number;
  frequency: number;
  monetary: number;
  predictedClvMinor: number;
  probabilityAlive: number;
  expectedOrders90d: number;
  churnRisk: StoredInsights['churnRisk'];
  nextOrderExpectedAt: string | null;
  computedAt: string;
  confidence: StoredInsights['model']['confidence'];
  customers: number;
  repeaters: number;
  fittedAt: string;
  currency: string;
};

export function createInsightsRepo(database: SqlDatabase): InsightsPort {
  const x = database.x;
  return {
    accountsDue: (staleBefore, limit) => x.all<AccountToScore>(q.accountsDue, { staleBefore, limit }),

    async histories(accountId, currency) {
      const rows = await x.all<{ customerId: string; placedAt: string; amountMinor: number }>(q.histories, { accountId, currency });
      const out: CustomerHistory[] = [];
      let current: { id: string; orders: { at: Date; amountMinor: number }[] } | undefined;
      for (const r of rows) {
        if (current?.id !== r.customerId) out.push((current = { id: r.customerId, orders: [] }));
        current.orders.push({ at: new Date(r.placedAt), amountMinor: Number(r.amountMinor) });
      }
      return out;
    },

    async save(account, model, scores, fittedAt, seconds, modelCheck) {
      const entries = [...scores];
      for (let i = 0; i < entries.length; i += CHUNK) {
        const chunk = entries.slice(i, i + CHUNK);
        const params: Record<string, unknown> = {};
        chunk.forEach(([customerId, s], n) => {
          const values: Record<(typeof SCORE_COLUMNS)[number], unknown> = {
            customer_id: customerId,
            account_id: account.accountId,
            rfm_segment: s.rfm.segment,
            recency_score: s.rfm.recency,
            frequency_score: s.rfm.frequency,
            monetary_score: s.rfm.monetary,
            predicted_clv_minor: s.predictedClvMinor,
            probability_alive: s.probabilityAlive,
            expected_orders_90d: s.expectedOrders90d,
            churn_risk: s.churnRisk,
            next_order_expected_at: Number.isFinite(s.nextOrderExpectedAt.getTime()) ? s.nextOrderExpectedAt.toISOString() : null,
            computed_at: fittedAt,
          };
          for (const c of SCORE_COLUMNS) params[`${c}_${n}`] = values[c];
        });
        await database.transaction((tx) => tx.run(upsertOf(upsertText(chunk.length)), params));
      }
      await database.transaction(async (tx) => {
        await tx.run(q.dropUnscored, { accountId: account.accountId, fittedAt });
        await tx.run(q.saveModel, {
          accountId: account.accountId,
          currency: account.currency,
          r: model.r,
          alpha: model.alpha,
          a: model.a,
          b: model.b,
          p: model.p,
          q: model.q,
          gamma: model.gamma,
          logLikelihood: model.logLikelihood,
          customers: model.customers,
          repeaters: model.repeaters,
          confidence: model.confidence,
          priorShare: model.priorShare,
          standardErrors: JSON.stringify(model.se),
          fittedAt,
          seconds,
          modelCheck: modelCheck && JSON.stringify(modelCheck),
        });
      });
    },

    async customerInsights(accountId, customerId) {
      const r = await x.get<StoredRow>(q.customer, { accountId, customerId });
      if (!r) return null;
      return {
        rfm: {
          recency: Number(r.recency),
          frequency: Number(r.frequency),
          monetary: Number(r.monetary),
          score: `${r.recency}${r.frequency}${r.monetary}`,
          segment: r.segment,
        },
        probabilityAlive: Number(r.probabilityAlive),
        expectedOrders90d: Number(r.expectedOrders90d),
        predictedClvMinor: Number(r.predictedClvMinor),
        churnRisk: r.churnRisk,
        nextOrderExpectedAt: r.nextOrderExpectedAt,
        computedAt: r.computedAt,
        model: {
          confidence: r.confidence,
          customers: Number(r.customers),
          repeaters: Number(r.repeaters),
          fittedAt: r.fittedAt,
          currency: r.currency,
        },
      };
    },

    async accountModel(accountId) {
      const r = await x.get<Omit<StoredModel, 'modelCheck'> & { modelCheck: string | null }>(q.model, { accountId });
      if (!r) return null;
      return {
        confidence: r.confidence,
        customers: Number(r.customers),
        repeaters: Number(r.repeaters),
        priorShare: r.priorShare === null ? null : Number(r.priorShare),
        fittedAt: r.fittedAt,
        currency: r.currency,
        modelCheck: r.modelCheck === null ? null : (JSON.parse(r.modelCheck) as StoredModel['modelCheck']),
      };
    },
  };
}
