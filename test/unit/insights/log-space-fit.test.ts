import { describe, expect, it } from 'vitest';
import { fitOnLogScale, LOG_PARAMETER_RANGE } from '../../../src/crm/insights/log-space-fit.ts';

// Positive parameters searched as logarithms; standard errors from the curvature there.

describe('fitOnLogScale', () => {
  it('finds the maximum and its standard error on the log scale', () => {
    // ℓ = −(ln p − 1)² − 2(ln q + 0.5)²: p = e, q = e^−0.5; −ℓ'' = 2 and 4, so seLog = 1/√2 and 1/2
    const fit = fitOnLogScale(([p = 1, q = 1]) => -((Math.log(p) - 1) ** 2) - 2 * (Math.log(q) + 0.5) ** 2, [1, 1]);
    expect(fit.params[0]).toBeCloseTo(Math.E, 3);
    expect(fit.params[1]).toBeCloseTo(Math.exp(-0.5), 3);
    expect(fit.seLog[0]).toBeCloseTo(Math.SQRT1_2, 4);
    expect(fit.seLog[1]).toBeCloseTo(0.5, 4);
    // delta method: se(p) = p · se(ln p)
    expect(fit.se[0]).toBeCloseTo(Math.E * Math.SQRT1_2, 3);
  });

  it('with a prior and no data, stays at the prior’s centre with the prior’s spread', () => {
    const fit = fitOnLogScale(() => 0, [1, 1], { centre: [Math.log(3), Math.log(0.2)], scale: [1, 0.5] });
    expect(fit.params[0]).toBeCloseTo(3, 3);
    expect(fit.params[1]).toBeCloseTo(0.2, 3);
    expect(fit.seLog[0]).toBeCloseTo(1, 4);
    expect(fit.seLog[1]).toBeCloseTo(0.5, 4);
    expect(fit.logLikelihood).toBe(0);
  });

  it('stops at the wall when the maximum lies at infinity, and calls the estimates unidentified', () => {
    // ℓ = −1/p − (ln q)²: p → ∞
    const fit = fitOnLogScale(([p = 1, q = 1]) => -1 / p - Math.log(q) ** 2, [1, 1]);
    expect(Math.log(fit.params[0] ?? 0)).toBeGreaterThan(LOG_PARAMETER_RANGE - 1);
    expect(fit.seLog).toEqual([null, null]);
    expect(fit.se).toEqual([null, null]);
  });
});
