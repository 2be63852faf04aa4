import { afterEach, describe, expect, it } from 'vitest';
import { createShopifyAdminClient, type ShopifyAdminClientOptions } from '../../src/platforms/shopify/admin-api.ts';
import {
  startShopifyAdminFake,
  type FakeFailure,
  type ShopifyAdminFake,
  type ShopifyAdminFakeOptions,
} from '../fakes/shopify-admin.fake.ts';

const SHOP = 'rapport-test.myshopify.com';
const TOKEN = 'shpat_0123456789abcdef_secret';
const BY_CODE = 'query Probe($code: String!) { codeDiscountNodeByCode(code: $code) { id } }';

let fake: ShopifyAdminFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

// One manual clock shared by the client (sleep advances it) and the fake's leaky bucket, so
// throttling tests run instantly but see time pass exactly as the client waited.
async function setup(fakeOpts: ShopifyAdminFakeOptions = {}, clientOpts: Partial<ShopifyAdminClientOptions> = {}) {
  const clock = { t: 1_700_000_000_000 };
  const sleeps: number[] = [];
  const logs: string[] = [];
  fake = await startShopifyAdminFake({ accessToken: TOKEN, now: () => clock.t, ...fakeOpts });
  const client = createShopifyAdminClient({
    shop: SHOP,
    accessToken: TOKEN,
    origin: fake.origin,
    now: () => clock.t,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.t += ms;
    },
    logger: {
      warn: (obj, msg) => void logs.push(JSON.stringify({ obj, msg })),
      debug: (obj, msg) => void logs.push(JSON.stringify({ obj, msg })),
    },
    ...clientOpts,
  });
  return { fake, client, sleeps, logs };
}

describe('Shopify Admin API client: wire format', () => {
  it('POSTs {query, variables} to the pinned version with the access token header', async () => {
    const { fake, client } = await setup();
    const result = await client.query(BY_CODE, { code: 'NOPE' });
    expect(result).toMatchObject({ ok: true, data: { codeDiscountNodeByCode: null } });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/admin/api/2026-07/graphql.json',
      accessToken: TOKEN,
      operation: 'codeDiscountNodeByCode',
      variables: { code: 'NOPE' },
    });
    if (!result.ok) throw new Error('unreachable');
    expect(result.cost?.throttleStatus).toEqual({ maximumAvailable: 1000, currentlyAvailable: 999, restoreRate: 100 });
  });

  it('returns mutation userErrors as values', async () => {
    const { client } = await setup();
    const result = await client.mutation(
      'discountCodeDeactivate',
      'mutation D($id: ID!) { discountCodeDeactivate(id: $id) { userErrors { field message code } } }',
      { id: 'gid://shopify/DiscountCodeNode/1' },
    );
    expect(result).toMatchObject({ ok: true, userErrors: [{ field: ['id'], message: 'Discount does not exist', code: null }] });
  });

  it('reports a non-throttling GraphQL error as a typed failure without retrying', async () => {
    const { fake, client, sleeps } = await setup();
    const result = await client.query('{ shopz { name } }');
    expect(result).toMatchObject({ ok: false, error: { kind: 'graphql', retryable: false, status: 200 } });
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('Shopify Admin API client: cost-based throttling', () => {
  it('waits (requested - available) / restoreRate after THROTTLED, then retries', async () => {
    const { fake, client, sleeps } = await setup({ bucketSize: 50, restoreRate: 10, costs: { codeDiscountNodeByCode: 10 } });
    fake.failNext(1, { type: 'throttled' });
    const result = await client.query(BY_CODE, { code: 'X' });
    expect(result.ok).toBe(true);
    expect(sleeps).toEqual([1000]); // (10 - 0) / 10 points per second
    expect(fake.requests).toHaveLength(2);
  });

  it('waits before sending a query it knows the bucket cannot afford', async () => {
    const { fake, client, sleeps } = await setup({ bucketSize: 20, restoreRate: 10, costs: { codeDiscountNodeByCode: 10 } });
    for (let i = 0; i < 3; i += 1) expect((await client.query(BY_CODE, { code: 'X' })).ok).toBe(true);
    expect(sleeps).toEqual([1000]); // before the third: 0 available, 10 needed, 10/s
    expect(fake.requests).toHaveLength(3); // no THROTTLED round trip was spent
    expect(client.lastThrottleStatus()).toMatchObject({ currentlyAvailable: 0, maximumAvailable: 20 });
  });

  it('gives up as a retryable "throttled" failure when throttling outlasts maxRetries', async () => {
    const { fake, client } = await setup({ restoreRate: 10 }, { maxRetries: 2 });
    fake.failNext(3, { type: 'throttled' });
    const result = await client.query(BY_CODE, { code: 'X' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'throttled', retryable: true } });
    expect(fake.requests).toHaveLength(3);
  });
});

describe('Shopify Admin API client: transient failures', () => {
  it('honours Retry-After on a 429', async () => {
    const { fake, client, sleeps } = await setup();
    fake.failNext(1, { type: 'rate_limited', retryAfterSeconds: 2 });
    expect((await client.query(BY_CODE, { code: 'X' })).ok).toBe(true);
    expect(sleeps).toEqual([2000]);
  });

  it.each<[string, FakeFailure]>([
    ['500', { type: 'status', status: 500 }],
    ['503', { type: 'status', status: 503 }],
    ['connection reset', { type: 'reset' }],
  ])('retries %s with exponential backoff and jitter, then succeeds', async (_title, failure) => {
    const { fake, client, sleeps } = await setup();
    fake.failNext(2, failure);
    expect((await client.query(BY_CODE, { code: 'X' })).ok).toBe(true);
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toEqual([375, 750]); // half fixed + half jitter (random = 0.5) of 500 ms, 1 s
  });

  it.each<[string, FakeFailure, string]>([
    ['5xx', { type: 'status', status: 502 }, 'server'],
    ['network', { type: 'reset' }, 'network'],
    ['429', { type: 'rate_limited', retryAfterSeconds: 1 }, 'throttled'],
  ])('returns a retryable failure once %s outlasts maxRetries', async (_title, failure, kind) => {
    const { fake, client, sleeps } = await setup({}, { maxRetries: 3 });
    fake.failNext(10, failure);
    const result = await client.query(BY_CODE, { code: 'X' });
    expect(result).toMatchObject({ ok: false, error: { kind, retryable: true } });
    expect(fake.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });
});

describe('Shopify Admin API client: refusals and secrets', () => {
  it('maps 401 to "unauthorized" and does not retry', async () => {
    const { fake, client, sleeps } = await setup({ accessToken: 'shpat_the_real_one' });
    const result = await client.query(BY_CODE, { code: 'X' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized', status: 401, retryable: false } });
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it.each<[string, ShopifyAdminFakeOptions, FakeFailure | null]>([
    ['401', { accessToken: 'shpat_other' }, null],
    ['network exhaustion', {}, { type: 'reset' }],
    ['5xx exhaustion', {}, { type: 'status', status: 503 }],
    ['throttle exhaustion', {}, { type: 'throttled' }],
  ])('never puts the token in results or logs (%s)', async (_title, fakeOpts, failure) => {
    const { fake, client, logs } = await setup(fakeOpts, { maxRetries: 1 });
    if (failure) fake.failNext(5, failure);
    const result = await client.query(BY_CODE, { code: 'X' });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});
