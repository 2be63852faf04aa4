import { currencyExponent } from '../../lib/money.ts';
import type { AwardTrigger, Program } from './program.settings.ts';

// The program's order-earning rule as a shop can apply it to a cart before the order exists:
// the WordPress plugin computes "earn N points" with exactly the arithmetic of order-points.ts
// (earningBasis, then rate x multiplier, then the program's rounding), so what a shopper is
// promised is what the order is awarded. Only what that arithmetic needs; nothing per customer
// beyond this shopper's own multiplier and whether their tags exclude them.

export type EarningRule = {
  programVersion: number;
  /** `minorDigits`: the currency's exponent, so amounts become the same minor units as on orders. */
  rates: Array<{ currency: string; points: number; per: string; minorDigits: number }>;
  rounding: 'floor' | 'round' | 'ceil';
  includeShipping: boolean;
  includeTax: boolean;
  excludeGiftCards: boolean;
  /** Platform product or variation ids whose lines earn nothing. */
  excludedProductIds: string[];
  /** Orders placed before this instant earn nothing. */
  earnOrdersPlacedFrom: string;
  /** When the points become spendable, per payment method (the amount does not depend on it). */
  triggers: Record<'card' | 'cod' | 'other', AwardTrigger>;
  approvalDelayDays: number;
  shopper: { multiplier: number; earns: boolean };
};

export function earningRule(program: Program, shopper: EarningRule['shopper']): EarningRule {
  const e = program.settings.earning;
  return {
    programVersion: program.version,
    rates: e.rates.map(({ currency, points, per }) => ({ currency, points, per, minorDigits: currencyExponent(currency) })),
    rounding: e.rounding,
    includeShipping: e.includeShipping,
    includeTax: e.includeTax,
    excludeGiftCards: e.excludeGiftCards,
    excludedProductIds: e.excludedProductIds,
    earnOrdersPlacedFrom: program.settings.earnOrdersPlacedFrom,
    triggers: e.triggers,
    approvalDelayDays: e.approvalDelayDays,
    shopper,
  };
}
