import type pg from 'pg';
import { parseSegmentQuery } from '../src/crm/segments/segment-query.parser.ts';
import { createPgPool, runPgMigrations } from '../src/db/pg/client.ts';
import { countSegment } from '../src/db/queries/segments.query.ts';
import { pgDatabase } from '../src/db/sql/database.ts';
import { pgReachable, withFreshPgDatabase } from './pg.ts';
import { SEGMENT_BENCH_QUERY, type SegmentsResult } from './segments.bench.ts';

// Segment preview on PostgreSQL: the SQLite part's shop (the same pseudo-random customers, orders
// and tags) written to a fresh database with unnest inserts, then the same five-condition count
// through the parser and the SQL compiler, interleaved with a hand-written SQL COUNT of the same
// condition on the same pool in the same run. A database of its own, dropped after; skipped
// (undefined) when no server answers at BENCH_PG_URL.

export type SegmentsPgOptions = { customers: number; runs: number };
export type SegmentsPgResult = SegmentsResult & { seedSeconds: number };

const DAY = 86_400_000;
const METHODS = ['cod', 'card', 'wallet', 'bank_transfer'];
const CUSTOMERS_PER_STATEMENT = 5_000;

function summary(ms: number[]): SegmentsResult['rapport'] {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 100) / 100;
  return { p50: at(50), p95: at(95), max: at(100) };
}

export async function benchSegmentsPg(
  o: SegmentsPgOptions,
  log: (line: string) => void = () => undefined,
): Promise<SegmentsPgResult | undefined> {
  if (!(await pgReachable('segments-pg', log))) return undefined;
  return withFreshPgDatabase((url) => run(url, o, log));
}

/** Column arrays for one unnest INSERT; `flush` writes what has been pushed. */
function columns(pool: pg.Pool, text: string, width: number) {
  let cols: unknown[][] = Array.from({ length: width }, () => []);
  return {
    push: (...values: unknown[]) => values.forEach((v, i) => cols[i]!.push(v)),
    async flush() {
      if (!cols[0]!.length) return;
      await pool.query(text, cols);
      cols = cols.map(() => []);
    },
  };
}

async function seed(pool: pg.Pool, customers: number, now: number): Promise<number> {
  const iso = (ms: number) => new Date(ms).toISOString();
  await pool.query(`INSERT INTO accounts (id, name, currency, created_at) VALUES ('acc_bench', 'Bench', 'PKR', $1)`, [iso(now)]);
  await pool.query(
    `INSERT INTO connections (id, account_id, platform, domain, name, currency, created_at)
      VALUES ('con_bench', 'acc_bench', 'shopify', 'bench.myshopify.com', 'Bench', 'PKR', $1)`,
    [iso(now)],
  );
  const customerRows = columns(
    pool,
    `INSERT INTO customers (id, account_id, email, search_text, orders_count, amount_spent_minor, currency, first_order_at, last_order_at,
        created_at, updated_at)
      SELECT id, 'acc_bench', email, '', n, spent, 'PKR', first_at, last_at, created, created
      FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
        AS t(id, email, n, spent, first_at, last_at, created)`,
    7,
  );
  const orderRows = columns(
    pool,
    `INSERT INTO orders (id, account_id, connection_id, external_id, customer_id, status, payment_status, fulfilment_status, payment_method,
        currency, subtotal_minor, shipping_minor, tax_minor, discount_minor, total_minor, placed_at, source_updated_at)
      SELECT id, 'acc_bench', 'con_bench', external_id, customer_id, 'open', 'paid', 'delivered', method, 'PKR', total, 0, 0, 0, total, at, at
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[])
        AS t(id, external_id, customer_id, method, total, at)`,
    6,
  );
  const tagRows = columns(
    pool,
    `INSERT INTO customer_tags (account_id, customer_id, tag, source)
      SELECT 'acc_bench', customer_id, tag, 'con_bench' FROM unnest($1::text[], $2::text[]) AS t(customer_id, tag)`,
    2,
  );
  // The SQLite part's sequence, draw for draw: the same shop on both databases.
  let seedValue = 42;
  const rand = () => (seedValue = (seedValue * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  let orders = 0;
  for (let i = 0; i < customers; i++) {
    const id = `cus_${String(i).padStart(7, '0')}`;
    const n = Math.floor(rand() * rand() * 8);
    const placed = Array.from({ length: n }, () => now - Math.floor(rand() * 720) * DAY).sort((a, b) => a - b);
    const totals = placed.map(() => 500 + Math.floor(rand() * 20_000));
    const spent = totals.reduce((sum, t) => sum + t, 0);
    const created = iso((placed[0] ?? now) - DAY);
    customerRows.push(
      id,
      `c${i}@example.pk`,
      n,
      spent,
      placed[0] ? iso(placed[0]) : null,
      placed.at(-1) ? iso(placed.at(-1)!) : null,
      created,
    );
    for (const [j, at] of placed.entries()) {
      orderRows.push(`ord_${i}_${j}`, `${i}-${j}`, id, METHODS[Math.floor(rand() * METHODS.length)], totals[j], iso(at));
      orders++;
    }
    if (rand() < 0.2) tagRows.push(id, 'vip');
    if (rand() < 0.3) tagRows.push(id, 'wholesale');
    // Customers first: orders and tags reference them.
    if ((i + 1) % CUSTOMERS_PER_STATEMENT === 0 || i === customers - 1)
      for (const rows of [customerRows, orderRows, tagRows]) await rows.flush();
  }
  await pool.query('ANALYZE');
  return orders;
}

async function run(url: string, o: SegmentsPgOptions, log: (line: string) => void): Promise<SegmentsPgResult> {
  const pool = createPgPool({ url, max: 2, applicationName: 'rapport bench segments' });
  try {
    await runPgMigrations(pool);
    const now = Date.now();
    const seeding = performance.now();
    const orders = await seed(pool, o.customers, now);
    const seedSeconds = Math.round((performance.now() - seeding) / 100) / 10;
    log(`segments-pg: ${o.customers.toLocaleString('en')} customers, ${orders.toLocaleString('en')} orders written in ${seedSeconds} s`);

    const database = pgDatabase(pool);
    const parsed = parseSegmentQuery(SEGMENT_BENCH_QUERY);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const nowDate = new Date(now);
    // The same condition written by hand, as one would for this shop: an EXISTS per many-valued condition.
    const handWritten = {
      name: 'bench_segment_count',
      text: `SELECT count(*) AS n FROM customers c
        WHERE c.account_id = 'acc_bench' AND c.redacted_at IS NULL AND c.orders_count >= 2 AND c.last_order_at > $1
          AND c.amount_spent_minor > 5000
          AND EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag = 'vip')
          AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.cancelled_at IS NULL AND o.deleted_at IS NULL
            AND o.test = false AND o.payment_method = 'cod')`,
    };
    // The day 180 days back, whole: `> -180d` starts the day after it.
    const since = new Date(now - 180 * DAY).toISOString().slice(0, 10) + 'T23:59:59.999Z';
    const rapport: number[] = [];
    const hand: number[] = [];
    let members = 0;
    for (let i = 0; i < o.runs; i++) {
      // Interleaved, so both see the same machine load.
      let t = performance.now();
      members = await countSegment(database, 'acc_bench', parsed.query, nowDate);
      rapport.push(performance.now() - t);
      t = performance.now();
      const expected = Number((await pool.query<{ n: string }>({ ...handWritten, values: [since] })).rows[0]!.n);
      hand.push(performance.now() - t);
      if (expected !== members) throw new Error(`segments-pg: the compiled query counted ${members}, the hand-written one ${expected}`);
    }
    const r = summary(rapport);
    const h = summary(hand);
    return {
      customers: o.customers,
      orders,
      query: SEGMENT_BENCH_QUERY,
      members,
      rapport: r,
      handWritten: h,
      ratioP95: Math.round((r.p95 / h.p95) * 100) / 100,
      seedSeconds,
    };
  } finally {
    await pool.end();
  }
}
