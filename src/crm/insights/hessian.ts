// How sure a fit is: the curvature of the (penalised) negative log-likelihood at its minimum.
// Its inverse is the asymptotic covariance of the estimates (observed information), so the
// square roots of its diagonal are the standard errors. Central differences with a step relative
// to each coordinate: the models evaluate it on log-parameters, where one step size suits all.

/** A square matrix, row-major. */
export type Matrix = { n: number; at: (i: number, j: number) => number };

const square = (n: number) => new Float64Array(n * n);
const view = (n: number, data: Float64Array): Matrix => ({ n, at: (i, j) => data[i * n + j] ?? NaN });

/** Central-difference Hessian of f at x. */
export function numericalHessian(f: (x: number[]) => number, x: readonly number[], step = 1e-4): Matrix {
  const n = x.length;
  const h = x.map((v) => step * Math.max(1, Math.abs(v)));
  const moved = (moves: readonly (readonly [number, number])[]) => {
    const y = [...x];
    for (const [i, sign] of moves) y[i] = (y[i] ?? NaN) + sign * (h[i] ?? NaN);
    return f(y);
  };
  const f0 = f([...x]);
  const H = square(n);
  for (let i = 0; i < n; i++) {
    const hi = h[i] ?? NaN;
    H[i * n + i] = (moved([[i, 1]]) - 2 * f0 + moved([[i, -1]])) / (hi * hi);
    for (let j = 0; j < i; j++) {
      const hj = h[j] ?? NaN;
      const pp = moved([
        [i, 1],
        [j, 1],
      ]);
      const pm = moved([
        [i, 1],
        [j, -1],
      ]);
      const mp = moved([
        [i, -1],
        [j, 1],
      ]);
      const mm = moved([
        [i, -1],
        [j, -1],
      ]);
      const v = (pp - pm - mp + mm) / (4 * hi * hj);
      H[i * n + j] = v;
      H[j * n + i] = v;
    }
  }
  return view(n, H);
}

/**
 * The inverse of a symmetric positive-definite matrix through its Cholesky factor, or null when
 * it is not positive definite (a flat or saddle direction: some parameter is not identified).
 */
export function invertPositiveDefinite(A: Matrix): Matrix | null {
  const { n } = A;
  const L = square(n);
  const l = (i: number, j: number) => L[i * n + j] ?? NaN;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A.at(i, j);
      for (let k = 0; k < j; k++) s -= l(i, k) * l(j, k);
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / l(j, j);
      }
    }
  }
  // inv(A) = inv(L)ᵀ inv(L), inv(L) by forward substitution.
  const M = square(n);
  const m = (i: number, j: number) => M[i * n + j] ?? NaN;
  for (let i = 0; i < n; i++) {
    M[i * n + i] = 1 / l(i, i);
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l(i, k) * m(k, j);
      M[i * n + j] = s / l(i, i);
    }
  }
  const inv = square(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += m(k, i) * m(k, j);
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  }
  return view(n, inv);
}
