import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LosslessNumber } from 'lossless-json';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../../src/lib/outbound-address.ts';
import { createWooClient, type WooClientOptions } from '../../src/platforms/woocommerce/rest.client.ts';
import { WooRestError } from '../../src/platforms/woocommerce/rest.errors.ts';
import { startWooFake, type FailureMode, type WooFake } from '../fakes/woocommerce.fake.ts';

let fake: WooFake;
let sleeps: number[];

const client = (over: Partial<WooClientOptions> = {}) =>
  createWooClient({
    url: fake.url,
    consumerKey: fake.consumerKey,
    consumerSecret: fake.consumerSecret,
    outbound: createOutboundPolicy(['127.0.0.1']), // the operator's escape hatch, for the local fake
    sleep: async (ms) => void sleeps.push(ms),
    ...over,
  });

async function failureOf(p: Promise<unknown>): Promise<WooRestError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(WooRestError);
  return e as WooRestError;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

beforeEach(async () => {
  fake = await startWooFake();
  sleeps = [];
});
afterEach(() => fake.close());

describe('orders', () => {
  it('walks 250 orders at 100 a page, each exactly once, oldest change first', async () => {
    for (let i = 0; i < 250; i++) fake.addOrder();
    const woo = client();
    const first = await woo.listOrders({ perPage: 100 });
    expect(first).toMatchObject({ total: 250, totalPages: 3 });
    expect(first.items).toHaveLength(100);
    expect(fake.requests[0]!.query).toMatchObject({ per_page: '100', page: '1', orderby: 'modified', order: 'asc', dates_are_gmt: 'true' });

    const all = await collect(woo.allOrders({ perPage: 100 }));
    const ids = all.map((o) => String(o.id));
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    const modified = all.map((o) => String(o.date_modified_gmt));
    expect(modified).toEqual([...modified].sort());
  });

  it('misses nothing when an order changes mid-walk (it moves to the end of the list)', async () => {
    const seeded = Array.from({ length: 250 }, () => fake.addOrder());
    const seen = new Set<string>();
    let changed = false;
    for await (const o of client().allOrders({ perPage: 100 })) {
      seen.add(String(o.id));
      if (!changed && seen.size === 100) {
        fake.updateOrder(seeded[4]!.id as number, { status: 'completed' });
        changed = true;
      }
    }
    expect(seen.size).toBe(250);
  });

  it('still pages through when more than a page of orders share one modification second', async () => {
    for (let i = 0; i < 150; i++) fake.addOrder({ date_modified_gmt: '2026-03-01T10:00:00' });
    const ids = (await collect(client().allOrders({ perPage: 100 }))).map((o) => String(o.id));
    expect(new Set(ids).size).toBe(150);
  });

  it('filters on date_modified_gmt strictly after modified_after, sent as GMT without Z', async () => {
    const orders = Array.from({ length: 5 }, () => fake.addOrder());
    const since = String(orders[1]!.date_modified_gmt);
    for (const modifiedAfter of [since, new Date(`${since}Z`)]) {
      const res = await client().listOrders({ modifiedAfter });
      expect(res.items.map((o) => o.id)).toEqual(orders.slice(2).map((o) => o.id));
    }
    expect(fake.requests.at(-1)!.query).toMatchObject({ modified_after: since, dates_are_gmt: 'true' });
  });

  it('keeps ids above 2^53 exact, and returns null for a missing order', async () => {
    fake.addOrder({ id: new LosslessNumber('9007199254740993') });
    expect((await client().getOrder('9007199254740993'))?.id).toBe('9007199254740993');
    expect(await client().getOrder('424242')).toBeNull();
  });

  it('refuses per_page above 100 before asking; the fake answers it as WordPress does', async () => {
    await expect(client().listOrders({ perPage: 101 })).rejects.toThrow(RangeError);
    const res = await fetch(`${fake.url}/wp-json/wc/v3/orders?per_page=101`, {
      headers: { authorization: `Basic ${Buffer.from(`${fake.consumerKey}:${fake.consumerSecret}`).toString('base64')}` },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'rest_invalid_param', data: { status: 400, params: { per_page: expect.any(String) } } });
  });
});

describe('customers', () => {
  it('lists customers by id across pages, shop staff left out', async () => {
    for (let i = 0; i < 12; i++) fake.addCustomer({ email: `c${i}@example.pk` });
    fake.addCustomer({ role: 'shop_manager' });
    const page = await client().listCustomers({ perPage: 5 });
    expect(page).toMatchObject({ total: 12, totalPages: 3 });
    expect(await collect(client().allCustomers({ perPage: 5 }))).toHaveLength(12);
  });
});

describe('retries', () => {
  it.each<[FailureMode, number]>([
    [500, 2],
    [503, 2],
    [429, 1],
    ['reset', 2],
  ])('retries after %s and then succeeds', async (mode, times) => {
    fake.addOrder();
    fake.failNext(times, mode);
    const res = await client().listOrders();
    expect(res.items).toHaveLength(1);
    expect(fake.requests).toHaveLength(times + 1);
    expect(sleeps).toHaveLength(times);
    sleeps.forEach((ms, i) => expect(ms).toBeGreaterThanOrEqual(mode === 429 ? 1000 : 250 * 2 ** i));
    sleeps.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(mode === 429 ? 1000 : 500 * 2 ** i));
  });

  it('treats a store that never answers as a timeout', async () => {
    const hang: WooClientOptions['fetch'] = (_url, init) =>
      new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));
    const e = await failureOf(client({ fetch: hang, timeoutMs: 20, maxRetries: 1 }).listOrders());
    expect(e).toMatchObject({ kind: 'network', code: 'timeout', retryable: true, attempts: 2 });
  });

  it.each<[FailureMode, string, string]>([
    [503, 'server', 'http_503'],
    [500, 'server', 'internal_server_error'],
    ['reset', 'network', 'network_error'],
  ])('gives up after maxRetries on %s with a typed, retryable error', async (mode, kind, code) => {
    fake.failNext(10, mode);
    const e = await failureOf(client({ maxRetries: 2 }).listOrders());
    expect(e).toMatchObject({ kind, code, retryable: true, attempts: 3 });
    expect(fake.requests).toHaveLength(3);
  });
});

describe('authentication and secrets', () => {
  it.each([
    ['a wrong secret', { consumerSecret: 'cs_wrong_secret_0000' }, 'woocommerce_rest_authentication_error'],
    ['an unknown key', { consumerKey: 'ck_unknown_0000' }, 'woocommerce_rest_cannot_view'],
  ])('%s is a non-retryable authentication error', async (_title, keys, code) => {
    const e = await failureOf(client(keys).listOrders());
    expect(e).toMatchObject({ kind: 'auth', status: 401, code, retryable: false, attempts: 1 });
    expect(fake.requests[0]!.authorization).toMatch(/^Basic /);
  });

  it('never puts the secret or the auth header in an error, whatever the server echoes', async () => {
    const token = Buffer.from(`${fake.consumerKey}:${fake.consumerSecret}`).toString('base64');
    const echo: WooClientOptions['fetch'] = async (_url, init) =>
      new Response(
        JSON.stringify({
          code: 'proxy_error',
          message: `bad ${(init.headers as Record<string, string>).authorization} ${fake.consumerSecret}`,
        }),
        { status: 400 },
      );
    const errors = [
      await failureOf(client({ fetch: echo }).listOrders()),
      await failureOf(client({ consumerKey: 'ck_unknown_0000' }).createCoupon({ code: 'x', discount_type: 'percent', amount: '5' })),
      await failureOf(client({ consumerSecret: 'cs_wrong_secret_0000' }).listOrders()),
    ];
    fake.failNext(5, 'reset');
    errors.push(await failureOf(client({ maxRetries: 1 }).listWebhooks()));
    for (const e of errors) {
      for (const text of [e.message, e.detail, String(e), JSON.stringify(e), e.stack ?? '']) {
        expect(text).not.toContain(fake.consumerSecret);
        expect(text).not.toContain(token);
      }
    }
  });
});

describe('webhooks', () => {
  it('creates, lists, re-activates a disabled one, and deletes', async () => {
    const woo = client();
    const created = await woo.createWebhook({
      name: 'Rapport orders',
      topic: 'order.updated',
      delivery_url: 'https://rapport.example/webhooks/woo/c1',
      secret: 'whsec_abc123',
      status: 'active',
    });
    expect(created).toMatchObject({ name: 'Rapport orders', topic: 'order.updated', status: 'active' });
    expect(created).not.toHaveProperty('secret');
    expect(fake.requests.at(-1)!.body).toMatchObject({ secret: 'whsec_abc123' });

    fake.disableWebhook(created.id);
    expect((await woo.listWebhooks()).items.map((w) => [w.id, w.status])).toEqual([[created.id, 'disabled']]);
    expect((await woo.listWebhooks({ status: 'disabled' })).total).toBe(1);

    expect(await woo.updateWebhook(created.id, { status: 'active' })).toMatchObject({ id: created.id, status: 'active' });
    expect(fake.webhooks.get(created.id)!.status).toBe('active');

    expect(await woo.deleteWebhook(created.id)).toBe('deleted');
    expect(fake.requests.at(-1)!.query).toMatchObject({ force: 'true' });
    expect(await woo.deleteWebhook(created.id)).toBe('not_found');
  });

  it('surfaces WooCommerce refusing an invalid topic', async () => {
    const e = await failureOf(
      client().createWebhook({ name: 'x', topic: 'order.exploded', delivery_url: 'https://rapport.example/w', secret: 's' }),
    );
    expect(e).toMatchObject({ kind: 'invalid', status: 400, code: 'woocommerce_rest_shop_webhook_invalid_topic', retryable: false });
  });
});

describe('ping', () => {
  it.each([
    ['a working store', {}, {}, { ok: true, currency: 'PKR', wcVersion: '9.4.0', timezone: 'Asia/Karachi' }],
    // Settings > General "UTC+5" leaves timezone_string empty: the offset alone names a zone.
    ['a store on a manual UTC offset', { timezoneString: '', utcOffsetHours: 5 }, {}, { ok: true, timezone: 'Etc/GMT-5' }],
    ['a store at UTC+5:30 by offset', { timezoneString: '', utcOffsetHours: 5.5 }, {}, { ok: true, timezone: 'Asia/Kolkata' }],
    [
      'wrong keys',
      {},
      { consumerSecret: 'cs_nope_0000' },
      { ok: false, reason: 'wrong_keys', code: 'woocommerce_rest_authentication_error' },
    ],
    ['WooCommerce inactive', { woocommerceActive: false }, {}, { ok: false, reason: 'woocommerce_inactive', code: 'rest_no_route' }],
    ['plain permalinks', { prettyPermalinks: false }, {}, { ok: false, reason: 'pretty_permalinks_disabled' }],
  ])('%s', async (_title, fakeOpts, keys, expected) => {
    await fake.close();
    fake = await startWooFake(fakeOpts);
    expect(await client(keys).ping()).toMatchObject(expected);
  });

  it('tells an address that is not WordPress, and one that does not answer', async () => {
    expect(await client({ url: `${fake.url}/not-a-shop` }).ping()).toMatchObject({ ok: false, reason: 'not_wordpress' });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await client({ url: `http://127.0.0.1:${port}`, maxRetries: 1 }).ping()).toMatchObject({ ok: false, reason: 'unreachable' });
  });
});
