import { expectedTransactions, type BgNbdParams } from './bgnbd.model.ts';
import { bgnbdPrior, fitBgNbd } from './bgnbd.fit.ts';
import { dayFromNumber, dayNumber, summarise, type Purchase } from './calibration.ts';
import { CDNOW_POOLED, DEFAULT_PRIOR_SCALE } from './pooled-priors.ts';
import type { PurchaseHistory } from './purchase-history.ts';
import type { CustomerHistory, ScoreOptions } from './score-account.ts';
import { shopDayOf } from './shop-days.ts';

// The BTYD model check (README, "Model check"): the BG/NBD refitted on the account's history up to
// `now − holdout`, each customer's repeat orders in the holdout predicted and counted, compared by
// the number of repeat orders in calibration (0, 1, …, 6, 7+) and in total. Orders on one shop day
// are one transaction, as the model sees them. Pure: the insights refresh runs it on its thread.

/** Holdout length in weeks (fixed for every account: the refresh stores one check, the API reads it). */
export const DEFAULT_HOLDOUT_WEEKS = 13;
/** Rows 0..6 and a last row for 7 or more repeat orders in calibration. */
export const MODEL_CHECK_TOP_ROW = 7;

export type ModelCheckRow = {
  /** Repeat orders in calibration; the last row holds this many or more. */
  repeatOrders: number;
  customers: number;
  /** Sums over the row's customers: E[X(holdout) | x, t_x, T] and the repeat orders counted. */
  predicted: number;
  actual: number;
};

export type ModelCheck = {
  holdoutWeeks: number;
  /** Shop days: calibration up to and including `calibrationEnd`, holdout after it up to `holdoutEnd`. */
  calibrationEnd: string;
  holdoutEnd: string;
  /** Customers with a first order in calibration, and those with a repeat order there. */
  customers: number;
  repeaters: number;
  predicted: number;
  actual: number;
  rows: ModelCheckRow[];
  /** The calibration fit's BG/NBD parameters. */
  params: BgNbdParams;
};

/** The comparison for customers already summarised (x, t_x, T and their holdout count) under `params`. */
export function compareHoldout(
  params: BgNbdParams,
  customers: ReadonlyArray<PurchaseHistory & { holdoutX: number }>,
  weeks: number,
): Pick<ModelCheck, 'customers' | 'repeaters' | 'predicted' | 'actual' | 'rows'> {
  const rows: ModelCheckRow[] = Array.from({ length: MODEL_CHECK_TOP_ROW + 1 }, (_, i) => ({
    repeatOrders: i,
    customers: 0,
    predicted: 0,
    actual: 0,
  }));
  let repeaters = 0;
  for (const c of customers) {
    const row = rows[Math.min(c.x, MODEL_CHECK_TOP_ROW)]!;
    row.customers++;
    row.predicted += expectedTransactions(params, c, weeks);
    row.actual += c.holdoutX;
    if (c.x > 0) repeaters++;
  }
  return {
    customers: customers.length,
    repeaters,
    predicted: rows.reduce((s, r) => s + r.predicted, 0),
    actual: rows.reduce((s, r) => s + r.actual, 0),
    rows,
  };
}

/**
 * Fits the BG/NBD (with scoring's prior) on orders up to `holdoutWeeks` before `now`'s shop day and
 * checks it on the weeks after; null when no customer's first order falls in calibration.
 */
export function checkModel(
  histories: readonly CustomerHistory[],
  now: Date,
  options: ScoreOptions & { holdoutWeeks?: number } = {},
): ModelCheck | null {
  const timeZone = options.timeZone ?? 'UTC';
  const weeks = options.holdoutWeeks ?? DEFAULT_HOLDOUT_WEEKS;
  const pooled = options.pooled === undefined ? CDNOW_POOLED : options.pooled;
  const dayOf = shopDayOf(timeZone);
  const holdoutEnd = dayOf(now);
  const calibrationEnd = dayFromNumber(dayNumber(holdoutEnd) - weeks * 7);
  const purchases: Purchase[] = [];
  for (const c of histories)
    for (const o of c.orders)
      if (o.at.getTime() <= now.getTime()) purchases.push({ customerId: c.id, day: dayOf(o.at), amount: o.amountMinor });
  const summaries = summarise(purchases, { calibrationEnd, holdoutEnd });
  if (summaries.length === 0) return null;
  const fit = fitBgNbd(summaries, pooled ? bgnbdPrior(pooled.bgnbd, options.priorScale ?? DEFAULT_PRIOR_SCALE) : undefined);
  return { holdoutWeeks: weeks, calibrationEnd, holdoutEnd, ...compareHoldout(fit.params, summaries, weeks), params: fit.params };
}
