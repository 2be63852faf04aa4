import { describe, expect, it } from 'vitest';
import { assignGroup } from '../../../src/crm/campaigns/assignment.ts';

// Groups by a keyed hash of (campaign, customer): the same on every replay, in the proportions
// asked for, and independent between campaigns.

const variants = [
  { key: 'A', templateId: 't1', weight: 3 },
  { key: 'B', templateId: 't2', weight: 1 },
];
const customers = Array.from({ length: 20_000 }, (_, i) => `cus_${i.toString(16).padStart(8, '0')}`);

describe('group assignment', () => {
  it('is deterministic', () => {
    for (const c of customers.slice(0, 200)) expect(assignGroup('cmp_1', c, 10, variants)).toBe(assignGroup('cmp_1', c, 10, variants));
  });

  it('splits in the proportions asked for (10% holdout, then 3:1)', () => {
    const counts = { holdout: 0, A: 0, B: 0 } as Record<string, number>;
    for (const c of customers) counts[assignGroup('cmp_1', c, 10, variants)]!++;
    // Within 4 standard deviations of the expected counts.
    expect(Math.abs(counts.holdout! - 2_000)).toBeLessThan(4 * Math.sqrt(20_000 * 0.1 * 0.9));
    expect(Math.abs(counts.A! - 13_500)).toBeLessThan(4 * Math.sqrt(20_000 * 0.675 * 0.325));
    expect(Math.abs(counts.B! - 4_500)).toBeLessThan(4 * Math.sqrt(20_000 * 0.225 * 0.775));
  });

  it('puts nobody in the holdout at 0% and keeps the variant split when the holdout changes', () => {
    for (const c of customers.slice(0, 500)) {
      const without = assignGroup('cmp_1', c, 0, variants);
      expect(without).not.toBe('holdout');
      const with20 = assignGroup('cmp_1', c, 20, variants);
      if (with20 !== 'holdout') expect(with20).toBe(without);
    }
  });

  it('draws anew per campaign', () => {
    const same = customers
      .slice(0, 1_000)
      .filter((c) => (assignGroup('cmp_1', c, 50, variants) === 'holdout') === (assignGroup('cmp_2', c, 50, variants) === 'holdout'));
    expect(same.length).toBeGreaterThan(400);
    expect(same.length).toBeLessThan(600);
  });
});
