import { describe, expect, it } from 'vitest';
import { summarise, weeksBetween, type Purchase } from '../../../src/crm/insights/calibration.ts';
import { parseTransactionLog } from '../../../src/crm/insights/transaction-log.parser.ts';

// From a transaction log to x, t_x, T, m_x and holdout counts, as the literature prepares CDNOW.

const p = (customerId: string, day: string, amount: number): Purchase => ({ customerId, day, amount });

describe('summarise', () => {
  const log = [
    p('a', '2024-01-01', 10),
    p('a', '2024-01-01', 5), // same day: one transaction of 15
    p('a', '2024-01-15', 20),
    p('a', '2024-01-29', 40),
    p('a', '2024-02-12', 7), // after calibration
    p('a', '2024-02-12', 1), // same day in the holdout: one transaction
    p('a', '2024-03-01', 9), // after the holdout
    p('b', '2024-01-22', 30),
    p('c', '2024-02-05', 50), // first purchase after calibration: not in the cohort
  ];
  const summaries = summarise(log, { calibrationEnd: '2024-02-01', holdoutEnd: '2024-02-20' });
  const a = summaries.find((s) => s.customerId === 'a');
  const b = summaries.find((s) => s.customerId === 'b');

  it('merges same-day purchases and counts repeat transactions in weeks', () => {
    expect(a).toMatchObject({ x: 2, tx: 4, T: 31 / 7, firstDay: '2024-01-01', lastDay: '2024-01-29', purchaseDays: 3 });
    expect(a?.calibrationSpend).toBe(75);
    // m_x: the mean of the repeat transactions only (20 and 40), not the first
    expect(a?.repeatMeanSpend).toBe(30);
    expect(a?.holdoutX).toBe(1);
  });

  it('gives a one-time buyer x = 0, t_x = 0 and no repeat spend', () => {
    expect(b).toMatchObject({ x: 0, tx: 0, T: 10 / 7, repeatMeanSpend: null, holdoutX: 0 });
  });

  it('leaves out customers whose first purchase comes after calibration', () => {
    expect(summaries.map((s) => s.customerId).sort()).toEqual(['a', 'b']);
  });

  it('counts the whole rest of the log as holdout without a holdout end', () => {
    expect(summarise(log, { calibrationEnd: '2024-02-01' }).find((s) => s.customerId === 'a')?.holdoutX).toBe(2);
  });

  it('includes purchases on the calibration end day in calibration', () => {
    const [s] = summarise([p('d', '2024-01-01', 1), p('d', '2024-02-01', 1)], { calibrationEnd: '2024-02-01' });
    expect(s).toMatchObject({ x: 1, tx: 31 / 7, T: 31 / 7 });
  });

  it('measures weeks between calendar days across a leap day and a DST change', () => {
    expect(weeksBetween('2024-02-26', '2024-03-04')).toBe(1);
    expect(weeksBetween('2024-03-28', '2024-04-04')).toBe(1);
    expect(() => weeksBetween('2024-02-30', '2024-03-04')).toThrow(/Not a calendar day/);
  });
});

describe('parseTransactionLog', () => {
  it('reads the CDNOW layout, keyed by the sample id', () => {
    const r = parseTransactionLog(' 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n', 'cdnow');
    expect(r).toEqual({
      ok: true,
      purchases: [
        { customerId: '0001', day: '1997-01-01', amount: 29.33 },
        { customerId: '0001', day: '1997-01-18', amount: 29.73 },
      ],
    });
  });

  it('reads customer_id,date,amount with a header', () => {
    const r = parseTransactionLog('customer_id,date,amount\r\nc-1,2024-05-01,12.50\n"c-2",2024-05-02,3\n\n', 'csv');
    expect(r).toEqual({
      ok: true,
      purchases: [
        { customerId: 'c-1', day: '2024-05-01', amount: 12.5 },
        { customerId: 'c-2', day: '2024-05-02', amount: 3 },
      ],
    });
  });

  it.each([
    ['cdnow', ' 00004 0001 19970101  2\n', /line 1: expected 5 columns/],
    ['cdnow', ' 00004 0001 19970101  2  29.33\n 00004 0001 19970231  2  29.33\n', /line 2: 19970231 is not a date/],
    ['cdnow', ' 00004 0001 19970101  2  lots\n', /line 1: lots is not an amount/],
    ['csv', 'id,day,value\nc,2024-01-01,1\n', /line 1: the header must be customer_id,date,amount/],
    ['csv', 'customer_id,date,amount\nc,01/02/2024,1\n', /line 2: 01\/02\/2024 is not a YYYY-MM-DD date/],
    ['csv', 'customer_id,date,amount\nc,2024-01-01,-3\n', /line 2: -3 is not an amount/],
    ['csv', 'customer_id,date,amount\nc,2024-01-01\n', /line 2: expected customer_id,date,amount/],
  ] as const)('rejects a bad %s line with its number: %j', (format, text, reason) => {
    const r = parseTransactionLog(text, format);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
