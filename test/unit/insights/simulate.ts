import type { BgNbdParams } from '../../../src/crm/insights/bgnbd.model.ts';
import type { GammaGammaParams } from '../../../src/crm/insights/gamma-gamma.model.ts';
import type { PurchaseHistory } from '../../../src/crm/insights/purchase-history.ts';

// Customers drawn from known BG/NBD and Gamma-Gamma parameters with a seeded generator, to check
// that the fitting code recovers what made the data.

/** mulberry32: small, seeded, good enough for simulation tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, rate) by Marsaglia & Tsang (2000), boosted for shape < 1. */
export function gammaVariate(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return gammaVariate(random, shape + 1, rate) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function betaVariate(random: () => number, a: number, b: number): number {
  const x = gammaVariate(random, a, 1);
  return x / (x + gammaVariate(random, b, 1));
}

export type SimulatedCustomer = PurchaseHistory & { holdoutX: number; repeatMeanSpend: number | null };

/**
 * One cohort: each customer's first purchase at time 0 and calibration length T (weeks); a Poisson
 * rate λ ~ Gamma(r, α); after each repeat purchase they drop out with probability p ~ Beta(a, b);
 * each transaction's value ~ Gamma(p_s, ν) with ν ~ Gamma(q, γ). Holdout: purchases in (T, T + holdout].
 */
export function simulateCohort(
  random: () => number,
  n: number,
  bg: BgNbdParams,
  gg: GammaGammaParams,
  calibrationWeeks: (i: number) => number,
  holdoutWeeks = 0,
): SimulatedCustomer[] {
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const T = calibrationWeeks(i);
    const lambda = gammaVariate(random, bg.r, bg.alpha);
    const p = betaVariate(random, bg.a, bg.b);
    const nu = gammaVariate(random, gg.q, gg.gamma);
    let t = 0;
    let x = 0;
    let tx = 0;
    let holdoutX = 0;
    let spend = 0;
    for (;;) {
      t += -Math.log(1 - random()) / lambda;
      if (t > T + holdoutWeeks) break;
      if (t <= T) {
        x++;
        tx = t;
        spend += gammaVariate(random, gg.p, nu);
      } else {
        holdoutX++;
      }
      if (random() < p) break;
    }
    out.push({ x, tx, T, holdoutX, repeatMeanSpend: x > 0 ? spend / x : null });
  }
  return out;
}
