import { describe, expect, it } from 'vitest';
import { invertPositiveDefinite, numericalHessian, type Matrix } from '../../../src/crm/insights/hessian.ts';

// Standard errors come from these two: the curvature at the optimum and its inverse.

const rows = (m: Matrix) => Array.from({ length: m.n }, (_, i) => Array.from({ length: m.n }, (_, j) => m.at(i, j)));
const matrix = (r: number[][]): Matrix => ({ n: r.length, at: (i, j) => r[i]?.[j] ?? NaN });

describe('numericalHessian', () => {
  it('recovers the matrix of a quadratic form', () => {
    const A = [
      [4, 1, 0.5],
      [1, 3, -0.2],
      [0.5, -0.2, 2],
    ];
    const f = (x: number[]) => 0.5 * x.reduce((s, xi, i) => s + xi * x.reduce((t, xj, j) => t + (A[i]?.[j] ?? 0) * xj, 0), 0);
    const H = rows(numericalHessian(f, [0.3, -1, 2]));
    H.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(A[i]?.[j] ?? NaN, 5)));
  });

  it('measures the curvature of a non-quadratic function', () => {
    // f = exp(x) + x·y²: f_xx = e^x, f_xy = 2y, f_yy = 2x
    const f = ([x = 0, y = 0]: number[]) => Math.exp(x) + x * y * y;
    const H = rows(numericalHessian(f, [1, 2]));
    expect(H[0]?.[0]).toBeCloseTo(Math.E, 5);
    expect(H[0]?.[1]).toBeCloseTo(4, 5);
    expect(H[1]?.[1]).toBeCloseTo(2, 5);
  });
});

describe('invertPositiveDefinite', () => {
  it('inverts a symmetric positive-definite matrix', () => {
    const A = [
      [4, 2, 0.6],
      [2, 5, 1],
      [0.6, 1, 3],
    ];
    const inv = rows(invertPositiveDefinite(matrix(A)) ?? matrix([]));
    // A · inv(A) = I
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const v = [0, 1, 2].reduce((s, k) => s + (A[i]?.[k] ?? 0) * (inv[k]?.[j] ?? NaN), 0);
        expect(v).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it.each([
    [
      'indefinite (a saddle)',
      [
        [1, 0],
        [0, -1],
      ],
    ],
    [
      'singular (a flat direction)',
      [
        [1, 1],
        [1, 1],
      ],
    ],
    [
      'not finite',
      [
        [NaN, 0],
        [0, 1],
      ],
    ],
  ])('answers null for a matrix that is %s', (_title, A) => {
    expect(invertPositiveDefinite(matrix(A))).toBeNull();
  });
});
