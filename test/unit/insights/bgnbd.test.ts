import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { describe, expect, it } from 'vitest';
import {
  bgnbdLogLikelihood,
  expectedTransactions,
  expectedTransactionsUnconditional,
  probabilityAlive,
  type BgNbdParams,
} from '../../../src/crm/insights/bgnbd.model.ts';

// The BG/NBD's closed forms against values computed independently in 50-digit arithmetic (mpmath
// 1.3, the paper's own, untransformed formulas: eq. 10 with 2F1(r+x, b+x; a+b+x−1; z), eq. 11, eq. 9).

const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('Gauss hypergeometric 2F1 (@stdlib) where the BG/NBD needs it', () => {
  it.each([
    // closed forms: 2F1(1,1;2;z) = −ln(1−z)/z, 2F1(a,b;b;z) = (1−z)^−a, 2F1(½,½;3/2;z²) = asin(z)/z
    ['2F1(1,1;2;0.999)', hyp2f1(1, 1, 2, 0.999), -Math.log(1 - 0.999) / 0.999],
    ['2F1(0.3,2.5;2.5;0.97)', hyp2f1(0.3, 2.5, 2.5, 0.97), Math.pow(1 - 0.97, -0.3)],
    ['2F1(½,½;3/2;0.9801)', hyp2f1(0.5, 0.5, 1.5, 0.99 ** 2), Math.asin(0.99) / 0.99],
    // the BG/NBD's own arguments, z near 1 (mpmath)
  ])('%s', (_t, got, want) => {
    expect(rel(got, want)).toBeLessThan(1e-12);
  });

  it('agrees with mpmath on BG/NBD arguments with z close to 1', () => {
    // [A, B, C, z, mpmath 2F1(A, B; C; z)]
    const cases: [number, number, number, number, number][] = [
      [2.243, 4.426, 4.219, 39 / (4.414 + 38.86 + 39), 4.575315897643689],
      [0.243, 2.426, 2.219, 500 / 504.414, 4.605049165090555],
      [31.25, 30.12, 29.27, 0.93379, 7.430471497818311e37],
      [3.2982, 3.4498, 6.5304, 0.99505, 191.07204258063047],
    ];
    for (const [A, B, C, z, want] of cases) expect(rel(hyp2f1(A, B, C, z), want)).toBeLessThan(1e-10);
  });
});

describe('BG/NBD', () => {
  // [params, [x, t_x, T], t, E[X(t) | x, t_x, T], P(alive | x, t_x, T)] from mpmath
  const reference: [BgNbdParams, [number, number, number], number, number, number][] = [
    [CDNOW, [2, 30.43, 38.86], 39, 1.2260281747671444, 0.726578570080673],
    [CDNOW, [0, 0, 38.86], 39, 0.19509805201126265, 1],
    [CDNOW, [7, 35, 39], 52, 5.486378297284923, 0.8406589827265392],
    [CDNOW, [1, 2, 38], 90 / 7, 0.08032513735170063, 0.22620848403950994],
    [{ r: 0.5, alpha: 0.2, a: 1.7, b: 0.4 }, [3, 1, 100], 500, 0.0000010593566319578743, 2.653747150779319e-7],
    [{ r: 2.1, alpha: 30, a: 0.3, b: 5 }, [40, 20, 21], 52, 37.80681416169541, 0.9845484202033405],
    [{ r: 2, alpha: 1, a: 0.3, b: 0.5 }, [5, 10, 12], 26, 9.087264292030444, 0.8232715331996482],
    // a thousand repeat purchases: the paper's form overflows a double (2F1 ≈ 1e398), the transformed one does not
    [CDNOW, [1000, 155.99, 156], 52, 288.9843792593324, 0.9991578892291717],
    [CDNOW, [1000, 150, 156], 52, 1.0068571622811652e-11, 3.481189120320367e-14],
  ];

  it.each(reference)('E[X(t)] and P(alive) for %o, history %o, t = %d', (params, [x, tx, T], t, expected, alive) => {
    expect(rel(expectedTransactions(params, { x, tx, T }, t), expected)).toBeLessThan(1e-9);
    expect(rel(probabilityAlive(params, { x, tx, T }), alive)).toBeLessThan(1e-12);
  });

  it('unconditional E[X(t)] (eq. 9)', () => {
    expect(rel(expectedTransactionsUnconditional(CDNOW, 39), 1.196723193320817)).toBeLessThan(1e-10);
    expect(rel(expectedTransactionsUnconditional(CDNOW, 78), 1.8605190579427686)).toBeLessThan(1e-10);
  });

  it('P(alive) is 1 for a customer who never bought again, whatever their T', () => {
    for (const T of [0, 1, 52, 520]) expect(probabilityAlive(CDNOW, { x: 0, tx: 0, T })).toBe(1);
  });

  it('P(alive) is 1 when the last purchase is now, and falls as the silence since it grows', () => {
    expect(probabilityAlive(CDNOW, { x: 3, tx: 20, T: 20 })).toBeGreaterThan(probabilityAlive(CDNOW, { x: 3, tx: 20, T: 30 }));
    expect(probabilityAlive(CDNOW, { x: 3, tx: 20, T: 30 })).toBeGreaterThan(probabilityAlive(CDNOW, { x: 3, tx: 20, T: 60 }));
    // with x > 0 and t_x = T the only way out was the last purchase itself: 1 / (1 + a/(b+x−1))
    expect(probabilityAlive(CDNOW, { x: 3, tx: 20, T: 20 })).toBeCloseTo(1 / (1 + CDNOW.a / (CDNOW.b + 2)), 14);
  });

  it('expects nothing in no time, and more in more time', () => {
    const h = { x: 2, tx: 10, T: 30 };
    expect(expectedTransactions(CDNOW, h, 0)).toBe(0);
    expect(expectedTransactions(CDNOW, h, 13)).toBeLessThan(expectedTransactions(CDNOW, h, 26));
  });

  it('is continuous through a = 1, where the closed form is 0/0', () => {
    const h = { x: 2, tx: 10, T: 30 };
    const at = (a: number) => expectedTransactions({ ...CDNOW, a }, h, 39);
    expect(Number.isFinite(at(1))).toBe(true);
    expect(at(1)).toBeCloseTo((at(0.999) + at(1.001)) / 2, 5);
  });

  it('log-likelihood of one customer matches eq. 6 written out directly', () => {
    // x = 2, t_x = 30.43, T = 38.86 (CDNOW's customer 0001's shape), from mpmath
    expect(bgnbdLogLikelihood(CDNOW, [{ x: 2, tx: 30.43, T: 38.86 }])).toBeCloseTo(-9.45860630706627, 10);
    // a sum over customers, identical histories grouped
    const one = bgnbdLogLikelihood(CDNOW, [{ x: 0, tx: 0, T: 30 }]);
    expect(
      bgnbdLogLikelihood(
        CDNOW,
        Array.from({ length: 5 }, () => ({ x: 0, tx: 0, T: 30 })),
      ),
    ).toBeCloseTo(5 * one, 10);
    // x = 0: ln(B(a,b)/B(a,b) · Γ(r)/Γ(r) α^r/(α+T)^r) = r ln(α/(α+T))
    expect(one).toBeCloseTo(CDNOW.r * Math.log(CDNOW.alpha / (CDNOW.alpha + 30)), 12);
  });
});
