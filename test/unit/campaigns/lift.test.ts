import { describe, expect, it } from 'vitest';
import { differenceOfProportions, wilson } from '../../../src/crm/campaigns/lift.ts';

// The report's interval against published, hand-checked values: Newcombe (1998), "Interval
// estimation for the difference between independent proportions: comparison of eleven methods",
// Statistics in Medicine 17, Table II, method 10 (hybrid score); and Wilson's interval for 81/263
// from his companion paper on single proportions (Table I, method 3).

describe('Wilson score interval', () => {
  it.each([
    { x: 81, n: 263, low: 0.2553, high: 0.3662 },
    { x: 0, n: 10, low: 0, high: 0.2775 },
    { x: 10, n: 10, low: 0.7225, high: 1 },
  ])('$x of $n: [$low, $high]', ({ x, n, low, high }) => {
    const w = wilson(x, n)!;
    expect(w.low).toBeCloseTo(low, 4);
    expect(w.high).toBeCloseTo(high, 4);
  });

  it('has no interval for an empty group', () => {
    expect(wilson(0, 0)).toBeNull();
  });
});

describe('difference of two proportions, Newcombe hybrid score (95%)', () => {
  it.each([
    { title: '56/70 − 48/80', x1: 56, n1: 70, x2: 48, n2: 80, d: 0.2, low: 0.0524, high: 0.3339 },
    { title: '9/10 − 3/10', x1: 9, n1: 10, x2: 3, n2: 10, d: 0.6, low: 0.1705, high: 0.809 },
    { title: '6/7 − 2/7', x1: 6, n1: 7, x2: 2, n2: 7, d: 4 / 7, low: 0.0582, high: 0.8062 },
    { title: '5/56 − 0/29', x1: 5, n1: 56, x2: 0, n2: 29, d: 5 / 56, low: -0.0381, high: 0.1926 },
    { title: '0/10 − 0/20', x1: 0, n1: 10, x2: 0, n2: 20, d: 0, low: -0.1611, high: 0.2775 },
  ])('$title', ({ x1, n1, x2, n2, d, low, high }) => {
    const lift = differenceOfProportions(x1, n1, x2, n2)!;
    expect(lift.difference).toBeCloseTo(d, 10);
    expect(lift.ci95.low).toBeCloseTo(low, 4);
    expect(lift.ci95.high).toBeCloseTo(high, 4);
  });

  it('stays inside [-1, 1] at the extremes, where a Wald interval would not', () => {
    const lift = differenceOfProportions(10, 10, 0, 10)!;
    expect(lift.difference).toBe(1);
    expect(lift.ci95.high).toBeLessThanOrEqual(1);
    expect(lift.ci95.low).toBeGreaterThan(0.6);
  });

  it('has no interval when a group is empty', () => {
    expect(differenceOfProportions(3, 10, 0, 0)).toBeNull();
  });
});
