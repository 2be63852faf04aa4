import type { ModelCheck } from './model-check.ts';
import type { AccountModel, CustomerHistory, CustomerScores } from './score-account.ts';

// What the insights refresh needs from storage (db/insights.repo.ts), and what it reads back for
// a customer's profile.

/** An account the refresh should (re)score, with what scoring needs to know of it. */
export type AccountToScore = { accountId: string; currency: string; timeZone: string | null };

/** A customer's stored scores with the model that produced them. */
export type StoredInsights = Omit<CustomerScores, 'expectedOrderValueMinor' | 'nextOrderExpectedAt'> & {
  nextOrderExpectedAt: string | null;
  computedAt: string;
  model: { confidence: AccountModel['confidence']; customers: number; repeaters: number; fittedAt: string; currency: string };
};

/** An account's stored model: how sure it is, when it was fitted, and its holdout check. */
export type StoredModel = {
  confidence: AccountModel['confidence'];
  customers: number;
  repeaters: number;
  priorShare: number | null;
  fittedAt: string;
  currency: string;
  modelCheck: ModelCheck | null;
};

export interface InsightsPort {
  /**
   * Accounts never scored, scored before `staleBefore`, or with an order placed after their last
   * fit; oldest fit first, at most `limit`.
   */
  accountsDue(staleBefore: string, limit: number): Promise<AccountToScore[]>;
  /** Each customer's counted orders in the account's currency: when, and the amount net of refunds. */
  histories(accountId: string, currency: string): Promise<CustomerHistory[]>;
  /** Replaces the account's model, its holdout check and every customer's scores (customers not scored lose theirs). */
  save(
    account: AccountToScore,
    model: AccountModel,
    scores: Map<string, CustomerScores>,
    fittedAt: string,
    seconds: number,
    modelCheck: ModelCheck | null,
  ): Promise<void>;
  customerInsights(accountId: string, customerId: string): Promise<StoredInsights | null>;
  /** The account's model, null until its first fit. */
  accountModel(accountId: string): Promise<StoredModel | null>;
}
