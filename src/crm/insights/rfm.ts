// RFM quintile scores within one account: recency (days since the last order; more recent scores
// higher), frequency (orders) and monetary (total spend), each 1–5. A customer's score is
// 1 + ⌊5 · (customers strictly worse) / (all customers)⌋: equal values always score equal, the
// worst value scores 1, the order of the input never matters, and with distinct values each score
// holds a fifth of the customers. Ties therefore leave some scores empty (most shops' one-time
// buyers all get F = 1) rather than splitting equal customers arbitrarily.

export type RfmSegment = 'champions' | 'loyal' | 'potential_loyalists' | 'new' | 'at_risk' | 'cant_lose' | 'hibernating' | 'lost';
export type RfmScores = { recency: number; frequency: number; monetary: number; score: string; segment: RfmSegment };
export type RfmInput = { id: string; daysSinceLastOrder: number; orders: number; spend: number };

/** Scores of values where higher is better. */
export function quintileScores(values: readonly number[]): number[] {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  return values.map((v) => 1 + Math.floor((5 * lowerBound(sorted, v)) / n));
}

/** How many sorted values are strictly below v. */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The segment from R and F (M does not change the group, as in the common RFM grid):
 *
 *   R \ F   1            2                    3                    4          5
 *   5       new          potential_loyalists  potential_loyalists  champions  champions
 *   4       new          potential_loyalists  potential_loyalists  loyal      loyal
 *   3       hibernating  hibernating          hibernating          loyal      loyal
 *   2       hibernating  hibernating          at_risk              at_risk    cant_lose
 *   1       lost         lost                 at_risk              at_risk    cant_lose
 */
export function rfmSegment(recency: number, frequency: number): RfmSegment {
  if (recency >= 4) {
    if (frequency === 1) return 'new';
    if (frequency <= 3) return 'potential_loyalists';
    return recency === 5 ? 'champions' : 'loyal';
  }
  if (recency === 3) return frequency >= 4 ? 'loyal' : 'hibernating';
  if (frequency === 5) return 'cant_lose';
  if (frequency >= 3) return 'at_risk';
  return recency === 2 ? 'hibernating' : 'lost';
}

export function rfmScores(customers: readonly RfmInput[]): Map<string, RfmScores> {
  const r = quintileScores(customers.map((c) => -c.daysSinceLastOrder));
  const f = quintileScores(customers.map((c) => c.orders));
  const m = quintileScores(customers.map((c) => c.spend));
  const out = new Map<string, RfmScores>();
  customers.forEach((c, i) => {
    const recency = r[i] ?? 1;
    const frequency = f[i] ?? 1;
    const monetary = m[i] ?? 1;
    out.set(c.id, { recency, frequency, monetary, score: `${recency}${frequency}${monetary}`, segment: rfmSegment(recency, frequency) });
  });
  return out;
}
