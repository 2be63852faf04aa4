import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiscountCodeRequest } from '../../src/crm/loyalty/discounts.port.ts';
import { createWooCouponIssuer } from '../../src/platforms/woocommerce/coupons.ts';
import { createOutboundPolicy } from '../../src/lib/outbound-address.ts';
import { createWooClient, type WooClientOptions } from '../../src/platforms/woocommerce/rest.client.ts';
import { startWooFake, type FailureMode, type WooFake } from '../fakes/woocommerce.fake.ts';

let fake: WooFake;

const issuer = (over: Partial<WooClientOptions> = {}) =>
  createWooCouponIssuer(
    createWooClient({
      url: fake.url,
      consumerKey: fake.consumerKey,
      consumerSecret: fake.consumerSecret,
      sleep: async () => {},
      maxRetries: 2,
      outbound: createOutboundPolicy(['127.0.0.1']), // the operator's escape hatch, for the local fake
      ...over,
    }),
  );

const request = (over: Partial<DiscountCodeRequest> = {}): DiscountCodeRequest => ({
  code: 'RAP-7QX2M9',
  title: 'Rapport: PKR 500 off (redemption red_01J9ZK)',
  kind: 'fixed_amount',
  amountMinor: 50_000,
  percentage: null,
  productExternalId: null,
  currency: 'PKR',
  minimumOrderMinor: null,
  customer: { externalId: '26', email: 'Bilal.Ahmed@example.pk' },
  startsAt: '2026-11-20T10:00:00.000Z',
  expiresAt: '2027-01-31T18:59:59.000Z',
  ...over,
});

const couponPosts = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/wp-json/wc/v3/coupons');

beforeEach(async () => {
  fake = await startWooFake();
});
afterEach(() => fake.close());

describe('create', () => {
  it.each<[string, Partial<DiscountCodeRequest>, Record<string, unknown>]>([
    ['PKR 500 off', {}, { discount_type: 'fixed_cart', amount: '500.00' }],
    [
      'INR 123.45 off with a minimum order',
      { currency: 'INR', amountMinor: 12_345, minimumOrderMinor: 100_000 },
      { discount_type: 'fixed_cart', amount: '123.45', minimum_amount: '1000.00' },
    ],
    ['JPY 500 off (no decimals)', { currency: 'JPY', amountMinor: 500 }, { discount_type: 'fixed_cart', amount: '500' }],
    ['15 % off', { kind: 'percentage', amountMinor: null, percentage: 15 }, { discount_type: 'percent', amount: '15' }],
    ['free shipping', { kind: 'free_shipping', amountMinor: null }, { discount_type: 'fixed_cart', amount: '0', free_shipping: true }],
    [
      'a free product',
      { kind: 'free_product', amountMinor: null, productExternalId: '93' },
      { discount_type: 'percent', amount: '100', product_ids: [93], limit_usage_to_x_items: 1 },
    ],
  ])('%s', async (_title, over, expected) => {
    const result = await issuer().create(request(over));
    const [post] = couponPosts();
    expect(post!.body).toEqual({
      code: 'RAP-7QX2M9',
      description: 'Rapport: PKR 500 off (redemption red_01J9ZK)',
      individual_use: true,
      usage_limit: 1,
      usage_limit_per_user: 1,
      email_restrictions: ['bilal.ahmed@example.pk'],
      date_expires: '2027-01-31T18:59:59Z',
      ...expected,
    });
    const stored = [...fake.coupons.values()];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ code: 'rap-7qx2m9', date_expires_gmt: '2027-01-31T18:59:59' });
    expect(result).toEqual({ ok: true, code: 'RAP-7QX2M9', externalId: String(stored[0]!.id), alreadyExisted: false });
  });

  it('sends no expiry when the reward never expires', async () => {
    await issuer().create(request({ expiresAt: null }));
    expect(couponPosts()[0]!.body).toMatchObject({ date_expires: null });
  });

  it('adopts a code an earlier, lost attempt created: same id, one coupon', async () => {
    const first = await issuer().create(request());
    const again = await issuer().create(request({ code: 'rap-7qx2m9' }));
    expect(first).toMatchObject({ ok: true, alreadyExisted: false });
    expect(again).toEqual({ ok: true, code: 'rap-7qx2m9', externalId: first.ok ? first.externalId : '', alreadyExisted: true });
    expect(fake.coupons.size).toBe(1);
    expect(fake.requests.some((r) => r.method === 'GET' && r.query.code === 'rap-7qx2m9')).toBe(true);
  });

  it('does not adopt a same-named coupon restricted to someone else', async () => {
    await issuer().create(request({ customer: { externalId: '7', email: 'someone@example.pk' } }));
    const result = await issuer().create(request());
    expect(result).toMatchObject({ ok: false, retryable: false, reason: expect.stringContaining('another WooCommerce coupon') });
  });

  it.each<[string, Partial<DiscountCodeRequest>, RegExp]>([
    ['no email', { customer: { externalId: '26', email: null } }, /no email/],
    ['no amount', { amountMinor: 0 }, /amount above zero/],
    ['percentage over 100', { kind: 'percentage', percentage: 120 }, /1 to 100/],
    ["a product id that is not WooCommerce's", { kind: 'free_product', productExternalId: 'gid://shopify/Product/1' }, /product id/],
  ])('refuses %s without asking the store', async (_title, over, reason) => {
    expect(await issuer().create(request(over))).toMatchObject({ ok: false, retryable: false, reason: expect.stringMatching(reason) });
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    [
      'a read-only key',
      async () => {
        await fake.close();
        fake = await startWooFake({ readOnly: true });
      },
      /write permissions/,
    ],
    [
      'a revoked key',
      async () => {
        await fake.close();
        fake = await startWooFake({ consumerKey: 'ck_rotated_9999' });
      },
      /not allowed to create/,
    ],
  ])('passes the store refusing %s on as non-retryable, secret-free', async (_title, setup, reason) => {
    await setup();
    const result = await issuer({ consumerKey: 'ck_test_1234' }).create(request());
    expect(result).toMatchObject({ ok: false, retryable: false, reason: expect.stringMatching(reason) });
    expect(JSON.stringify(result)).not.toContain(fake.consumerSecret);
    expect(fake.coupons.size).toBe(0);
  });

  it.each<FailureMode>([503, 500, 429, 'reset'])('reports an outage (%s after retries) as retryable', async (mode) => {
    fake.failNext(3, mode);
    expect(await issuer().create(request())).toMatchObject({ ok: false, retryable: true, reason: expect.stringContaining('try again') });
    expect(couponPosts()).toHaveLength(3);
  });
});

describe('disable', () => {
  it('deletes the coupon for good; already gone counts as done', async () => {
    const created = await issuer().create(request());
    if (!created.ok) throw new Error(created.reason);
    expect(await issuer().disable(created.externalId)).toEqual({ ok: true });
    expect(fake.coupons.size).toBe(0);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: `/wp-json/wc/v3/coupons/${created.externalId}`,
      query: { force: 'true' },
    });
    expect(await issuer().disable(created.externalId)).toEqual({ ok: true });
  });

  it('is retryable during an outage', async () => {
    fake.failNext(3, 503);
    expect(await issuer().disable('123')).toMatchObject({ ok: false, retryable: true });
  });
});
