import { describe, expect, it } from 'vitest';
import { bgnbdPrior, fitBgNbd } from '../../../src/crm/insights/bgnbd.fit.ts';
import { fitGammaGamma, gammaGammaPrior } from '../../../src/crm/insights/gamma-gamma.fit.ts';
import { CDNOW_POOLED, resolveGammaGammaPrior } from '../../../src/crm/insights/pooled-priors.ts';
import { seededRandom, simulateCohort } from './simulate.ts';

// Small shops are pulled toward the pooled parameters (a normal prior on each log-parameter,
// standard deviation 1); the pull fades as the shop's own customers accrue.

const K = ['r', 'alpha', 'a', 'b'] as const;
const shop = { r: 1.5, alpha: 10, a: 2, b: 6 }; // a shop unlike CDNOW: more frequent buyers, slower to leave
const spend = { p: 4, q: 5, gamma: 60 };
const prior = bgnbdPrior(CDNOW_POOLED.bgnbd, 1);
const logDistance = (p: Record<(typeof K)[number], number>, q: Record<(typeof K)[number], number>) =>
  Math.sqrt(K.reduce((s, k) => s + (Math.log(p[k]) - Math.log(q[k])) ** 2, 0));

describe('shrinkage toward pooled parameters', () => {
  it.each([
    [10, 1],
    [10, 2],
    [5, 3],
  ])('lands a shop of %i customers (seed %i) near the prior, nearer than its own maximum likelihood', (n, seed) => {
    const tiny = simulateCohort(seededRandom(seed), n, shop, spend, (i) => 20 + 3 * i);
    const map = fitBgNbd(tiny, prior).params;
    const mle = fitBgNbd(tiny).params;
    for (const k of K) expect(Math.abs(Math.log(map[k]) - Math.log(CDNOW_POOLED.bgnbd[k])), k).toBeLessThan(1.5);
    expect(logDistance(map, CDNOW_POOLED.bgnbd)).toBeLessThan(logDistance(mle, CDNOW_POOLED.bgnbd));
    // halfway home or more: the shop's true parameters are 2.4 away from CDNOW's
    expect(logDistance(map, CDNOW_POOLED.bgnbd)).toBeLessThan(0.6 * logDistance(shop, CDNOW_POOLED.bgnbd));
  });

  it('leaves a shop of 10,000 customers at its own maximum likelihood', () => {
    const big = simulateCohort(seededRandom(2), 10_000, shop, spend, (i) => 20 + (i % 30));
    const map = fitBgNbd(big, prior);
    const mle = fitBgNbd(big);
    for (const k of K) expect(Math.abs(Math.log(map.params[k]) - Math.log(mle.params[k])), k).toBeLessThan(0.05);
    for (const k of K) expect(Math.abs(map.params[k] - shop[k]) / shop[k], k).toBeLessThan(0.15);
  });

  it('lets the prior weigh less as customers accrue (posterior / prior variance of each log-parameter)', () => {
    const share = (n: number) => {
      const { seLog } = fitBgNbd(
        simulateCohort(seededRandom(3), n, shop, spend, (i) => 20 + (i % 30)),
        prior,
      );
      return K.reduce((s, k) => s + (seLog[k] ?? 1) ** 2, 0) / K.length;
    };
    const [s10, s100, s1000] = [share(10), share(100), share(1000)];
    expect(s10).toBeGreaterThan(0.4);
    expect(s100).toBeLessThan(s10);
    expect(s1000).toBeLessThan(s100);
    expect(s1000).toBeLessThan(0.1);
  });

  it('centres the Gamma-Gamma prior on the shop’s own mean transaction value when γ is not pooled', () => {
    const centre = resolveGammaGammaPrior(CDNOW_POOLED.gammaGamma, 2500);
    expect((centre.p * centre.gamma) / (centre.q - 1)).toBeCloseTo(2500, 8);
    // one repeater: the estimate stays by the prior's p and q instead of fitting one number exactly
    const fit = fitGammaGamma([{ x: 2, meanSpend: 4000 }], gammaGammaPrior(centre, 1));
    expect(Math.abs(Math.log(fit.params.p / centre.p))).toBeLessThan(1);
    expect(Math.abs(Math.log(fit.params.q / centre.q))).toBeLessThan(1);
    expect(fit.se.p).not.toBeNull();
  });
});
