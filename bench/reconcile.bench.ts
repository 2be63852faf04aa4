import { join } from 'node:path';
import { loadConfig } from '../src/config/config.ts';
import { programSettings } from '../src/crm/loyalty/program.settings.ts';
import { createLogger } from '../src/lib/logger.ts';
import { createOutboundPolicy } from '../src/lib/outbound-address.ts';
import { createWooClient } from '../src/platforms/woocommerce/rest.client.ts';
import { createRuntime } from '../src/runtime.ts';
import { startWooFake } from '../test/fakes/woocommerce.fake.ts';

// WooCommerce reconcile: orders/s pulled from the local fake store (REST v3, 100 a page,
// modified_after walk) and applied through the canonical path (normaliser -> applyEvent, loyalty
// on), beside a baseline measured in the same run: the same walk over the same pages with
// nothing applied. The ratio is what applying costs on top of fetching.

export type ReconcileOptions = { tmp: string; orders: number };
export type ReconcileResult = {
  orders: number;
  fetchOnly: { seconds: number; ordersPerSecond: number };
  reconcile: { seconds: number; ordersPerSecond: number };
  /** reconcile / fetch-only throughput. */
  ratio: number;
  verified: { orders: number; customers: number; watermarkIsLast: boolean };
};

const round = (n: number) => Math.round(n * 100) / 100;

export async function benchReconcile(o: ReconcileOptions, progress: (line: string) => void): Promise<ReconcileResult> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: `file:${join(o.tmp, 'reconcile.sqlite')}`,
    ENCRYPTION_KEY: 'b'.repeat(64),
    SHOPIFY_APP_URL: 'https://rapport.example',
    OUTBOUND_ALLOW_PRIVATE: '127.0.0.1', // the local fake store
  });
  const runtime = await createRuntime(config, createLogger('silent'), { wooAllowHttpLoopback: true, platformRetries: 0 });
  const fake = await startWooFake({ start: '2026-01-01T00:00:00' });
  try {
    const accountId = await runtime.tenancy.createAccount('Bench shop', 'PKR');
    await runtime.store.transaction((repos) =>
      repos.loyalty.programs.save(
        accountId,
        programSettings.parse({
          earnOrdersPlacedFrom: '2000-01-01T00:00:00.000Z',
          earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
        }),
        null,
        new Date().toISOString(),
      ),
    );
    const id = (
      await runtime.tenancy.upsertConnection({
        accountId,
        platform: 'woocommerce',
        domain: `${fake.url}/`,
        currency: 'PKR',
        country: 'PK',
        apiKey: fake.consumerKey,
        apiSecret: fake.consumerSecret,
        webhookSecret: 'bench-webhook-secret',
        storefrontSecret: 'bench-storefront-secret',
      })
    ).id;
    progress(`reconcile: seeding ${o.orders.toLocaleString('en')} orders in the fake store`);
    const shoppers = Math.max(1, Math.floor(o.orders / 3));
    for (let i = 0; i < o.orders; i++) {
      const who = i % shoppers;
      fake.addOrder(
        { customer_id: 0, billing: { first_name: `S${who}`, email: `s${who}@example.pk`, phone: '', country: 'PK' } },
        i % 2 ? 'order-cod-completed.json' : 'order-cod-processing.json',
      );
    }
    // Every order "missed by webhooks": the watermark sits before the first one.
    const from = '2025-12-31T00:00:00';
    await runtime.wooSync.deps.recorder.saveState(accountId, id, { ordersWatermark: from, customersWatermark: '999999999' });

    progress('reconcile: fetch-only baseline');
    const client = createWooClient({
      url: fake.url,
      consumerKey: fake.consumerKey,
      consumerSecret: fake.consumerSecret,
      maxRetries: 0,
      outbound: createOutboundPolicy(['127.0.0.1']),
    });
    let t = performance.now();
    let fetched = 0;
    for await (const _order of client.allOrders({ modifiedAfter: from, perPage: 100 })) fetched++;
    const fetchSeconds = (performance.now() - t) / 1000;
    if (fetched !== o.orders) throw new Error(`fetch-only walk saw ${fetched} of ${o.orders} orders`);

    progress('reconcile: rapport reconcile');
    t = performance.now();
    const r = await runtime.wooSync.reconcile(id);
    const seconds = (performance.now() - t) / 1000;
    const db = runtime.sqlite!.$client;
    const count = (sql: string) => (db.prepare(sql).get(accountId) as { n: number }).n;
    const verified = {
      orders: count('SELECT count(*) AS n FROM orders WHERE account_id = ?'),
      customers: count('SELECT count(*) AS n FROM customers WHERE account_id = ?'),
      watermarkIsLast:
        r.ordersWatermark ===
        [...fake.orders.values()]
          .map((x) => String(x.date_modified_gmt))
          .sort()
          .at(-1),
    };
    if (r.orders !== o.orders || verified.orders !== o.orders || !verified.watermarkIsLast)
      throw new Error(`reconcile applied ${r.orders}, stored ${verified.orders} of ${o.orders}`);
    const fetchRate = fetched / fetchSeconds;
    const rate = o.orders / seconds;
    return {
      orders: o.orders,
      fetchOnly: { seconds: round(fetchSeconds), ordersPerSecond: Math.round(fetchRate) },
      reconcile: { seconds: round(seconds), ordersPerSecond: Math.round(rate) },
      ratio: round(rate / fetchRate),
      verified,
    };
  } finally {
    await runtime.wooSync.idle();
    await fake.close();
    await runtime.close();
  }
}

export function reconcileReport(r: ReconcileResult, table: (rows: Array<Array<string | number>>) => string): string[] {
  return [
    '',
    `WooCommerce reconcile: ${r.orders.toLocaleString('en')} orders missed by webhooks, pulled from the local fake store 100 a page and applied (loyalty on)`,
    table([
      ['', 'orders/s', 'seconds'],
      ['fetch only (same walk, nothing applied)', r.fetchOnly.ordersPerSecond, r.fetchOnly.seconds],
      ['rapport reconcile', r.reconcile.ordersPerSecond, r.reconcile.seconds],
      ['rapport / fetch only', `${r.ratio}x`, ''],
    ]),
    `  verified: ${r.verified.orders} orders, ${r.verified.customers} customers, watermark at the last change: ${r.verified.watermarkIsLast}`,
  ];
}
