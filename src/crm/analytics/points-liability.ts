import { currencyExponent } from '../../lib/money.ts';

// What the points members hold would cost the shop if spent: points × the program's cost per
// point (a decimal of the reporting currency, up to 4 places), in minor units, rounded half up
// once at the end. BigInt, so a large balance never loses a unit to floating point.

export function pointsLiabilityMinor(points: number, pointCost: string, currency: string): number {
  const [whole = '0', fraction = ''] = pointCost.split('.');
  const cost = BigInt(whole) * 10_000n + BigInt((fraction + '0000').slice(0, 4)); // 1/10,000ths of a unit
  const scaled = BigInt(points) * cost * 10n ** BigInt(currencyExponent(currency));
  return Number((scaled + 5_000n) / 10_000n);
}
