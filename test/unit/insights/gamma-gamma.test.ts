import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { expectedSpend, gammaGammaLogLikelihood, populationMeanSpend } from '../../../src/crm/insights/gamma-gamma.model.ts';

// The Gamma-Gamma spend model's closed forms (Fader & Hardie's note).

const CDNOW = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('Gamma-Gamma', () => {
  it('gives a customer without repeat purchases the population mean pγ/(q−1)', () => {
    expect(populationMeanSpend(CDNOW)).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
    expect(expectedSpend(CDNOW, { x: 0, meanSpend: 0 })).toBe(populationMeanSpend(CDNOW));
  });

  it('weights the customer’s own mean more as their repeat purchases grow', () => {
    const pop = populationMeanSpend(CDNOW);
    const own = 100;
    const weight = (x: number) => (expectedSpend(CDNOW, { x, meanSpend: own }) - pop) / (own - pop);
    // the note's eq. 5: weight = px / (px + q − 1)
    expect(weight(1)).toBeCloseTo(6.25 / (6.25 + 2.74), 12);
    expect(weight(10)).toBeCloseTo(62.5 / (62.5 + 2.74), 12);
    expect(weight(10)).toBeGreaterThan(weight(1));
  });

  it('has no finite population mean when q ≤ 1', () => {
    expect(populationMeanSpend({ p: 2, q: 0.9, gamma: 10 })).toBe(Infinity);
  });

  it('log-likelihood of one repeater matches the density of m_x written out', () => {
    const { p, q, gamma } = CDNOW;
    const [x, m] = [3, 42.5];
    const direct =
      gammaln(p * x + q) -
      gammaln(p * x) -
      gammaln(q) +
      q * Math.log(gamma) +
      (p * x - 1) * Math.log(m) +
      p * x * Math.log(x) -
      (p * x + q) * Math.log(gamma + m * x);
    expect(gammaGammaLogLikelihood(CDNOW, [{ x, meanSpend: m }])).toBeCloseTo(direct, 12);
    // and it is a density of m_x: it integrates to 1 over (0, ∞)
    let integral = 0;
    const h = 0.05;
    for (let v = h / 2; v < 1500; v += h) integral += Math.exp(gammaGammaLogLikelihood(CDNOW, [{ x, meanSpend: v }])) * h;
    expect(integral).toBeCloseTo(1, 4);
  });
});
