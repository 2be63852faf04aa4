import type pg from 'pg';
import { applyEvent } from '../src/crm/ingest.service.ts';
import { programSettings } from '../src/crm/loyalty/program.settings.ts';
import { createPgPool, runPgMigrations } from '../src/db/pg/client.ts';
import { createStore } from '../src/db/store.ts';
import { pgDatabase } from '../src/db/sql/database.ts';
import { parseJsonLossless } from '../src/lib/json.ts';
import { shopifyAdapter } from '../src/platforms/shopify/normalise.ts';
import { orderBody, SHOP } from './deliveries.ts';
import { pgReachable, withFreshPgDatabase } from './pg.ts';

// Processing on PostgreSQL: the same orders/create bodies as the SQLite processing part,
// normalised and applied through the PostgreSQL store (one unit of work per delivery, `batch()`
// commits as the inbox worker does), against raw `pg` inserts of one ~30-column row in the same
// run, one per transaction and a batch per transaction. A database of its own, dropped after.
// Skipped (undefined) when no server answers at BENCH_PG_URL (default: the local test server).

export type PgProcessingOptions = { orders: number; customers: number; batch: number };
export type PgProcessingResult = {
  orders: number;
  customers: number;
  batch: number;
  seconds: number;
  ordersPerSecond: number;
  baseline: { singleRowsPerSecond: number; batchedRowsPerSecond: number };
  /** rapport orders/s / raw single-row inserts/s. */
  ratio: number;
  verified: { orders: number; customers: number; lineItems: number; orderAwards: number };
};

const COLUMNS = 30;

async function baseline(pool: pg.Pool, n: number, perTransaction: number): Promise<number> {
  const client = await pool.connect();
  try {
    const table = `baseline_${perTransaction}`;
    const cols = Array.from({ length: COLUMNS - 3 }, (_, i) => `c${i} ${i % 3 === 0 ? 'bigint' : 'text'}`);
    await client.query(
      `CREATE TABLE ${table} (id text PRIMARY KEY, connection_id text NOT NULL, external_id text NOT NULL, ${cols.join(', ')})`,
    );
    await client.query(`CREATE UNIQUE INDEX ${table}_connection_external ON ${table} (connection_id, external_id)`);
    const insert = {
      name: `bench_${table}`,
      text: `INSERT INTO ${table} VALUES (${Array.from({ length: COLUMNS }, (_, i) => `$${i + 1}`).join(', ')})`,
    };
    const row = (i: number) => [
      `ord_${i.toString(16).padStart(32, '0')}`,
      'con_bench',
      String(900_000_000_000_000_000n + BigInt(i)),
      ...Array.from({ length: COLUMNS - 3 }, (_, c) => (c % 3 === 0 ? i * 100 + c : `value-${c}-${i}`)),
    ];
    const start = performance.now();
    for (let i = 0; i < n; i += perTransaction) {
      await client.query('BEGIN');
      for (let j = i; j < Math.min(n, i + perTransaction); j++) await client.query({ ...insert, values: row(j) });
      await client.query('COMMIT');
    }
    return n / ((performance.now() - start) / 1000);
  } finally {
    client.release();
  }
}

export async function benchProcessingPg(
  o: PgProcessingOptions,
  log: (line: string) => void = () => undefined,
): Promise<PgProcessingResult | undefined> {
  if (!(await pgReachable('processing-pg', log))) return undefined;
  return withFreshPgDatabase((url) => run(url, o, log));
}

async function run(url: string, o: PgProcessingOptions, log: (line: string) => void): Promise<PgProcessingResult> {
  const pool = createPgPool({ url, max: 4, applicationName: 'rapport bench' });
  try {
    await runPgMigrations(pool);
    const singleRowsPerSecond = await baseline(pool, Math.min(o.orders, 5_000), 1);
    const store = createStore(pgDatabase(pool), { tombstoneKey: Buffer.alloc(32, 3) });
    const at = new Date().toISOString();
    const accountId = 'acc_bench';
    const connectionId = 'con_bench';
    await pool.query('INSERT INTO accounts (id, name, currency, created_at) VALUES ($1, $2, $3, $4)', [accountId, 'Bench shop', 'USD', at]);
    await pool.query(
      `INSERT INTO connections (id, account_id, platform, domain, name, status, currency, country, created_at)
      VALUES ($1, $2, 'shopify', $3, $3, 'active', 'USD', 'US', $4)`,
      [connectionId, accountId, SHOP, at],
    );
    await store.transaction((repos) =>
      repos.loyalty.programs.save(
        accountId,
        programSettings.parse({
          earnOrdersPlacedFrom: '2000-01-01T00:00:00.000Z',
          earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] },
          actions: { firstOrder: 50 },
        }),
        null,
        at,
      ),
    );
    const bodies = Array.from({ length: o.orders }, (_, i) => orderBody(i, o.customers));
    log(`processing-pg: applying ${o.orders} orders through the PostgreSQL store`);
    const start = performance.now();
    for (let i = 0; i < o.orders; i += o.batch) {
      await store.batch(async () => {
        for (const body of bodies.slice(i, i + o.batch)) {
          const connection = (await store.transaction((r) => r.connections.get(connectionId)))!;
          for (const event of shopifyAdapter.normalise('orders/create', parseJsonLossless(body), {
            currency: connection.currency,
            country: connection.country,
          })) {
            await applyEvent(store, connection, event);
          }
        }
      });
    }
    const seconds = (performance.now() - start) / 1000;
    const batchedRowsPerSecond = await baseline(pool, Math.min(o.orders, 5_000), o.batch);
    const count = async (table: string) => Number((await pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    const verified = {
      orders: await count('orders'),
      customers: await count('customers'),
      lineItems: await count('line_items'),
      orderAwards: await count('order_awards'),
    };
    if (verified.orders !== o.orders || verified.customers !== Math.min(o.orders, o.customers) || verified.orderAwards !== o.orders) {
      throw new Error(`processing-pg: WRONG RESULT: ${JSON.stringify(verified)} for ${o.orders} orders of ${o.customers} customers`);
    }
    const ordersPerSecond = o.orders / seconds;
    return {
      orders: o.orders,
      customers: o.customers,
      batch: o.batch,
      seconds: Math.round(seconds * 1000) / 1000,
      ordersPerSecond: Math.round(ordersPerSecond),
      baseline: { singleRowsPerSecond: Math.round(singleRowsPerSecond), batchedRowsPerSecond: Math.round(batchedRowsPerSecond) },
      ratio: Math.round((ordersPerSecond / singleRowsPerSecond) * 1000) / 1000,
      verified,
    };
  } finally {
    await pool.end();
  }
}
