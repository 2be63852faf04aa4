import type { CanonicalCustomer, CanonicalOrder } from '../../src/crm/events.ts';

// Canonical-model builders for domain tests that do not go through a platform adapter.

export function customer(externalId: string, over: Partial<CanonicalCustomer> = {}): CanonicalCustomer {
  return {
    externalId,
    email: null,
    phone: null,
    firstName: null,
    lastName: null,
    locale: null,
    tags: null,
    addresses: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

export function order(externalId: string, over: Partial<CanonicalOrder> = {}): CanonicalOrder {
  return {
    externalId,
    name: `#${externalId}`,
    email: null,
    phone: null,
    customer: null,
    guestName: null,
    status: 'open',
    paymentStatus: 'paid',
    fulfilmentStatus: 'unfulfilled',
    paymentMethod: 'card',
    platformStatus: null,
    gateway: null,
    currency: 'USD',
    subtotalMinor: 10_000,
    shippingMinor: 0,
    taxMinor: 0,
    discountMinor: 0,
    totalMinor: 10_000,
    presentment: null,
    placedAt: '2026-02-01T00:00:00.000Z',
    paidAt: '2026-02-01T00:00:00.000Z',
    fulfilledAt: null,
    deliveredAt: null,
    cancelledAt: null,
    updatedAt: '2026-02-01T00:00:00.000Z',
    trashed: false,
    test: false,
    lineItems: [],
    refunds: [],
    discountCodes: [],
    shippingAddress: null,
    billingAddress: null,
    ...over,
  };
}
