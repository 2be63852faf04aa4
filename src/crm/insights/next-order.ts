import { expectedPurchaseRate, type BgNbdParams } from './bgnbd.model.ts';
import type { PurchaseHistory } from './purchase-history.ts';

const MS_PER_WEEK = 7 * 86_400_000;

/**
 * When the next order is expected: the last order plus the mean time between purchases of a
 * customer still alive, 1 / E[λ | x, T] = (α+T)/(r+x) weeks (the gamma posterior's rate). A date in
 * the past means the customer is overdue; read it with P(alive) and the churn risk.
 */
export function nextOrderExpectedAt(p: BgNbdParams, h: PurchaseHistory, lastOrderAt: Date): Date {
  return new Date(lastOrderAt.getTime() + MS_PER_WEEK / expectedPurchaseRate(p, h));
}
