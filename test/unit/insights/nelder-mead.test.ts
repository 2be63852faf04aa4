import { describe, expect, it } from 'vitest';
import { minimiseNelderMead } from '../../../src/crm/insights/nelder-mead.ts';

// The optimiser the models are fitted with, on the standard test functions.

const rosenbrock = (x: number[]) => {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * ((x[i + 1] ?? 0) - (x[i] ?? 0) ** 2) ** 2 + (1 - (x[i] ?? 0)) ** 2;
  return s;
};

describe('minimiseNelderMead', () => {
  it.each([
    ['Rosenbrock in 2 dimensions from (-1.2, 1)', 2, [-1.2, 1]],
    ['Rosenbrock in 4 dimensions from the origin', 4, [0, 0, 0, 0]],
    ['Rosenbrock in 6 dimensions from -1', 6, [-1, -1, -1, -1, -1, -1]],
  ])('finds the minimum of %s', (_title, n, start) => {
    const found = minimiseNelderMead(rosenbrock, start, { fTolerance: 1e-14, xTolerance: 1e-9 });
    expect(found.converged).toBe(true);
    expect(found.value).toBeLessThan(1e-10);
    for (const v of found.x) expect(v).toBeCloseTo(1, 4);
    expect(found.x).toHaveLength(n);
  });

  it('finds a shifted, badly scaled quadratic bowl', () => {
    const centre = [3, -2, 0.5, 10];
    const weights = [1, 100, 0.01, 5];
    const f = (x: number[]) => x.reduce((s, v, k) => s + (weights[k] ?? 1) * (v - (centre[k] ?? 0)) ** 2, 7);
    const found = minimiseNelderMead(f, [0, 0, 0, 0], { fTolerance: 1e-15, xTolerance: 1e-9 });
    expect(found.value).toBeCloseTo(7, 10);
    found.x.forEach((v, k) => expect(v).toBeCloseTo(centre[k] ?? NaN, 3));
  });

  it('treats NaN and infinite values as uphill, so it stays inside the domain', () => {
    // log-barrier: undefined for x ≤ 0, minimum at x = 2.
    const f = ([x = 0]: number[]) => x - 2 * Math.log(x);
    const found = minimiseNelderMead(f, [0.1], { step: 5 });
    expect(found.x[0]).toBeCloseTo(2, 4);
  });

  it("escapes McKinnon's counterexample by restarting where the simplex collapsed", () => {
    // McKinnon (1998): from this first simplex, plain Nelder–Mead shrinks onto the origin, which
    // is not a minimum; the minimum is (0, -0.5), value -0.25. The search runs in coordinates
    // whose first simplex (origin + unit steps) is McKinnon's; the method is affine-invariant.
    const l1 = (1 + Math.sqrt(33)) / 8;
    const l2 = (1 - Math.sqrt(33)) / 8;
    const mckinnon = (x: number, y: number) => (x <= 0 ? 360 * x * x : 6 * x * x) + y + y * y;
    const f = ([u = 0, v = 0]: number[]) => mckinnon(u + l1 * v, u + l2 * v);
    const toXY = ([u = 0, v = 0]: number[]) => [u + l1 * v, u + l2 * v];
    const once = minimiseNelderMead(f, [0, 0], { step: 1, maxRestarts: 0 });
    expect(toXY(once.x)[1]).toBeCloseTo(0, 6);
    expect(once.value).toBeCloseTo(0, 10);
    const restarted = minimiseNelderMead(f, [0, 0], { step: 1 });
    expect(restarted.restarts).toBeGreaterThan(0);
    expect(restarted.value).toBeCloseTo(-0.25, 8);
    const [x, y] = toXY(restarted.x);
    expect(x).toBeCloseTo(0, 4);
    expect(y).toBeCloseTo(-0.5, 4);
  });

  it('stops on a ridge whose maximum lies at infinity once the values no longer differ', () => {
    // f → 0 as x → ∞ along y = 0: vertices never meet, values do
    const f = ([x = 0, y = 0]: number[]) => Math.exp(-x) + y * y;
    const found = minimiseNelderMead(f, [0, 1]);
    expect(found.converged).toBe(true);
    expect(found.value).toBeLessThan(1e-9);
    expect(found.evaluations).toBeLessThan(2000);
  });

  it('says when it ran out of iterations', () => {
    const found = minimiseNelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10 });
    expect(found.converged).toBe(false);
    expect(found.iterations).toBeLessThanOrEqual(10);
  });
});
