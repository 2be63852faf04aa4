import { describe, expect, it } from 'vitest';
import { refundOf } from '../../../src/platforms/shopify/normalise.ts';

// Refunds in shop money: a transaction in the shop's currency counts as is; one in the shopper's
// (presentment) currency is valued from the shop-money lines and adjustments, else at the order's rate.

const base = { id: '1', created_at: '2026-10-09T11:02:10+05:00', note: null, refund_line_items: null, order_adjustments: null };
const usd = (amount: string) => [{ kind: 'refund', status: 'success', amount, currency: 'USD' }];

describe('refundOf', () => {
  it('takes a transaction in the shop currency as is', () => {
    expect(
      refundOf({ ...base, transactions: [{ kind: 'refund', status: 'success', amount: '1575.00', currency: 'PKR' }] }, '9', 'PKR', 'x')
        .amountMinor,
    ).toBe(157_500);
  });

  it("converts a presentment-only refund at the order's own rate, and never reads dollars as rupees", () => {
    expect(
      refundOf({ ...base, transactions: usd('11.00') }, '9', 'PKR', 'x', { currency: 'USD', shopPerPresentment: 280 }).amountMinor,
    ).toBe(308_000);
    expect(refundOf({ ...base, transactions: usd('11.00') }, '9', 'PKR', 'x').amountMinor).toBe(0);
  });

  it('values a presentment refund from shop_money lines less adjustments, ignoring the plain (presentment) fields', () => {
    const set = (pkr: string, dollars: string) => ({
      shop_money: { amount: pkr, currency_code: 'PKR' },
      presentment_money: { amount: dollars, currency_code: 'USD' },
    });
    const r = refundOf(
      {
        ...base,
        transactions: usd('55.00'),
        refund_line_items: [
          { subtotal: '50.00', total_tax: '0', subtotal_set: set('14000.00', '50.00'), total_tax_set: set('0.00', '0.00') },
        ],
        order_adjustments: [
          { kind: 'shipping_refund', amount: '-5.00', tax_amount: '0', amount_set: set('-1400.00', '-5.00'), tax_amount_set: null },
        ],
      },
      '9',
      'PKR',
      'x',
    );
    expect(r).toMatchObject({ amountMinor: 1_540_000, currency: 'PKR' });
  });
});
