import type { FakeCustomerNode, FakeOrderNode } from '../fakes/shopify-bulk.fake.ts';

// One order described once, rendered both as the GraphQL Admin node the bulk JSONL / `orders`
// page carries and as the REST-shaped webhook payload (orders/create, orders/updated).

export type OrderSpec = {
  n: number;
  createdAt: string;
  updatedAt?: string;
  total?: string;
  financial?: 'PAID' | 'PENDING' | 'PARTIALLY_REFUNDED';
  gateway?: string;
  customer?: number;
  email?: string;
  items?: number;
  refund?: string;
};

const ORDER_BASE = 5_600_000_000_000;
const money = (amount: string, currencyCode = 'PKR') => ({
  shopMoney: { amount, currencyCode },
  presentmentMoney: { amount, currencyCode },
});
const restMoney = (amount: string) => ({
  shop_money: { amount, currency_code: 'PKR' },
  presentment_money: { amount, currency_code: 'PKR' },
});

export function gqlOrder(s: OrderSpec): FakeOrderNode {
  const id = ORDER_BASE + s.n;
  const total = s.total ?? '1500.00';
  const items = s.items ?? 2;
  const each = (Number(total) / items).toFixed(2);
  const customerId = s.customer ?? s.n;
  return {
    id: `gid://shopify/Order/${id}`,
    name: `#${1000 + s.n}`,
    email: s.email ?? `buyer${customerId}@example.pk`,
    phone: null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt ?? s.createdAt,
    processedAt: s.createdAt,
    cancelledAt: null,
    closedAt: null,
    test: false,
    currencyCode: 'PKR',
    presentmentCurrencyCode: 'PKR',
    displayFinancialStatus: s.financial ?? 'PAID',
    displayFulfillmentStatus: 'UNFULFILLED',
    paymentGatewayNames: [s.gateway ?? 'shopify_payments'],
    discountCodes: [],
    subtotalPriceSet: money(total),
    totalPriceSet: money(total),
    totalTaxSet: money('0.00'),
    totalDiscountsSet: money('0.00'),
    totalShippingPriceSet: money('0.00'),
    customer: {
      id: `gid://shopify/Customer/${7_700_000 + customerId}`,
      firstName: 'Buyer',
      lastName: String(customerId),
      locale: 'en',
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: s.createdAt,
      defaultEmailAddress: { emailAddress: s.email ?? `buyer${customerId}@example.pk` },
      defaultPhoneNumber: null,
    },
    billingAddress: null,
    shippingAddress: null,
    refunds: s.refund
      ? [
          {
            id: `gid://shopify/Refund/${900_000 + s.n}`,
            createdAt: s.updatedAt ?? s.createdAt,
            note: null,
            totalRefundedSet: money(s.refund),
          },
        ]
      : [],
    fulfillments: [],
    lineItems: Array.from({ length: items }, (_, i) => ({
      id: `gid://shopify/LineItem/${id * 10 + i}`,
      title: `Kurta ${i}`,
      name: `Kurta ${i}`,
      sku: `K-${i}`,
      quantity: 1,
      isGiftCard: false,
      product: { id: `gid://shopify/Product/${300 + i}` },
      variant: { id: `gid://shopify/ProductVariant/${400 + i}` },
      originalUnitPriceSet: money(each),
      totalDiscountSet: money('0.00'),
    })),
  };
}

export function restOrder(s: OrderSpec): Record<string, unknown> {
  const g = gqlOrder(s);
  const tail = (gid: string) => gid.split('/').pop()!;
  const c = g.customer as { id: string; createdAt: string; updatedAt: string; defaultEmailAddress: { emailAddress: string } };
  return {
    id: Number(tail(g.id)),
    name: g.name,
    email: g.email,
    phone: null,
    created_at: g.createdAt,
    updated_at: g.updatedAt,
    processed_at: g.processedAt,
    cancelled_at: null,
    closed_at: null,
    currency: 'PKR',
    presentment_currency: 'PKR',
    financial_status: String(g.displayFinancialStatus).toLowerCase(),
    fulfillment_status: null,
    test: false,
    payment_gateway_names: g.paymentGatewayNames,
    subtotal_price_set: restMoney(s.total ?? '1500.00'),
    total_price_set: restMoney(s.total ?? '1500.00'),
    total_tax_set: restMoney('0.00'),
    total_discounts_set: restMoney('0.00'),
    total_shipping_price_set: restMoney('0.00'),
    discount_codes: [],
    customer: {
      id: Number(tail(c.id)),
      email: c.defaultEmailAddress.emailAddress,
      phone: null,
      first_name: 'Buyer',
      last_name: String(s.customer ?? s.n),
      locale: 'en',
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    },
    billing_address: null,
    shipping_address: null,
    fulfillments: [],
    refunds: (g.refunds as Array<{ id: string; createdAt: string }>).map((r) => ({
      id: Number(tail(r.id)),
      created_at: r.createdAt,
      note: null,
      transactions: [{ kind: 'refund', status: 'success', amount: s.refund, currency: 'PKR' }],
    })),
    line_items: g.lineItems.map((li) => ({
      id: Number(tail(li.id)),
      product_id: Number(tail((li.product as { id: string }).id)),
      variant_id: Number(tail((li.variant as { id: string }).id)),
      sku: li.sku,
      title: li.title,
      name: li.name,
      quantity: 1,
      price_set: restMoney((li.originalUnitPriceSet as { shopMoney: { amount: string } }).shopMoney.amount),
      total_discount: '0.00',
      gift_card: false,
    })),
  };
}

export function gqlCustomer(n: number): FakeCustomerNode {
  return {
    id: `gid://shopify/Customer/${7_700_000 + n}`,
    firstName: 'Buyer',
    lastName: String(n),
    locale: 'en',
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    defaultEmailAddress: { emailAddress: `buyer${n}@example.pk` },
    defaultPhoneNumber: null,
    tags: ['vip'],
    defaultAddress: null,
  };
}
