import { gammaGammaLogLikelihoodOf, type GammaGammaParams, type SpendHistory } from './gamma-gamma.model.ts';
import { fitOnLogScale, type LogNormalPrior } from './log-space-fit.ts';

export type GammaGammaFit = {
  params: GammaGammaParams;
  logLikelihood: number;
  se: { [K in keyof GammaGammaParams]: number | null };
  seLog: { [K in keyof GammaGammaParams]: number | null };
  converged: boolean;
};

const order = ['p', 'q', 'gamma'] as const;
const fromArray = (v: readonly number[]): GammaGammaParams => ({ p: v[0] ?? NaN, q: v[1] ?? NaN, gamma: v[2] ?? NaN });
const named = <T>(v: readonly T[]) => Object.fromEntries(order.map((k, i) => [k, v[i]])) as { [K in keyof GammaGammaParams]: T };

export function gammaGammaPrior(pooled: GammaGammaParams, scale: number): LogNormalPrior {
  return { centre: order.map((k) => Math.log(pooled[k])), scale: order.map(() => scale) };
}

/**
 * Fits p, q, γ on the repeaters (x ≥ 1, a positive mean spend): customers without a repeat
 * transaction carry no information on spend variation within a customer, as the model defines it.
 */
export function fitGammaGamma(spenders: readonly SpendHistory[], prior?: LogNormalPrior): GammaGammaFit {
  const repeaters = spenders.filter((s) => s.x > 0 && s.meanSpend > 0);
  // Start where the moments put it: mean spend m̄ = pγ/(q−1) with p = 1, q = 2.
  const mean = repeaters.reduce((s, c) => s + c.meanSpend, 0) / Math.max(1, repeaters.length) || 1;
  const ll = gammaGammaLogLikelihoodOf(repeaters);
  const fit = fitOnLogScale((v) => ll(fromArray(v)), [1, 2, mean], prior);
  return {
    params: fromArray(fit.params),
    logLikelihood: fit.logLikelihood,
    se: named(fit.se),
    seLog: named(fit.seLog),
    converged: fit.converged,
  };
}
