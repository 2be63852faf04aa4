import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quintileScores, rfmScores, rfmSegment } from '../../../src/crm/insights/rfm.ts';

describe('quintileScores', () => {
  it('puts a fifth of distinct values in each score', () => {
    expect(quintileScores([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual([5, 1, 5, 1, 4, 2, 4, 2, 3, 3]);
  });

  it('gives equal values the same score, the lowest value 1', () => {
    // six one-time buyers of ten: all F = 1; the twos (4 of 10 below them... 6 below) score 4
    expect(quintileScores([1, 1, 1, 1, 1, 1, 2, 2, 3, 5])).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
    expect(quintileScores([7, 7, 7])).toEqual([1, 1, 1]);
    expect(quintileScores([])).toEqual([]);
  });

  it('is deterministic: order-free, tie-consistent, monotone and within 1–5', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 60 }), fc.nat(), (values, seed) => {
        const scores = quintileScores(values);
        const shuffled = values.map((v, i) => ({ v, i, k: (i * 7919 + seed) % 9973 })).sort((a, b) => a.k - b.k || a.i - b.i);
        const again = quintileScores(shuffled.map((s) => s.v));
        shuffled.forEach((s, j) => expect(again[j]).toBe(scores[s.i]));
        values.forEach((v, i) =>
          values.forEach((w, j) => {
            if (v === w) expect(scores[i]).toBe(scores[j]);
            if (v < w) expect(scores[i]).toBeLessThanOrEqual(scores[j] ?? 0);
          }),
        );
        for (const s of scores) expect(s >= 1 && s <= 5).toBe(true);
      }),
    );
  });
});

describe('rfmScores', () => {
  it('scores recent customers high, and writes R, F and M as a score string with the segment', () => {
    const scores = rfmScores([
      { id: 'fresh-big', daysSinceLastOrder: 2, orders: 9, spend: 90_000 },
      { id: 'fresh-new', daysSinceLastOrder: 3, orders: 1, spend: 2_000 },
      { id: 'old-big', daysSinceLastOrder: 400, orders: 12, spend: 120_000 },
      { id: 'old-small', daysSinceLastOrder: 500, orders: 1, spend: 1_500 },
      { id: 'middle', daysSinceLastOrder: 60, orders: 3, spend: 10_000 },
    ]);
    expect(scores.get('fresh-big')).toEqual({ recency: 5, frequency: 4, monetary: 4, score: '544', segment: 'champions' });
    expect(scores.get('fresh-new')).toMatchObject({ recency: 4, frequency: 1, segment: 'new' });
    expect(scores.get('old-big')).toMatchObject({ recency: 2, frequency: 5, monetary: 5, segment: 'cant_lose' });
    expect(scores.get('old-small')).toMatchObject({ recency: 1, frequency: 1, monetary: 1, score: '111', segment: 'lost' });
    expect(scores.get('middle')).toMatchObject({ recency: 3, frequency: 3, segment: 'hibernating' });
  });
});

describe('rfmSegment', () => {
  it.each([
    [5, 5, 'champions'],
    [5, 4, 'champions'],
    [4, 5, 'loyal'],
    [3, 4, 'loyal'],
    [5, 2, 'potential_loyalists'],
    [4, 3, 'potential_loyalists'],
    [5, 1, 'new'],
    [4, 1, 'new'],
    [2, 3, 'at_risk'],
    [1, 4, 'at_risk'],
    [2, 5, 'cant_lose'],
    [1, 5, 'cant_lose'],
    [3, 1, 'hibernating'],
    [2, 2, 'hibernating'],
    [1, 2, 'lost'],
    [1, 1, 'lost'],
  ] as const)('R%i F%i is %s', (r, f, segment) => {
    expect(rfmSegment(r, f)).toBe(segment);
  });

  it('names every one of the 25 cells, using all eight groups', () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) seen.add(rfmSegment(r, f));
    expect([...seen].sort()).toEqual(['at_risk', 'cant_lose', 'champions', 'hibernating', 'lost', 'loyal', 'new', 'potential_loyalists']);
  });
});
