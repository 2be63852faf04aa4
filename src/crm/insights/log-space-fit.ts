import { invertPositiveDefinite, numericalHessian } from './hessian.ts';
import { minimiseNelderMead } from './nelder-mead.ts';

// Both models' parameters are positive: they are searched as logarithms, which keeps them
// positive without constraints and makes one simplex step mean "a factor of e^step" for each.
// With a prior the maximum is a penalised (MAP) one: log-likelihood plus a normal log-density on
// each log-parameter (src/crm/insights/README.md, "Small shops").

export type LogNormalPrior = {
  /** Natural logarithms of the pooled parameters. */
  centre: readonly number[];
  /** Standard deviation of each log-parameter around its centre. */
  scale: readonly number[];
};

export type LogSpaceFit = {
  params: number[];
  /** The data's log-likelihood at the estimate (without the prior's term). */
  logLikelihood: number;
  /** What was maximised: the log-likelihood plus the prior's log-density (equal to it without a prior). */
  objective: number;
  /** Standard errors of the log-parameters (about the relative error of each parameter); null where not identified. */
  seLog: (number | null)[];
  /** Standard errors of the parameters themselves (delta method: parameter × seLog). */
  se: (number | null)[];
  converged: boolean;
  evaluations: number;
};

export function logPriorDensity(theta: readonly number[], prior: LogNormalPrior): number {
  let s = 0;
  for (let k = 0; k < theta.length; k++) {
    const z = ((theta[k] ?? NaN) - (prior.centre[k] ?? NaN)) / (prior.scale[k] ?? NaN);
    s -= 0.5 * z * z;
  }
  return s;
}

/**
 * How far (in e-folds) a log-parameter may move from where the search starts. Without a prior some
 * data have their maximum at infinity (no one drops out: a, b → ∞; everyone spends alike: q, γ → ∞),
 * and the simplex would walk that ridge for ever. At this wall the estimate stops; when any
 * estimate ends within one e-fold of it every standard error is null ("not identified"), which
 * makes the account's confidence low.
 */
export const LOG_PARAMETER_RANGE = 12;

export function fitOnLogScale(logLikelihood: (params: number[]) => number, start: readonly number[], prior?: LogNormalPrior): LogSpaceFit {
  const first = prior ? [...prior.centre] : start.map(Math.log);
  // Beyond the wall a coordinate counts as on it: the objective is flat there, so the simplex keeps
  // moving in the other coordinates instead of collapsing against a cliff.
  const clamp = (theta: readonly number[]) =>
    theta.map((t, k) => Math.min((first[k] ?? 0) + LOG_PARAMETER_RANGE, Math.max((first[k] ?? 0) - LOG_PARAMETER_RANGE, t)));
  const objective = (theta: number[]) => {
    const inside = clamp(theta);
    const ll = logLikelihood(inside.map(Math.exp));
    return -(prior ? ll + logPriorDensity(inside, prior) : ll);
  };
  const found = minimiseNelderMead(objective, first);
  const estimate = clamp(found.x);
  const params = estimate.map(Math.exp);
  const atWall = estimate.map((t, k) => Math.abs(t - (first[k] ?? 0)) > LOG_PARAMETER_RANGE - 1);
  const covariance = invertPositiveDefinite(numericalHessian(objective, estimate));
  const seLog = estimate.map((_, k) => {
    const v = covariance?.at(k, k);
    return !atWall.some(Boolean) && v !== undefined && v > 0 && Number.isFinite(v) ? Math.sqrt(v) : null;
  });
  return {
    params,
    logLikelihood: logLikelihood(params),
    objective: -found.value,
    seLog,
    se: seLog.map((s, k) => (s === null ? null : s * (params[k] ?? NaN))),
    converged: found.converged,
    evaluations: found.evaluations,
  };
}
