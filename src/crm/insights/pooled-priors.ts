import type { BgNbdParams } from './bgnbd.model.ts';
import type { GammaGammaParams } from './gamma-gamma.model.ts';

// What a shop's own fit is pulled toward (README, "Small shops"). By default the CDNOW estimates
// the literature publishes (Fader, Hardie & Lee 2005; Fader & Hardie's gamma-gamma note): a retail
// cohort's typical shape. Once Rapport holds many accounts the caller passes parameters pooled from
// all of them instead. γ is in money units, so it is only pooled within one currency: without it the
// prior's γ is the one that makes the pooled p and q reproduce the shop's own mean transaction value.

export type PooledParameters = {
  bgnbd: BgNbdParams;
  gammaGamma: { p: number; q: number; gamma?: number };
};

export const CDNOW_POOLED: PooledParameters = {
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  gammaGamma: { p: 6.25, q: 3.74 },
};

/**
 * Standard deviation of each log-parameter around the pooled value: one means a factor of e
 * (×2.7 or ÷2.7) is one standard deviation away. Weak enough that a shop of a thousand customers
 * is hardly moved, strong enough to keep a shop of twenty from an absurd fit.
 */
export const DEFAULT_PRIOR_SCALE = 1;

/** γ of the Gamma-Gamma prior: pγ/(q−1) = meanTransactionValue. */
export function pooledGamma(pooled: PooledParameters['gammaGamma'], meanTransactionValue: number): number {
  return pooled.gamma ?? (meanTransactionValue * (pooled.q - 1)) / pooled.p;
}

export function resolveGammaGammaPrior(pooled: PooledParameters['gammaGamma'], meanTransactionValue: number): GammaGammaParams {
  return { p: pooled.p, q: pooled.q, gamma: pooledGamma(pooled, meanTransactionValue) };
}
