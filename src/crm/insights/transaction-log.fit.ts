import { expectedTransactions } from './bgnbd.model.ts';
import { fitBgNbd, type BgNbdFit } from './bgnbd.fit.ts';
import { dayNumber, dayFromNumber, summarise, type Purchase } from './calibration.ts';
import { fitGammaGamma, type GammaGammaFit } from './gamma-gamma.fit.ts';

// Both models fitted by plain maximum likelihood on any transaction log, with the holdout check
// the literature reports: what `rapport insights fit` prints, and how CDNOW is validated.

export type TransactionLogFit =
  | {
      outcome: 'fitted';
      customers: number;
      repeaters: number;
      bgnbd: BgNbdFit;
      gammaGamma: GammaGammaFit;
      /** Repeat purchases (days) after the calibration end, up to `end`: predicted by the model and counted. */
      holdout: { end: string; weeks: number; predicted: number; actual: number };
    }
  | { outcome: 'no_customers' }
  | { outcome: 'no_repeaters'; customers: number };

/** `holdoutEnd` defaults to the last day in the log. */
export function fitTransactionLog(
  purchases: readonly Purchase[],
  period: { calibrationEnd: string; holdoutEnd?: string },
): TransactionLogFit {
  const lastDay = purchases.reduce((max, p) => Math.max(max, dayNumber(p.day)), dayNumber(period.calibrationEnd));
  const holdoutEnd = period.holdoutEnd ?? dayFromNumber(lastDay);
  const customers = summarise(purchases, { calibrationEnd: period.calibrationEnd, holdoutEnd });
  if (customers.length === 0) return { outcome: 'no_customers' };
  const repeaters = customers.filter((c) => c.x > 0 && c.repeatMeanSpend !== null);
  if (repeaters.length === 0) return { outcome: 'no_repeaters', customers: customers.length };
  const bgnbd = fitBgNbd(customers);
  const gammaGamma = fitGammaGamma(repeaters.map((c) => ({ x: c.x, meanSpend: c.repeatMeanSpend ?? NaN })));
  const weeks = Math.max(0, (dayNumber(holdoutEnd) - dayNumber(period.calibrationEnd)) / 7);
  return {
    outcome: 'fitted',
    customers: customers.length,
    repeaters: repeaters.length,
    bgnbd,
    gammaGamma,
    holdout: {
      end: holdoutEnd,
      weeks,
      predicted: customers.reduce((s, c) => s + expectedTransactions(bgnbd.params, c, weeks), 0),
      actual: customers.reduce((s, c) => s + c.holdoutX, 0),
    },
  };
}
