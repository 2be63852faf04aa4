import type { PurchaseHistory } from './purchase-history.ts';

// From a transaction log to what the models read, as the literature prepares CDNOW (BTYD's
// walkthrough, dc.ElogToCbsCbt): purchases on the same day are one transaction (their amounts
// added), time is in weeks of 7 days counted between calendar days, the first purchase is not a
// repeat, and only customers whose first purchase falls in the calibration period are modelled.

/** One purchase: the customer, the calendar day it was made (YYYY-MM-DD, the shop's day), its value. */
export type Purchase = { customerId: string; day: string; amount: number };

export type CustomerSummary = PurchaseHistory & {
  customerId: string;
  firstDay: string;
  /** The last purchase day up to the end of calibration. */
  lastDay: string;
  /** Days with a purchase in calibration: x + 1. */
  purchaseDays: number;
  /** Total spend in calibration, first purchase included. */
  calibrationSpend: number;
  /** Mean value of the repeat transactions (Gamma-Gamma's m_x); null without one. */
  repeatMeanSpend: number | null;
  /** Transactions (days with a purchase) after the calibration end, up to the holdout end. */
  holdoutX: number;
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD calendar day; throws on anything else. */
export function dayNumber(day: string): number {
  const m = DAY.exec(day);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || !Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new RangeError(`Not a calendar day: ${day}`);
  return ms / MS_PER_DAY;
}

export const dayFromNumber = (n: number): string => new Date(n * MS_PER_DAY).toISOString().slice(0, 10);

export const weeksBetween = (from: string, to: string): number => (dayNumber(to) - dayNumber(from)) / 7;

export function summarise(purchases: readonly Purchase[], period: { calibrationEnd: string; holdoutEnd?: string }): CustomerSummary[] {
  const end = dayNumber(period.calibrationEnd);
  const holdoutEnd = period.holdoutEnd === undefined ? Infinity : dayNumber(period.holdoutEnd);
  // customer -> day -> amount, so same-day purchases merge
  const byCustomer = new Map<string, Map<number, number>>();
  const dayNumbers = new Map<string, number>(); // a shop's orders fall on far fewer days than there are orders
  for (const p of purchases) {
    let day = dayNumbers.get(p.day);
    if (day === undefined) dayNumbers.set(p.day, (day = dayNumber(p.day)));
    let days = byCustomer.get(p.customerId);
    if (!days) byCustomer.set(p.customerId, (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + p.amount);
  }
  const out: CustomerSummary[] = [];
  for (const [customerId, days] of byCustomer) {
    let first = Infinity;
    let last = -Infinity;
    let purchaseDays = 0;
    let spend = 0;
    let holdoutX = 0;
    for (const [d, amount] of days) {
      if (d <= end) {
        purchaseDays++;
        spend += amount;
        if (d < first) first = d;
        if (d > last) last = d;
      } else if (d <= holdoutEnd) {
        holdoutX++;
      }
    }
    if (purchaseDays === 0) continue; // first purchase after calibration: not in this cohort
    const x = purchaseDays - 1;
    out.push({
      customerId,
      x,
      tx: (last - first) / 7,
      T: (end - first) / 7,
      firstDay: dayFromNumber(first),
      lastDay: dayFromNumber(last),
      purchaseDays,
      calibrationSpend: spend,
      repeatMeanSpend: x > 0 ? (spend - (days.get(first) ?? 0)) / x : null,
      holdoutX,
    });
  }
  return out;
}
