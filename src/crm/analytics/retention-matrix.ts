import type { RetentionCohort } from './analytics-reports.port.ts';

// The retention matrix from two exact counts: each cohort's size, and per (cohort, calendar
// month) the cohort's customers with a counted order that month. Months are UTC `YYYY-MM`.

/** `YYYY-MM` plus `k` months. */
export function addMonths(month: string, k: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = y * 12 + (m - 1) + k;
  return `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `first` to `last`, both included. */
export function monthsFrom(first: string, last: string): string[] {
  const out: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) out.push(m);
  return out;
}

export type CohortSize = { cohort: string; customers: number };
export type CohortActivity = { cohort: string; month: string; customers: number };

/**
 * One row per month of [firstMonth, lastMonth] (an empty month is a cohort of 0, so a heatmap has
 * no holes), months +1..+`months`; a month after `asOfMonth` has not begun: null, never 0.
 */
export function retentionMatrix(
  sizes: CohortSize[],
  activity: CohortActivity[],
  range: { firstMonth: string; lastMonth: string },
  months: number,
  asOfMonth: string,
): RetentionCohort[] {
  const size = new Map(sizes.map((s) => [s.cohort, s.customers]));
  const active = new Map(activity.map((a) => [`${a.cohort}|${a.month}`, a.customers]));
  return monthsFrom(range.firstMonth, range.lastMonth).map((month) => ({
    month,
    customers: size.get(month) ?? 0,
    months: Array.from({ length: months }, (_, i) => {
      const offset = i + 1;
      const target = addMonths(month, offset);
      return target > asOfMonth ? { offset, customers: null } : { offset, customers: active.get(`${month}|${target}`) ?? 0 };
    }),
  }));
}
