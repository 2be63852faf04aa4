import { describe, expect, it } from 'vitest';
import { shopifyAdapter } from '../../src/platforms/shopify/normalise.ts';
import {
  gqlCustomerToCanonical,
  gqlOrderToCanonical,
  type GqlLineItem,
  type GqlOrder,
} from '../../src/platforms/shopify/graphql.normalise.ts';
import { legacyId } from '../../src/platforms/shopify/gid.ts';
import { gqlCustomer, gqlOrder, restOrder, type OrderSpec } from '../helpers/shopify-orders.ts';

const ctx = { currency: 'PKR', country: 'PK' };

describe('GraphQL order -> canonical order', () => {
  it.each<[string, OrderSpec]>([
    ['a paid card order', { n: 1, createdAt: '2026-03-01T10:00:00Z' }],
    [
      'a pending cash-on-delivery order',
      { n: 2, createdAt: '2026-03-02T10:00:00Z', financial: 'PENDING', gateway: 'Cash on Delivery (COD)' },
    ],
    [
      'a partly refunded order, updated later',
      { n: 3, createdAt: '2026-03-03T10:00:00Z', updatedAt: '2026-03-05T08:00:00Z', financial: 'PARTIALLY_REFUNDED', refund: '500.00' },
    ],
    ['one line item', { n: 4, createdAt: '2026-03-04T10:00:00Z', items: 1, total: '999.99' }],
  ])('%s equals the webhook of the same order', (_title, spec) => {
    const { lineItems, ...node } = gqlOrder(spec);
    const fromBulk = gqlOrderToCanonical(node as unknown as GqlOrder, lineItems as unknown as GqlLineItem[], ctx);
    const [fromWebhook] = shopifyAdapter.normalise('orders/updated', restOrder(spec), ctx);
    expect(fromWebhook).toEqual({ type: 'order.upserted', order: fromBulk });
    expect(fromBulk.externalId).toBe(String(5_600_000_000_000 + spec.n));
    expect(fromBulk.lineItems).toHaveLength(spec.items ?? 2);
  });

  it('reads the customer from defaultEmailAddress and keeps tags', () => {
    expect(gqlCustomerToCanonical(gqlCustomer(5) as never)).toMatchObject({
      externalId: '7700005',
      email: 'buyer5@example.pk',
      tags: ['vip'],
    });
  });

  it.each([
    ['gid://shopify/Order/820982911946154508', '820982911946154508'],
    ['gid://shopify/LineItem/1?x=1', '1'],
    ['42', '42'],
  ])('legacyId(%s) = %s', (gid, id) => expect(legacyId(gid)).toBe(id));
});
