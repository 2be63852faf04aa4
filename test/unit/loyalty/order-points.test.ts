import { describe, expect, it } from 'vitest';
import { orderPoints, type OrderFacts } from '../../../src/crm/loyalty/order-points.ts';
import { programSettings, type ProgramSettingsInput } from '../../../src/crm/loyalty/program.settings.ts';
import { previewEarning } from '../../../src/crm/loyalty/program.service.ts';

const NOW = '2026-06-01T00:00:00.000Z';

function settings(over: Partial<ProgramSettingsInput['earning']> = {}, rest: Partial<ProgramSettingsInput> = {}) {
  return programSettings.parse({
    earnOrdersPlacedFrom: '2026-01-01T00:00:00.000Z',
    earning: {
      rates: [
        { currency: 'PKR', points: 1, per: '100' },
        { currency: 'USD', points: 1, per: '1' },
      ],
      ...over,
    },
    ...rest,
  });
}

function order(over: Partial<OrderFacts> = {}): OrderFacts {
  return {
    id: 'o1',
    currency: 'PKR',
    paymentMethod: 'card',
    status: 'open',
    paymentStatus: 'paid',
    fulfilmentStatus: 'unfulfilled',
    totalMinor: 550_000,
    shippingMinor: 25_000,
    taxMinor: 25_000,
    refundedMinor: 0,
    placedAt: '2026-05-01T10:00:00.000Z',
    paidAt: '2026-05-01T10:00:00.000Z',
    fulfilledAt: null,
    deliveredAt: null,
    cancelledAt: null,
    deletedAt: null,
    test: false,
    lineItems: [{ productId: 'p1', variantId: 'v1', totalMinor: 500_000, giftCard: false }],
    ...over,
  };
}

describe('order points', () => {
  it.each([
    { title: 'card order paid: 1 point per PKR 100 on PKR 5,000 subtotal', o: {}, s: settings(), status: 'available', points: 50 },
    {
      title: 'card order not yet paid: pending',
      o: { paymentStatus: 'pending' as const, paidAt: null },
      s: settings(),
      status: 'pending',
      points: 50,
    },
    {
      title: 'COD processing: pending until delivered',
      o: { paymentMethod: 'cod' as const, paymentStatus: 'pending' as const, paidAt: null },
      s: settings(),
      status: 'pending',
      points: 50,
    },
    {
      title: 'COD delivered: available',
      o: {
        paymentMethod: 'cod' as const,
        paymentStatus: 'pending' as const,
        paidAt: null,
        fulfilmentStatus: 'delivered' as const,
        deliveredAt: '2026-05-03T00:00:00.000Z',
      },
      s: settings(),
      status: 'available',
      points: 50,
    },
    {
      title: 'COD cash collected (marked paid): available',
      o: { paymentMethod: 'cod' as const },
      s: settings(),
      status: 'available',
      points: 50,
    },
    {
      title: 'COD returned to sender: void',
      o: { paymentMethod: 'cod' as const, paymentStatus: 'pending' as const, paidAt: null, fulfilmentStatus: 'returned' as const },
      s: settings(),
      status: 'void',
      points: 0,
    },
    {
      title: 'cancelled: void',
      o: { status: 'cancelled' as const, cancelledAt: '2026-05-02T00:00:00.000Z' },
      s: settings(),
      status: 'void',
      points: 0,
    },
    { title: 'deleted in the store: void', o: { deletedAt: '2026-05-02T00:00:00.000Z' }, s: settings(), status: 'void', points: 0 },
    { title: 'partial refund of 30%: points in proportion', o: { refundedMinor: 165_000 }, s: settings(), status: 'available', points: 35 },
    { title: 'full refund: nothing left', o: { refundedMinor: 550_000 }, s: settings(), status: 'available', points: 0 },
    {
      title: 'shipping and tax included when set',
      o: {},
      s: settings({ includeShipping: true, includeTax: true }),
      status: 'available',
      points: 55,
    },
    {
      title: 'fractional rate with rounding up',
      o: { lineItems: [{ productId: null, variantId: null, totalMinor: 12_345, giftCard: false }] },
      s: settings({ rounding: 'ceil' }),
      status: 'available',
      points: 2,
    },
    {
      title: 'gift cards earn nothing',
      o: { lineItems: [{ productId: 'g', variantId: null, totalMinor: 500_000, giftCard: true }] },
      s: settings(),
      status: 'available',
      points: 0,
    },
    {
      title: 'excluded product earns nothing',
      o: {
        lineItems: [
          { productId: 'p1', variantId: null, totalMinor: 300_000, giftCard: false },
          { productId: 'p2', variantId: null, totalMinor: 200_000, giftCard: false },
        ],
      },
      s: settings({ excludedProductIds: ['p1'] }),
      status: 'available',
      points: 20,
    },
    { title: 'currency without a rate earns nothing', o: { currency: 'EUR' }, s: settings(), status: 'none', points: 0 },
    { title: 'test orders earn nothing', o: { test: true }, s: settings(), status: 'none', points: 0 },
    {
      title: 'orders before the program earn nothing',
      o: { placedAt: '2025-12-31T23:59:59.000Z' },
      s: settings(),
      status: 'none',
      points: 0,
    },
    { title: 'approval delay keeps points pending', o: {}, s: settings({ approvalDelayDays: 45 }), status: 'pending', points: 50 },
    {
      title: 'award on fulfilment',
      o: { fulfilmentStatus: 'fulfilled' as const, fulfilledAt: '2026-05-02T00:00:00.000Z' },
      s: settings({ triggers: { card: 'fulfilled', cod: 'delivered', other: 'paid' } }),
      status: 'available',
      points: 50,
    },
    { title: 'switched off', o: {}, s: settings({}, { enabled: false }), status: 'none', points: 0 },
  ])('$title', ({ o, s, status, points }) => {
    const worth = orderPoints(order(o), s, 1, [], NOW);
    expect({ status: worth.status, points: worth.points }).toEqual({ status, points });
    expect(worth.explanation).not.toBe('');
  });

  it('computes points from the shop currency, never the presentment currency', () => {
    // A USD order (shop money) of $50.00 earns 50 at 1 per USD, whatever the shopper paid in.
    expect(
      orderPoints(
        order({
          currency: 'USD',
          totalMinor: 5_000,
          lineItems: [{ productId: null, variantId: null, totalMinor: 5_000, giftCard: false }],
        }),
        settings(),
        1,
        [],
        NOW,
      ).points,
    ).toBe(50);
  });

  it('applies the tier multiplier', () => {
    expect(orderPoints(order(), settings(), 1.5, [], NOW).points).toBe(75);
  });

  it('excludes customers by tag', () => {
    const worth = orderPoints(order(), settings({ excludedCustomerTags: ['wholesale'] }), 1, ['vip', 'wholesale'], NOW);
    expect(worth.status).toBe('none');
    expect(worth.explanation).toContain('wholesale');
  });

  it('reports when pending points mature', () => {
    const worth = orderPoints(order(), settings({ approvalDelayDays: 45 }), 1, [], NOW);
    expect(worth.maturesAt).toBe('2026-06-15T10:00:00.000Z');
  });

  it('previews an earning in words', () => {
    const p = previewEarning(settings(), { amountMinor: 500_000, currency: 'PKR', paymentMethod: 'cod' });
    expect(p).toMatchObject({ points: 50, trigger: 'delivered' });
    expect(p.explanation).toBe('50 points, pending until the order is delivered.');
  });
});

describe('program settings', () => {
  it.each([
    ['no rates', { earning: { rates: [] } }, 'earning.rates'],
    ['a zero rate', { earning: { rates: [{ currency: 'PKR', points: 1, per: '0' }] } }, 'earning.rates.0.per'],
    ['a bad currency', { earning: { rates: [{ currency: 'rupees', points: 1, per: '100' }] } }, 'earning.rates.0.currency'],
    [
      'an unknown trigger',
      { earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }], triggers: { cod: 'shipped' } } },
      'earning.triggers.cod',
    ],
    ['an unknown field', { earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] }, pointsForFree: true }, ''],
  ])('refuses %s', (_title, input, path) => {
    const r = programSettings.safeParse({ earnOrdersPlacedFrom: NOW, ...input });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
