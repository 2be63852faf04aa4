import gammaln from '@stdlib/math-base-special-gammaln';

// The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV";
// Fader & Hardie, "The Gamma-Gamma Model of Monetary Value", 2013): a customer's transactions
// are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, independent of how often they buy.
// It is fitted on m_x, the mean value of a customer's x repeat transactions, x ≥ 1.

export type GammaGammaParams = { p: number; q: number; gamma: number };
export type SpendHistory = { x: number; meanSpend: number };

/** Log-likelihood of the repeaters' mean spends (the note's eq. 1 as a density of m_x). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, spenders: readonly SpendHistory[]): number {
  return gammaGammaLogLikelihoodOf(spenders)(params);
}

/** The log-likelihood as a function of the parameters; the gamma functions are evaluated once per distinct x. */
export function gammaGammaLogLikelihoodOf(spenders: readonly SpendHistory[]): (params: GammaGammaParams) => number {
  const byX = new Map<number, { m: number[]; lnM: number[] }>();
  for (const { x, meanSpend } of spenders) {
    let g = byX.get(x);
    if (!g) byX.set(x, (g = { m: [], lnM: [] }));
    g.m.push(meanSpend);
    g.lnM.push(Math.log(meanSpend));
  }
  const groups = [...byX.entries()].map(([x, g]) => ({ x, lnX: Math.log(x), m: Float64Array.from(g.m), lnM: Float64Array.from(g.lnM) }));
  return ({ p, q, gamma }) => {
    const constant = -gammaln(q) + q * Math.log(gamma);
    let total = 0;
    for (const { x, lnX, m, lnM } of groups) {
      const px = p * x;
      total += m.length * (gammaln(px + q) - gammaln(px) + constant + px * lnX);
      for (let i = 0; i < m.length; i++) total += (px - 1) * (lnM[i] ?? NaN) - (px + q) * Math.log(gamma + (m[i] ?? NaN) * x);
    }
    return total;
  };
}

/** The population's mean spend per transaction, pγ/(q−1); infinite when q ≤ 1. */
export function populationMeanSpend(params: GammaGammaParams): number {
  return params.q > 1 ? (params.p * params.gamma) / (params.q - 1) : Infinity;
}

/**
 * E[M | p, q, γ, m_x, x] (the note's eq. 5): a weighted mean of the population's mean and the
 * customer's own, the customer's weight growing with x. A customer with no repeat purchase gets the
 * population's mean.
 */
export function expectedSpend(params: GammaGammaParams, h: SpendHistory): number {
  const { p, q, gamma } = params;
  if (h.x === 0) return populationMeanSpend(params);
  return (p * (gamma + h.meanSpend * h.x)) / (p * h.x + q - 1);
}
