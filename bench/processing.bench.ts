import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config/config.ts';
import { startInboxWorker } from '../src/jobs/inbox.worker.ts';
import { createLogger } from '../src/lib/logger.ts';
import { createRuntime } from '../src/runtime.ts';
import { programSettings } from '../src/crm/loyalty/program.settings.ts';
import { orderBody, SHOP } from './deliveries.ts';

// Processing: how fast the inbox worker turns stored orders/create deliveries into CRM rows
// (normalise, resolve the customer, upsert order + line items, timeline, stats, loyalty points), against raw
// better-sqlite3 inserts with the same commit pattern in the same run.

export type ProcessingOptions = { tmp: string; orders: number; customers: number };
export type ProcessingResult = {
  orders: number;
  customers: number;
  seconds: number;
  ordersPerSecond: number;
  /** Raw inserts of one ~30-column row per transaction, measured before and after the worker. */
  baselineRowsPerSecond: number;
  baselineRuns: number[];
  /** rapport orders/s / baseline rows/s. */
  ratio: number;
  /** What the store holds afterwards (verified; the benchmark throws when it is wrong). */
  verified: { orders: number; customers: number; lineItems: number; inboxDone: number; orderAwards: number };
};

const BASELINE_COLUMNS = 30;

/** One row per transaction (BEGIN IMMEDIATE ... COMMIT, as the worker), WAL + synchronous=NORMAL. */
function baseline(file: string, n: number): number {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const cols = Array.from({ length: BASELINE_COLUMNS - 2 }, (_, i) => `c${i} ${i % 3 === 0 ? 'INTEGER' : 'TEXT'}`);
    db.exec(`CREATE TABLE t (id TEXT NOT NULL, connection_id TEXT NOT NULL, external_id TEXT NOT NULL, ${cols.slice(1).join(', ')});
             CREATE UNIQUE INDEX t_connection_external ON t (connection_id, external_id);`);
    const insert = db.prepare(`INSERT INTO t VALUES (${Array.from({ length: BASELINE_COLUMNS }, () => '?').join(', ')})`);
    const rows = Array.from({ length: n }, (_, i) => [
      `ord_${i.toString(16).padStart(32, '0')}`,
      'con_bench',
      String(900_000_000_000_000_000n + BigInt(i)),
      ...Array.from({ length: BASELINE_COLUMNS - 3 }, (_, c) => (c % 3 === 0 ? i * 100 + c : `value-${c}-${i}`)),
    ]);
    const tx = db.transaction((row: unknown[]) => insert.run(row));
    const start = performance.now();
    for (const row of rows) tx.immediate(row);
    return n / ((performance.now() - start) / 1000);
  } finally {
    db.close();
  }
}

export async function benchProcessing(o: ProcessingOptions, log: (line: string) => void = () => undefined): Promise<ProcessingResult> {
  const baselineRuns = [baseline(join(o.tmp, 'baseline-1.sqlite'), o.orders)];

  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: `file:${join(o.tmp, 'processing.sqlite')}`,
    ENCRYPTION_KEY: 'c'.repeat(64),
  });
  const rt = await createRuntime(config, createLogger(config.LOG_LEVEL));
  let seconds: number;
  let verified: ProcessingResult['verified'];
  try {
    const receivedAt = new Date().toISOString();
    const accountId = await rt.tenancy.createAccount('Bench shop', 'USD');
    const connectionId = (
      await rt.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'USD', country: 'US' })
    ).id;
    // Loyalty on, as for a real merchant: every order is also awarded its points.
    await rt.store.transaction((repos) =>
      repos.loyalty.programs.save(
        accountId,
        programSettings.parse({
          earnOrdersPlacedFrom: '2000-01-01T00:00:00.000Z',
          earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] },
          actions: { firstOrder: 50 },
        }),
        null,
        receivedAt,
      ),
    );
    // As intake records them: distinct orders, customer i % customers (so most orders are repeats).
    for (let i = 0; i < o.orders; i++) {
      const accepted = await rt.inbox.accept(
        {
          accountId,
          connectionId,
          platform: 'shopify',
          topic: 'orders/create',
          dedupeKey: `orders/create:bench-event-${i}`,
          body: orderBody(i, o.customers),
          triggeredAt: receivedAt,
        },
        receivedAt,
      );
      if (!accepted) throw new Error(`processing: delivery ${i} was not accepted`);
    }
    log(`processing: ${o.orders} deliveries in the inbox; draining`);

    // pollMs large: only the drain is measured. The worker's own loop starts a pass at once and
    // drain() queues behind it, so drain() resolves when the inbox is empty either way.
    const start = performance.now();
    const worker = startInboxWorker({ ...rt.workerDeps, pollMs: 600_000 });
    await worker.drain();
    seconds = (performance.now() - start) / 1000;
    await worker.stop();

    const one = (sql: string) => (rt.sqlite!.$client.prepare(sql).get() as { n: number }).n;
    const counts = await rt.inbox.counts();
    verified = {
      orders: one('SELECT count(*) AS n FROM orders'),
      customers: one('SELECT count(*) AS n FROM customers'),
      lineItems: one('SELECT count(*) AS n FROM line_items'),
      inboxDone: counts.done,
      orderAwards: one('SELECT count(*) AS n FROM order_awards'),
    };
    const expectedCustomers = Math.min(o.orders, o.customers);
    const spent = one('SELECT sum(orders_count) AS n FROM customers');
    if (
      verified.orders !== o.orders ||
      counts.pending !== 0 ||
      counts.dead !== 0 ||
      verified.inboxDone !== o.orders ||
      verified.customers !== expectedCustomers ||
      spent !== o.orders ||
      verified.orderAwards !== o.orders
    ) {
      throw new Error(
        `processing: WRONG RESULT: expected ${o.orders} orders, ${expectedCustomers} customers and every delivery done; ` +
          `store holds ${verified.orders} orders, ${verified.customers} customers (order counts summing to ${spent}); ` +
          `inbox ${JSON.stringify(counts)}`,
      );
    }
  } finally {
    await rt.close();
  }

  baselineRuns.push(baseline(join(o.tmp, 'baseline-2.sqlite'), o.orders));
  const baselineRowsPerSecond = baselineRuns.reduce((a, b) => a + b, 0) / baselineRuns.length;
  const ordersPerSecond = o.orders / seconds;
  return {
    orders: o.orders,
    customers: o.customers,
    seconds: Math.round(seconds * 1000) / 1000,
    ordersPerSecond: Math.round(ordersPerSecond),
    baselineRowsPerSecond: Math.round(baselineRowsPerSecond),
    baselineRuns: baselineRuns.map(Math.round),
    ratio: Math.round((ordersPerSecond / baselineRowsPerSecond) * 1000) / 1000,
    verified,
  };
}
