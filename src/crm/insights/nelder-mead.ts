// Nelder–Mead downhill simplex (Lagarias et al. 1998) with the dimension-adaptive coefficients of
// Gao & Han (2012), restarted from the best point until a restart no longer improves it: a
// collapsed simplex is the method's known failure, and a fresh one around the optimum costs little.
// Written here because npm has no maintained derivative-free optimiser (`fmin` stopped in 2016).

export type Minimum = { x: number[]; value: number; iterations: number; evaluations: number; restarts: number; converged: boolean };

export type NelderMeadOptions = {
  /** Edge length of the initial simplex along each axis (default 0.5: the models search log-parameters). */
  step?: number;
  /** Stop when the simplex's values differ by less than this (absolute, plus the same relative to |f|). */
  fTolerance?: number;
  /**
   * ... and its vertices lie within this of the best one on every axis. Default: no such test, as
   * R's optim: on a likelihood whose maximum lies at infinity (a ridge), vertices never meet.
   */
  xTolerance?: number;
  maxIterations?: number;
  maxRestarts?: number;
};

type Vertex = { x: number[]; f: number };

export function minimiseNelderMead(f: (x: number[]) => number, start: readonly number[], options: NelderMeadOptions = {}): Minimum {
  const step = options.step ?? 0.5;
  const fTol = options.fTolerance ?? 1e-10;
  const xTol = options.xTolerance ?? Infinity;
  const maxIterations = options.maxIterations ?? 1000 * Math.max(1, start.length);
  const maxRestarts = options.maxRestarts ?? 5;
  let evaluations = 0;
  // Outside the domain (NaN, overflow) counts as uphill, so the simplex turns back.
  const value = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };

  let best = simplexSearch(value, [...start], step, fTol, xTol, maxIterations);
  let iterations = best.iterations;
  let restarts = 0;
  while (restarts < maxRestarts && iterations < maxIterations) {
    const again = simplexSearch(value, best.x, step / 4, fTol, xTol, maxIterations - iterations);
    iterations += again.iterations;
    restarts++;
    const improved = best.value - again.value > fTol * (1 + Math.abs(best.value));
    if (again.value <= best.value) best = again;
    if (!improved) break;
  }
  return { x: best.x, value: best.value, iterations, evaluations, restarts, converged: best.converged && iterations < maxIterations };
}

function simplexSearch(
  value: (x: number[]) => number,
  start: number[],
  step: number,
  fTol: number,
  xTol: number,
  maxIterations: number,
): { x: number[]; value: number; iterations: number; converged: boolean } {
  const n = start.length;
  const reflect = 1;
  const expand = 1 + 2 / n;
  const contract = 0.75 - 1 / (2 * n);
  const shrink = 1 - 1 / n;
  const simplex: Vertex[] = [{ x: start, f: value(start) }];
  for (let i = 0; i < n; i++) {
    const x = start.map((v, k) => (k === i ? v + step : v));
    simplex.push({ x, f: value(x) });
  }
  // Sorted best first; the accessor keeps the indexing total for the type checker.
  const vertex = (i: number): Vertex => simplex[i] ?? { x: [], f: NaN };
  let iterations = 0;
  while (iterations < maxIterations) {
    simplex.sort((p, q) => p.f - q.f);
    if (converged(simplex, fTol, xTol)) break;
    iterations++;
    const best = vertex(0);
    const worst = vertex(n);
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) vertex(i).x.forEach((v, k) => (centroid[k] = (centroid[k] ?? 0) + v / n));
    const along = (t: number) => centroid.map((c, k) => c + t * (c - (worst.x[k] ?? NaN)));
    const xr = along(reflect);
    const fr = value(xr);
    if (fr < best.f) {
      const xe = along(reflect * expand);
      const fe = value(xe);
      simplex[n] = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
    } else if (fr < vertex(n - 1).f) {
      simplex[n] = { x: xr, f: fr };
    } else {
      // Contract outside when the reflection helped a little, inside otherwise.
      const outside = fr < worst.f;
      const xc = along(outside ? reflect * contract : -contract);
      const fc = value(xc);
      if (fc < (outside ? fr : worst.f)) {
        simplex[n] = { x: xc, f: fc };
      } else {
        for (let i = 1; i <= n; i++) {
          const x = best.x.map((b, k) => b + shrink * ((vertex(i).x[k] ?? NaN) - b));
          simplex[i] = { x, f: value(x) };
        }
      }
    }
  }
  simplex.sort((p, q) => p.f - q.f);
  const best = vertex(0);
  return { x: best.x, value: best.f, iterations, converged: iterations < maxIterations || converged(simplex, fTol, xTol) };
}

function converged(simplex: readonly Vertex[], fTol: number, xTol: number): boolean {
  const [best, ...others] = simplex;
  if (!best || !Number.isFinite(best.f)) return false;
  return others.every(
    (v) => Math.abs(v.f - best.f) <= fTol * (1 + Math.abs(best.f)) && v.x.every((c, k) => Math.abs(c - (best.x[k] ?? NaN)) <= xTol),
  );
}
