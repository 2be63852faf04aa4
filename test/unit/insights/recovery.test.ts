import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../../src/crm/insights/bgnbd.fit.ts';
import { fitGammaGamma } from '../../../src/crm/insights/gamma-gamma.fit.ts';
import { seededRandom, simulateCohort } from './simulate.ts';

// The fitting code recovers the parameters that generated the data: 10,000 customers simulated
// from known BG/NBD and Gamma-Gamma parameters (seeded), calibration lengths of 26–39 weeks as in
// CDNOW. Tolerance: each estimate within 3 of its own standard errors and within 15% of the truth.

const truthBg = { r: 0.5, alpha: 6, a: 0.8, b: 2.5 };
const truthGg = { p: 4, q: 5, gamma: 60 };

describe.each([1, 2])('recovery from a simulated cohort (seed %i)', (seed) => {
  const cohort = simulateCohort(seededRandom(seed), 10_000, truthBg, truthGg, (i) => 26 + (i % 14));

  it('BG/NBD: r, α, a, b', () => {
    const fit = fitBgNbd(cohort);
    expect(fit.converged).toBe(true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      const se = fit.se[k] ?? NaN;
      expect(Math.abs(fit.params[k] - truthBg[k]), `${k} = ${fit.params[k]} ± ${se}`).toBeLessThan(3 * se);
      expect(Math.abs(fit.params[k] - truthBg[k]) / truthBg[k]).toBeLessThan(0.15);
    }
  });

  it('Gamma-Gamma: p, q, γ from the repeaters’ mean spend', () => {
    const repeaters = cohort.filter((c) => c.x > 0).map((c) => ({ x: c.x, meanSpend: c.repeatMeanSpend ?? NaN }));
    expect(repeaters.length).toBeGreaterThan(5000);
    const fit = fitGammaGamma(repeaters);
    for (const k of ['p', 'q', 'gamma'] as const) {
      const se = fit.se[k] ?? NaN;
      expect(Math.abs(fit.params[k] - truthGg[k]), `${k} = ${fit.params[k]} ± ${se}`).toBeLessThan(3 * se);
      expect(Math.abs(fit.params[k] - truthGg[k]) / truthGg[k]).toBeLessThan(0.15);
    }
  });
});
