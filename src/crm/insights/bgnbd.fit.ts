import { bgnbdLogLikelihoodOf, type BgNbdParams } from './bgnbd.model.ts';
import { fitOnLogScale, type LogNormalPrior } from './log-space-fit.ts';
import type { PurchaseHistory } from './purchase-history.ts';

export type BgNbdFit = {
  params: BgNbdParams;
  logLikelihood: number;
  /** Standard errors of r, α, a, b and of their logarithms; null where the data do not identify one. */
  se: { [K in keyof BgNbdParams]: number | null };
  seLog: { [K in keyof BgNbdParams]: number | null };
  converged: boolean;
};

const order = ['r', 'alpha', 'a', 'b'] as const;
const fromArray = (v: readonly number[]): BgNbdParams => ({ r: v[0] ?? NaN, alpha: v[1] ?? NaN, a: v[2] ?? NaN, b: v[3] ?? NaN });
const named = <T>(v: readonly T[]) => Object.fromEntries(order.map((k, i) => [k, v[i]])) as { [K in keyof BgNbdParams]: T };

/** The prior on log(r, α, a, b): centred on pooled parameters, `scale` the standard deviation of each. */
export function bgnbdPrior(pooled: BgNbdParams, scale: number): LogNormalPrior {
  return { centre: order.map((k) => Math.log(pooled[k])), scale: order.map(() => scale) };
}

/** Maximum likelihood (or, with a prior, maximum a posteriori) on log-parameters. */
export function fitBgNbd(histories: readonly PurchaseHistory[], prior?: LogNormalPrior): BgNbdFit {
  const ll = bgnbdLogLikelihoodOf(histories);
  const fit = fitOnLogScale((v) => ll(fromArray(v)), [1, 1, 1, 1], prior);
  return {
    params: fromArray(fit.params),
    logLikelihood: fit.logLikelihood,
    se: named(fit.se),
    seLog: named(fit.seLog),
    converged: fit.converged,
  };
}
