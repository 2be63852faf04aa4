import { afterEach, describe, expect, it } from 'vitest';
import type { DiscountCodeRequest } from '../../src/crm/loyalty/discounts.port.ts';
import { createShopifyAdminClient } from '../../src/platforms/shopify/admin-api.ts';
import { createShopifyDiscountIssuer } from '../../src/platforms/shopify/discounts.ts';
import { startShopifyAdminFake, type ShopifyAdminFake } from '../fakes/shopify-admin.fake.ts';

const TOKEN = 'shpat_discounts_test_token';
let fake: ShopifyAdminFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(opts: { maxRetries?: number; clientToken?: string } = {}) {
  fake = await startShopifyAdminFake({ accessToken: TOKEN });
  const client = createShopifyAdminClient({
    shop: 'rapport-test.myshopify.com',
    accessToken: opts.clientToken ?? TOKEN,
    origin: fake.origin,
    maxRetries: opts.maxRetries ?? 2,
    sleep: async () => {},
  });
  return { fake, issuer: createShopifyDiscountIssuer(client) };
}

function request(overrides: Partial<DiscountCodeRequest> = {}): DiscountCodeRequest {
  return {
    code: 'RAP-RED-0001',
    title: 'Rapport: PKR 500 off (redemption red_0001)',
    kind: 'fixed_amount',
    amountMinor: 50000,
    percentage: null,
    productExternalId: null,
    currency: 'PKR',
    minimumOrderMinor: null,
    customer: { externalId: '7001234567890', email: 'ayesha@example.com' },
    startsAt: '2025-09-01T00:00:00Z',
    expiresAt: '2025-12-01T00:00:00Z',
    ...overrides,
  };
}

const customerOnly = { customers: { add: ['gid://shopify/Customer/7001234567890'] } };

describe('Shopify discount issuer: mutation input per reward kind', () => {
  it.each<[string, Partial<DiscountCodeRequest>, string, string, Record<string, unknown>]>([
    [
      'fixed amount',
      {},
      'discountCodeBasicCreate',
      'basicCodeDiscount',
      {
        customerGets: { value: { discountAmount: { amount: '500.00', appliesOnEachItem: false } }, items: { all: true } },
      },
    ],
    [
      'percentage',
      { kind: 'percentage', amountMinor: null, percentage: 15 },
      'discountCodeBasicCreate',
      'basicCodeDiscount',
      {
        customerGets: { value: { percentage: 0.15 }, items: { all: true } },
      },
    ],
    [
      'free shipping',
      { kind: 'free_shipping', amountMinor: null },
      'discountCodeFreeShippingCreate',
      'freeShippingCodeDiscount',
      {
        destination: { all: true },
      },
    ],
    [
      'free product (numeric product id)',
      { kind: 'free_product', amountMinor: null, productExternalId: '8123456789012' },
      'discountCodeBasicCreate',
      'basicCodeDiscount',
      {
        customerGets: { value: { percentage: 1 }, items: { products: { productsToAdd: ['gid://shopify/Product/8123456789012'] } } },
      },
    ],
    [
      'free product (variant gid)',
      { kind: 'free_product', amountMinor: null, productExternalId: 'gid://shopify/ProductVariant/4412' },
      'discountCodeBasicCreate',
      'basicCodeDiscount',
      {
        customerGets: { value: { percentage: 1 }, items: { products: { productVariantsToAdd: ['gid://shopify/ProductVariant/4412'] } } },
      },
    ],
    [
      'minimum subtotal',
      { minimumOrderMinor: 250000 },
      'discountCodeBasicCreate',
      'basicCodeDiscount',
      {
        minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '2500.00' } },
      },
    ],
  ])('%s', async (_title, overrides, operation, argument, expected) => {
    const { fake, issuer } = await setup();
    const result = await issuer.create(request(overrides));
    expect(result).toEqual({ ok: true, code: 'RAP-RED-0001', externalId: fake.discounts[0]?.id, alreadyExisted: false });
    expect(fake.requests.map((r) => r.operation)).toEqual([operation]);
    const input = fake.requests[0]?.variables[argument];
    // Every kind: single use, once per customer, only this customer (`context` since 2025-10).
    expect(input).toMatchObject({
      code: 'RAP-RED-0001',
      title: 'Rapport: PKR 500 off (redemption red_0001)',
      startsAt: '2025-09-01T00:00:00Z',
      endsAt: '2025-12-01T00:00:00Z',
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: customerOnly,
      ...expected,
    });
    expect(input).not.toHaveProperty('customerSelection');
    if (!overrides.minimumOrderMinor) expect(input).not.toHaveProperty('minimumRequirement');
  });

  it('passes a null expiry through as an open-ended endsAt', async () => {
    const { fake, issuer } = await setup();
    expect((await issuer.create(request({ expiresAt: null }))).ok).toBe(true);
    expect(fake.requests[0]?.variables.basicCodeDiscount.endsAt).toBeNull();
  });
});

describe('Shopify discount issuer: idempotency and failures', () => {
  it('returns the first discount when the code already exists, and creates only one', async () => {
    const { fake, issuer } = await setup();
    const first = await issuer.create(request());
    const retry = await issuer.create(request());
    expect(first).toMatchObject({ ok: true, alreadyExisted: false });
    expect(retry).toEqual({ ok: true, code: 'RAP-RED-0001', externalId: first.ok ? first.externalId : 'x', alreadyExisted: true });
    expect(fake.discounts).toHaveLength(1);
    expect(fake.requests.map((r) => r.operation)).toEqual(['discountCodeBasicCreate', 'discountCodeBasicCreate', 'codeDiscountNodeByCode']);
  });

  it('refuses when the code belongs to a different discount (another title)', async () => {
    const { fake, issuer } = await setup();
    await issuer.create(request({ title: "Merchant's own campaign" }));
    const result = await issuer.create(request());
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(fake.discounts).toHaveLength(1);
  });

  it.each<[string, Partial<DiscountCodeRequest>, RegExp, number]>([
    ['platform userError', { expiresAt: '2025-08-01T00:00:00Z' }, /Shopify refused the discount: Ends at needs to be after starts_at/, 1],
    ['shopper without a Shopify account', { customer: { externalId: null, email: 'guest@example.com' } }, /no Shopify customer account/, 0],
    ['percentage out of range', { kind: 'percentage', percentage: 150 }, /between 1 and 100/, 0],
  ])('returns a non-retryable failure on %s', async (_title, overrides, reason, requests) => {
    const { fake, issuer } = await setup();
    const result = await issuer.create(request(overrides));
    expect(result).toMatchObject({ ok: false, retryable: false });
    if (!result.ok) expect(result.reason).toMatch(reason);
    expect(fake.requests).toHaveLength(requests);
    expect(fake.discounts).toHaveLength(0);
  });

  it('returns a non-retryable failure with a merchant-readable reason on 401', async () => {
    const { issuer } = await setup({ clientToken: 'shpat_revoked' });
    const result = await issuer.create(request());
    expect(result).toEqual({ ok: false, retryable: false, reason: expect.stringMatching(/reconnect the store/) });
    expect(JSON.stringify(result)).not.toContain('shpat_');
  });

  it.each([
    ['503 outage', { type: 'status', status: 503 }],
    ['network reset', { type: 'reset' }],
    ['throttling', { type: 'throttled' }],
  ] as const)('returns a retryable failure when %s outlasts the retries', async (_title, failure) => {
    const { fake, issuer } = await setup({ maxRetries: 2 });
    fake.failNext(3, failure);
    const result = await issuer.create(request());
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(fake.discounts).toHaveLength(0);
  });

  it('succeeds when an outage ends within the retries', async () => {
    const { fake, issuer } = await setup({ maxRetries: 2 });
    fake.failNext(2, { type: 'status', status: 500 });
    expect(await issuer.create(request())).toMatchObject({ ok: true, alreadyExisted: false });
    expect(fake.discounts).toHaveLength(1);
  });
});

describe('Shopify discount issuer: disable', () => {
  it('deactivates an issued code', async () => {
    const { fake, issuer } = await setup();
    const created = await issuer.create(request());
    if (!created.ok) throw new Error('create failed');
    expect(await issuer.disable(created.externalId)).toEqual({ ok: true });
    expect(fake.discounts[0]?.status).toBe('EXPIRED');
    expect(fake.requests.at(-1)).toMatchObject({ operation: 'discountCodeDeactivate', variables: { id: created.externalId } });
  });

  it('treats an unknown discount as already gone', async () => {
    const { issuer } = await setup();
    expect(await issuer.disable('gid://shopify/DiscountCodeNode/999999')).toEqual({ ok: true });
  });

  it('returns a retryable failure when Shopify is down', async () => {
    const { fake, issuer } = await setup({ maxRetries: 1 });
    fake.failNext(2, { type: 'status', status: 503 });
    expect(await issuer.disable('gid://shopify/DiscountCodeNode/1')).toMatchObject({ ok: false, retryable: true });
  });
});
