import { describe, expect, it } from 'vitest';
import { expectedTransactions } from '../../../src/crm/insights/bgnbd.model.ts';
import { fitBgNbd } from '../../../src/crm/insights/bgnbd.fit.ts';
import { checkModel, compareHoldout } from '../../../src/crm/insights/model-check.ts';
import { seededRandom, simulateCohort } from './simulate.ts';

// The holdout check: on customers simulated from known BG/NBD parameters, a model fitted on the
// calibration weeks predicts the holdout's repeat orders about as many as happened; on a hand-built
// history the calibration/holdout split, same-day merging, the shop's time zone and the rows are exact.

const truth = { r: 0.5, alpha: 6, a: 0.8, b: 2.5 };
const gg = { p: 4, q: 5, gamma: 60 };

describe.each([1, 2])('on a cohort simulated from known parameters (seed %i)', (seed) => {
  // 10,000 customers, calibration 26–39 weeks, holdout 13 weeks.
  const cohort = simulateCohort(seededRandom(seed), 10_000, truth, gg, (i) => 26 + (i % 14), 13);
  const fitted = compareHoldout(fitBgNbd(cohort).params, cohort, 13);
  const known = compareHoldout(truth, cohort, 13);

  it('predicts the holdout total within 5% of the actual, fitted or with the true parameters', () => {
    expect(fitted.actual).toBeGreaterThan(1000);
    expect(Math.abs(fitted.predicted - fitted.actual) / fitted.actual).toBeLessThan(0.05);
    expect(Math.abs(known.predicted - known.actual) / known.actual).toBeLessThan(0.05);
  });

  it('agrees row by row where a row holds many customers, and the rows add up', () => {
    expect(fitted.rows.map((r) => r.repeatOrders)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(fitted.rows.reduce((n, r) => n + r.customers, 0)).toBe(10_000);
    expect(fitted.rows.reduce((n, r) => n + r.actual, 0)).toBe(fitted.actual);
    for (const row of fitted.rows.filter((r) => r.customers >= 500)) {
      expect(Math.abs(row.predicted - row.actual) / row.customers, `x = ${row.repeatOrders}`).toBeLessThan(0.1);
    }
  });
});

describe('checkModel on a hand-built history', () => {
  const at = (iso: string, amountMinor = 1_000) => ({ at: new Date(iso), amountMinor });
  const now = new Date('2026-06-01T12:00:00.000Z');
  const histories = [
    // Calibration: 03-01, 04-01 (x = 1); holdout: 05-10 twice (one day) and 05-20: 2 repeat orders.
    {
      id: 'ana',
      orders: [
        at('2026-03-01T10:00:00Z'),
        at('2026-04-01T10:00:00Z'),
        at('2026-05-10T09:00:00Z'),
        at('2026-05-10T15:00:00Z'),
        at('2026-05-20T10:00:00Z'),
      ],
    },
    // First order in the holdout: not in the check.
    { id: 'bo', orders: [at('2026-05-10T10:00:00Z'), at('2026-05-12T10:00:00Z')] },
    // Once in calibration, then on 05-04 20:00 UTC, which is 05-05 in Karachi (holdout); an order after now is ignored.
    { id: 'cy', orders: [at('2026-02-01T10:00:00Z'), at('2026-05-04T20:00:00Z'), at('2026-06-02T10:00:00Z')] },
  ];

  it('splits at now − holdout on the shop’s day and counts holdout days as repeat orders', () => {
    const check = checkModel(histories, now, { holdoutWeeks: 4, timeZone: 'Asia/Karachi' })!;
    expect(check).toMatchObject({ holdoutWeeks: 4, calibrationEnd: '2026-05-04', holdoutEnd: '2026-06-01', customers: 2, repeaters: 1 });
    expect(check.actual).toBe(3);
    expect(check.rows[0]).toMatchObject({ repeatOrders: 0, customers: 1, actual: 1 });
    expect(check.rows[1]).toMatchObject({ repeatOrders: 1, customers: 1, actual: 2 });
    expect(check.rows.slice(2).every((r) => r.customers === 0 && r.predicted === 0)).toBe(true);
    // ana: x = 1, t_x = 31 days, T = 64 days (03-01 to 05-04); cy: x = 0, T = 92 days; 4 weeks ahead.
    const ana = expectedTransactions(check.params, { x: 1, tx: 31 / 7, T: 64 / 7 }, 4);
    const cy = expectedTransactions(check.params, { x: 0, tx: 0, T: 92 / 7 }, 4);
    expect(check.rows[1]!.predicted).toBeCloseTo(ana, 12);
    expect(check.predicted).toBeCloseTo(ana + cy, 12);
  });

  it('in UTC the 05-04 order stays in calibration', () => {
    const check = checkModel(histories, now, { holdoutWeeks: 4 })!;
    expect(check.repeaters).toBe(2);
    expect(check.rows[1]).toMatchObject({ customers: 2, actual: 2 });
  });

  it('is null when no customer ordered before the holdout', () => {
    expect(checkModel([histories[1]!], now, { holdoutWeeks: 4 })).toBeNull();
    expect(checkModel([], now)).toBeNull();
  });
});
