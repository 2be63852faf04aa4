import { describe, expect, it } from 'vitest';
import type { Purchase } from '../../../src/crm/insights/calibration.ts';
import { fitTransactionLog } from '../../../src/crm/insights/transaction-log.fit.ts';
import { seededRandom, simulateCohort } from './simulate.ts';

// What `rapport insights fit` computes, without the process around it.

const p = (customerId: string, day: string, amount: number): Purchase => ({ customerId, day, amount });
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('fitTransactionLog', () => {
  it('says when no customer bought by the calibration end', () => {
    expect(fitTransactionLog([p('a', '2024-05-01', 1)], { calibrationEnd: '2024-04-30' })).toEqual({ outcome: 'no_customers' });
  });

  it('says when nobody bought again: the models have nothing to learn from', () => {
    const log = [p('a', '2024-01-01', 1), p('b', '2024-02-01', 2), p('b', '2024-06-01', 2)];
    expect(fitTransactionLog(log, { calibrationEnd: '2024-03-01' })).toEqual({ outcome: 'no_repeaters', customers: 2 });
  });

  it('predicts the holdout from the fitted model over the weeks to the last day of the log', () => {
    // a simulated cohort written out as a log: days from a start date, 39 + 39 weeks
    const cohort = simulateCohort(seededRandom(9), 3000, { r: 0.4, alpha: 5, a: 0.8, b: 2.5 }, { p: 4, q: 5, gamma: 60 }, () => 39, 39);
    const log: Purchase[] = [];
    cohort.forEach((c, i) => {
      const id = `c${i}`;
      log.push(p(id, '2024-01-01', 10));
      // spread x repeats over (0, t_x] and holdout purchases over (39, 78] weeks, one per day
      for (let k = 1; k <= c.x; k++) log.push(p(id, addDays('2024-01-01', Math.max(k, Math.round((c.tx * 7 * k) / c.x))), 10 + k));
      for (let k = 1; k <= c.holdoutX; k++) log.push(p(id, addDays('2024-09-30', k), 5));
    });
    log.push(p('last', '2025-06-30', 1)); // the log ends 39 weeks after calibration (a first purchase after it: not modelled)
    const fit = fitTransactionLog(log, { calibrationEnd: '2024-09-30' });
    if (fit.outcome !== 'fitted') throw new Error(fit.outcome);
    expect(fit.customers).toBe(3000);
    expect(fit.holdout.weeks).toBe(39);
    expect(fit.holdout.actual).toBe(cohort.reduce((s, c) => s + c.holdoutX, 0));
    // the model's prediction for its own kind of data is close to what happened
    expect(Math.abs(fit.holdout.predicted / fit.holdout.actual - 1)).toBeLessThan(0.1);
  });
});
