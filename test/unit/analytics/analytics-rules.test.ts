import { describe, expect, it } from 'vitest';
import { foldCities } from '../../../src/crm/analytics/cod-cities.ts';
import { pointsLiabilityMinor } from '../../../src/crm/analytics/points-liability.ts';
import { addMonths, monthsFrom, retentionMatrix } from '../../../src/crm/analytics/retention-matrix.ts';
import { csvCell, csvDocument } from '../../../src/http/admin/csv.ts';

// The pure parts of the Analytics reports: month arithmetic and the retention matrix, city
// folding for the cash-on-delivery report, the points liability, and CSV cells.

describe('retention matrix', () => {
  it.each([
    ['2026-01', 1, '2026-02'],
    ['2026-12', 1, '2027-01'],
    ['2026-11', 14, '2028-01'],
    ['2026-03', 0, '2026-03'],
    ['0999-12', 1, '1000-01'],
  ])('%s + %i months is %s', (month, k, expected) => {
    expect(addMonths(month, k)).toBe(expected);
  });

  it('lists every month of a range across a year end', () => {
    expect(monthsFrom('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsFrom('2026-02', '2026-02')).toEqual(['2026-02']);
  });

  it('gives empty months a cohort of 0 and months not yet begun null, never 0', () => {
    const cohorts = retentionMatrix(
      [
        { cohort: '2026-10', customers: 4 },
        { cohort: '2026-12', customers: 2 },
      ],
      [
        { cohort: '2026-10', month: '2026-10', customers: 4 },
        { cohort: '2026-10', month: '2026-11', customers: 1 },
        { cohort: '2026-10', month: '2026-12', customers: 3 },
        { cohort: '2026-12', month: '2027-01', customers: 2 },
      ],
      { firstMonth: '2026-10', lastMonth: '2026-12' },
      3,
      '2027-01',
    );
    expect(cohorts).toEqual([
      {
        month: '2026-10',
        customers: 4,
        months: [
          { offset: 1, customers: 1 },
          { offset: 2, customers: 3 },
          { offset: 3, customers: 0 },
        ],
      },
      {
        month: '2026-11',
        customers: 0,
        months: [
          { offset: 1, customers: 0 },
          { offset: 2, customers: 0 },
          { offset: 3, customers: null },
        ],
      },
      {
        month: '2026-12',
        customers: 2,
        months: [
          { offset: 1, customers: 2 },
          { offset: 2, customers: null },
          { offset: 3, customers: null },
        ],
      },
    ]);
  });
});

describe('COD cities', () => {
  const row = (city: string | null, parcels: number, delivered: number, returned: number) => ({ city, parcels, delivered, returned });

  it('folds case and spacing, names the city by its most used spelling, most parcels first', () => {
    expect(
      foldCities([
        row('Lahore', 2, 1, 1),
        row('LAHORE', 3, 2, 0),
        row('lahore ', 1, 0, 1),
        row('Karachi', 6, 5, 1),
        row(null, 6, 1, 1),
        row('Rawal  Pindi', 1, 1, 0),
        row('rawal pindi', 1, 0, 0),
      ]),
    ).toEqual([row('Karachi', 6, 5, 1), row('LAHORE', 6, 3, 2), row(null, 6, 1, 1), row('Rawal Pindi', 2, 1, 0)]);
  });

  it('keeps non-Latin names as they are and breaks ties bytewise', () => {
    expect(foldCities([row('لاہور', 1, 1, 0), row('Multan', 1, 0, 1), row('ملتان', 2, 2, 0)])).toEqual([
      row('ملتان', 2, 2, 0),
      row('Multan', 1, 0, 1),
      row('لاہور', 1, 1, 0),
    ]);
  });
});

describe('points liability', () => {
  it.each([
    [350, '0.5', 'PKR', 17_500],
    [3, '0.0125', 'PKR', 4], // 3.75 minor units, rounded half up
    [2, '0.0125', 'PKR', 3], // 2.5 → 3
    [1, '0.0124', 'PKR', 1], // 1.24 → 1
    [1_000, '2', 'JPY', 2_000],
    [7, '0.1235', 'KWD', 865], // 0.8645 KWD = 864.5 fils → 865
    [0, '5', 'USD', 0],
    [123_456_789, '9999.9999', 'PKR', 123_456_787_765_432], // no floating point on the way
  ])('%i points at %s %s cost %i minor units', (points, cost, currency, minor) => {
    expect(pointsLiabilityMinor(points, cost, currency)).toBe(minor);
  });
});

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+92 300', "'+92 300"],
    ['-1', "'-1"],
    ['@sum', "'@sum"],
    ['عائشہ', 'عائشہ'],
  ])('%j is written %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers as they are (a negative figure is no formula) and null as an empty cell', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });

  it('starts a document with a BOM and ends every line with CRLF', () => {
    expect(csvDocument(['a', 'b'], [[1, null]])).toBe('\uFEFFa,b\r\n1,\r\n');
  });
});
