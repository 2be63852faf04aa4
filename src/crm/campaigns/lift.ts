// The campaign report's statistics: conversion in the recipients' group against the holdout's,
// with a 95% confidence interval for the difference of the two proportions by Newcombe's hybrid
// score method (his method 10: Wilson score intervals for each proportion, combined). Unlike the
// Wald interval it stays inside [-1, 1] and keeps its coverage at the small counts and rates
// (a few orders among a few hundred shoppers) a small shop's campaign has.

const Z95 = 1.959963984540054;

export type Interval = { low: number; high: number };

/** Wilson's score interval for x successes in n trials; null when n is 0. */
export function wilson(x: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  return { low: (centre - spread) / denominator, high: (centre + spread) / denominator };
}

export type Lift = {
  /** p1 − p2: the recipients' conversion rate minus the holdout's (absolute, a fraction). */
  difference: number;
  ci95: Interval;
};

/** Newcombe's hybrid score interval for p1 − p2 (x1 of n1 against x2 of n2); null when a group is empty. */
export function differenceOfProportions(x1: number, n1: number, x2: number, n2: number, z = Z95): Lift | null {
  const w1 = wilson(x1, n1, z);
  const w2 = wilson(x2, n2, z);
  if (!w1 || !w2) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  return {
    difference: d,
    ci95: {
      low: d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
      high: d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
    },
  };
}
