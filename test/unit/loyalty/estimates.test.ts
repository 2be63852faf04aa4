import { describe, expect, it } from 'vitest';
import { pointsFor, pointsForOrder } from '../../../extensions/rapport-checkout/src/backend.ts';
import { pointsForPrice, pointsWithCampaigns } from '../../../extensions/rapport-widget/src/earn.ts';
import { orderPoints, type OrderFacts } from '../../../src/crm/loyalty/order-points.ts';
import { programSettings } from '../../../src/crm/loyalty/program.settings.ts';

// The checkout blocks and the product-page widget show "earn N points" before an order exists.
// Both must say what the server will award for that amount (one rule: order-points.ts), in every
// rounding mode: at 2 points per PKR 100, a PKR 175 order earns 4 when the program rounds, 3 when it floors.

const NOW = '2026-06-01T00:00:00.000Z';
const modes = ['floor', 'round', 'ceil'] as const;
const rates = [
  { currency: 'PKR', points: 2, per: '100' },
  { currency: 'USD', points: 3, per: '7' },
  { currency: 'JPY', points: 1, per: '150' },
];
const exponent: Record<string, number> = { PKR: 2, USD: 2, JPY: 0 };

function awarded(amountMinor: number, currency: string, multiplier: number, rounding: (typeof modes)[number]): number {
  const settings = programSettings.parse({ earnOrdersPlacedFrom: '2026-01-01T00:00:00.000Z', earning: { rates, rounding } });
  const order: OrderFacts = {
    id: 'ord',
    currency,
    paymentMethod: 'card',
    status: 'open',
    paymentStatus: 'paid',
    fulfilmentStatus: 'unfulfilled',
    totalMinor: amountMinor,
    shippingMinor: 0,
    taxMinor: 0,
    refundedMinor: 0,
    placedAt: NOW,
    paidAt: NOW,
    fulfilledAt: null,
    deliveredAt: null,
    cancelledAt: null,
    deletedAt: null,
    test: false,
    lineItems: [{ productId: '1', variantId: null, totalMinor: amountMinor, giftCard: false }],
  };
  return orderPoints(order, settings, multiplier, [], NOW).points;
}

describe('storefront estimates follow the server rule', () => {
  it('2 points per PKR 100, a PKR 175 order', () => {
    expect(awarded(17_500, 'PKR', 1, 'round')).toBe(4);
    expect(pointsFor(175, 'PKR', rates, 1, 'round')).toBe(4);
    expect(pointsForPrice(17_500, 'PKR', rates, 1, 'round')).toBe(4);
    expect(pointsFor(175, 'PKR', rates, 1)).toBe(3); // an older server sends no rounding: floor
  });

  for (const rounding of modes) {
    for (const { currency } of rates) {
      it(`${currency}, ${rounding}: checkout and widget equal the award for every amount`, () => {
        const scale = 10 ** exponent[currency]!;
        for (let minor = 0; minor <= 60_000; minor += exponent[currency] ? 37 : 7) {
          for (const multiplier of [1, 1.5, 2]) {
            const expected = awarded(minor, currency, multiplier, rounding);
            expect(pointsFor(minor / scale, currency, rates, multiplier, rounding), `${minor} ×${multiplier}`).toBe(expected);
            // Liquid's money value is the amount times 100 whatever the currency's exponent.
            expect(pointsForPrice((minor / scale) * 100, currency, rates, multiplier, rounding), `${minor} ×${multiplier}`).toBe(expected);
          }
        }
      });
    }
  }
});

describe('estimates with a running points campaign', () => {
  // The server adds a multiplier campaign's extra as the order's points at tier x (campaign - 1),
  // rounded on its own (order-awards.service.ts settleCampaigns), and a bonus when the minimum is met.
  const triple = { kind: 'multiplier' as const, multiplier: 3, bonusPoints: 0, minOrderAmount: null, currency: 'PKR' };
  const bonus = { kind: 'bonus' as const, multiplier: 1, bonusPoints: 25, minOrderAmount: '3000.00', currency: 'PKR' };
  for (const rounding of modes) {
    it(`${rounding}: checkout and widget equal base + extra + bonus`, () => {
      for (let minor = 0; minor <= 600_000; minor += 1_237) {
        for (const tier of [1, 1.5]) {
          const extra = awarded(minor, 'PKR', tier * 2, rounding);
          const expected = awarded(minor, 'PKR', tier, rounding) + extra + (minor >= 300_000 ? 25 : 0);
          const loyalty = {
            enabled: true,
            loggedIn: true,
            earning: rates,
            rounding,
            join: null,
            member: { balance: 0, pending: 0, tier: { name: 'Gold', multiplier: tier } },
            campaigns: [triple, bonus],
          };
          expect(pointsForOrder(minor / 100, 'PKR', loyalty), `${minor} ×${tier}`).toBe(expected);
          expect(pointsWithCampaigns(minor, 'PKR', rates, tier, rounding, [triple]), `${minor} ×${tier}`).toBe(
            expected - (minor >= 300_000 ? 25 : 0),
          );
        }
      }
    });
  }
});
