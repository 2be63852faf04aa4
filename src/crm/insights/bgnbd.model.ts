import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { groupHistories, type HistoryGroup, type PurchaseHistory } from './purchase-history.ts';

// The BG/NBD model (Fader, Hardie & Lee, "Counting your customers the easy way", Marketing
// Science 2005): while alive a customer buys at Poisson rate λ ~ Gamma(r, α); after each purchase
// they drop out with probability p ~ Beta(a, b). Equations are numbered as in the paper.

export type BgNbdParams = { r: number; alpha: number; a: number; b: number };

/** Log-likelihood of one history (eq. 6), from the per-x terms that do not depend on t_x and T. */
function logLikelihoodOfGroups(p: BgNbdParams, groups: readonly HistoryGroup[]): number {
  const { r, alpha, a, b } = p;
  const lnBeta = betaln(a, b);
  const base = -gammaln(r) + r * Math.log(alpha);
  let total = 0;
  for (const g of groups) {
    const { x } = g;
    const lnA1 = gammaln(r + x) + base;
    const lnA2 = betaln(a, b + x) - lnBeta;
    const n = g.tx.length;
    if (x === 0) {
      // No repeat purchase: only A2, and t_x plays no part. Most of a shop's customers.
      for (let i = 0; i < n; i++) total += g.weight[i]! * (lnA1 + lnA2 - r * Math.log(alpha + g.T[i]!));
      continue;
    }
    const lnA3 = betaln(a + 1, b + x - 1) - lnBeta;
    for (let i = 0; i < n; i++) {
      const l2 = lnA2 - (r + x) * Math.log(alpha + g.T[i]!);
      const l3 = lnA3 - (r + x) * Math.log(alpha + g.tx[i]!);
      // log(e^l2 + e^l3) without overflow
      const m = Math.max(l2, l3);
      total += g.weight[i]! * (lnA1 + m + Math.log1p(Math.exp(-Math.abs(l2 - l3))));
    }
  }
  return total;
}

export function bgnbdLogLikelihood(p: BgNbdParams, histories: readonly PurchaseHistory[]): number {
  return logLikelihoodOfGroups(p, groupHistories(histories));
}

/** The log-likelihood as a function of the parameters, the data grouped once (what the optimiser calls). */
export function bgnbdLogLikelihoodOf(histories: readonly PurchaseHistory[]): (p: BgNbdParams) => number {
  const groups = groupHistories(histories);
  return (p) => logLikelihoodOfGroups(p, groups);
}

/** log of the odds term of eq. 11/13: δ_{x>0} a/(b+x−1) ((α+T)/(α+t_x))^{r+x}. */
function logDeathOdds(p: BgNbdParams, h: PurchaseHistory): number {
  if (h.x === 0) return -Infinity;
  return Math.log(p.a) - Math.log(p.b + h.x - 1) + (p.r + h.x) * (Math.log(p.alpha + h.T) - Math.log(p.alpha + h.tx));
}

/** P(alive | x, t_x, T) (eq. 11 of the technical note; 1 for a customer who never bought again). */
export function probabilityAlive(p: BgNbdParams, h: PurchaseHistory): number {
  const d = logDeathOdds(p, h);
  return d === -Infinity ? 1 : 1 / (1 + Math.exp(d));
}

/**
 * E[X(t) | x, t_x, T] (eq. 10): expected purchases in the next t weeks. The paper's
 * ((α+T)/(α+T+t))^{r+x} 2F1(r+x, b+x; a+b+x−1; z) is evaluated through Euler's transformation
 * 2F1(A,B;C;z) = (1−z)^{C−A−B} 2F1(C−A, C−B; C; z), which turns it into
 * ((α+T)/(α+T+t))^{a−1} 2F1(a+b−1−r, a−1; a+b+x−1; z): nothing grows with x, so frequent buyers
 * cannot overflow it (test/unit/insights/bgnbd.test.ts compares both forms with reference values).
 */
export function expectedTransactions(p: BgNbdParams, h: PurchaseHistory, t: number): number {
  if (t <= 0) return 0;
  // At a = 1 the formula is 0/0; the function is smooth in a, so take the mean of its neighbours.
  if (Math.abs(p.a - 1) < 1e-7) {
    return (expectedTransactions({ ...p, a: 1 - 1e-5 }, h, t) + expectedTransactions({ ...p, a: 1 + 1e-5 }, h, t)) / 2;
  }
  const { r, alpha, a, b } = p;
  const { x, T } = h;
  const u = (alpha + T) / (alpha + T + t);
  const z = t / (alpha + T + t);
  const bracket = 1 - Math.pow(u, a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  const numerator = ((a + b + x - 1) / (a - 1)) * bracket;
  const d = logDeathOdds(p, h);
  return d === -Infinity ? numerator : numerator / (1 + Math.exp(d));
}

/** E[X(t)] for a customer just acquired (eq. 9): the conditional expectation of an empty history. */
export function expectedTransactionsUnconditional(p: BgNbdParams, t: number): number {
  return expectedTransactions(p, { x: 0, tx: 0, T: 0 }, t);
}

/**
 * E[λ | alive, x, T] = (r+x)/(α+T): the purchase rate of the gamma posterior of a customer still
 * alive. Its inverse is the mean time between purchases used for "next order expected at".
 */
export function expectedPurchaseRate(p: BgNbdParams, h: PurchaseHistory): number {
  return (p.r + h.x) / (p.alpha + h.T);
}
