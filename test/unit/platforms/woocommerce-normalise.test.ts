import { describe, expect, it } from 'vitest';
import { wooAdapter } from '../../../src/platforms/woocommerce/normalise.ts';
import { parseJsonLossless } from '../../../src/lib/json.ts';
import { fixture } from '../../helpers/fixtures.ts';

describe('WooCommerce order normaliser', () => {
  it('reads the subtotal after coupons and the coupon codes, as Shopify reports them', () => {
    const body = fixture('woocommerce/order-cod-processing.json', (o) => {
      const items = o.line_items as Array<Record<string, unknown>>;
      items[0] = { ...items[0], subtotal: '1000.00', total: '900.00' };
      o.line_items = items.slice(0, 1);
      o.coupon_lines = [{ id: 1, code: 'rp-abc23456', discount: '100.00' }];
    });
    const [event] = wooAdapter.normalise('order.created', parseJsonLossless(body), { currency: 'PKR', country: 'PK' });
    expect(event?.type).toBe('order.upserted');
    if (event?.type !== 'order.upserted') return;
    expect(event.order.subtotalMinor).toBe(90_000);
    expect(event.order.discountCodes).toEqual(['rp-abc23456']);
  });
});
