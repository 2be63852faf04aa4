// Churn risk from the BG/NBD's probability that a customer is still alive (README, "Churn").
// The BG/NBD lets a customer drop out only right after a repeat purchase, so a one-time buyer is
// alive with probability 1 and lands in 'low': read their risk with expectedOrders90d and recency.

export type ChurnRisk = 'low' | 'medium' | 'high';

/** P(alive) at or above `low` is low risk; below `high` is high risk; medium between. */
export const CHURN_BANDS = { low: 0.7, high: 0.3 } as const;

export function churnRiskOf(probabilityAlive: number): ChurnRisk {
  if (probabilityAlive >= CHURN_BANDS.low) return 'low';
  if (probabilityAlive < CHURN_BANDS.high) return 'high';
  return 'medium';
}
