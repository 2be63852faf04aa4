import { join } from 'node:path';
import { parseSegmentQuery } from '../src/crm/segments/segment-query.parser.ts';
import { openDatabase, runMigrations } from '../src/db/client.ts';
import { countSegment } from '../src/db/queries/segments.query.ts';
import { sqliteDatabase } from '../src/db/sql/database.ts';

// Segment preview: a five-condition count over `customers` customers on SQLite, through the
// parser and the SQL compiler (segments.query.ts), beside a hand-written SQL COUNT of the same
// condition on the same file in the same run. Rows are written with plain inserts (the shape the
// ingest path leaves), since only the read is measured.

export type SegmentsOptions = { tmp: string; customers: number; runs: number };
type Latency = { p50: number; p95: number; max: number };
export type SegmentsResult = {
  customers: number;
  orders: number;
  query: string;
  members: number;
  rapport: Latency;
  handWritten: Latency;
  ratioP95: number;
};

export const SEGMENT_BENCH_QUERY =
  "number_of_orders >= 2 AND last_order_date > -180d AND amount_spent > 50 AND tags CONTAINS 'vip' AND payment_method = 'cod'";

const DAY = 86_400_000;

function summary(ms: number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 100) / 100;
  return { p50: at(50), p95: at(95), max: at(100) };
}
const METHODS = ['cod', 'card', 'wallet', 'bank_transfer'];

export async function benchSegments(o: SegmentsOptions, progress: (line: string) => void = () => {}): Promise<SegmentsResult> {
  const db = openDatabase(join(o.tmp, 'segments.sqlite'));
  runMigrations(db);
  const sqlite = db.$client;
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  // A fixed pseudo-random sequence: the same shop every run.
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  let orders = 0;
  sqlite.transaction(() => {
    sqlite.prepare(`INSERT INTO accounts (id, name, currency, created_at) VALUES ('acc_bench', 'Bench', 'PKR', ?)`).run(iso(now));
    sqlite
      .prepare(
        `INSERT INTO connections (id, account_id, platform, domain, name, currency, created_at) VALUES ('con_bench', 'acc_bench', 'shopify', 'bench.myshopify.com', 'Bench', 'PKR', ?)`,
      )
      .run(iso(now));
    const customer = sqlite.prepare(`INSERT INTO customers (id, account_id, email, search_text, orders_count, amount_spent_minor, currency,
      first_order_at, last_order_at, created_at, updated_at) VALUES (?, 'acc_bench', ?, '', ?, ?, 'PKR', ?, ?, ?, ?)`);
    const order = sqlite.prepare(`INSERT INTO orders (id, account_id, connection_id, external_id, customer_id, status, payment_status,
      fulfilment_status, payment_method, currency, subtotal_minor, shipping_minor, tax_minor, discount_minor, total_minor, placed_at,
      source_updated_at) VALUES (?, 'acc_bench', 'con_bench', ?, ?, 'open', 'paid', 'delivered', ?, 'PKR', ?, 0, 0, 0, ?, ?, ?)`);
    const tag = sqlite.prepare(`INSERT INTO customer_tags (account_id, customer_id, tag, source) VALUES ('acc_bench', ?, ?, 'con_bench')`);
    for (let i = 0; i < o.customers; i++) {
      const id = `cus_${String(i).padStart(7, '0')}`;
      const n = Math.floor(rand() * rand() * 8);
      const placed = Array.from({ length: n }, () => now - Math.floor(rand() * 720) * DAY).sort((a, b) => a - b);
      const totals = placed.map(() => 500 + Math.floor(rand() * 20_000));
      const spent = totals.reduce((sum, t) => sum + t, 0);
      const created = iso((placed[0] ?? now) - DAY);
      customer.run(
        id,
        `c${i}@example.pk`,
        n,
        spent,
        placed[0] ? iso(placed[0]) : null,
        placed.at(-1) ? iso(placed.at(-1)!) : null,
        created,
        created,
      );
      for (const [j, at] of placed.entries()) {
        order.run(`ord_${i}_${j}`, `${i}-${j}`, id, METHODS[Math.floor(rand() * METHODS.length)], totals[j], totals[j], iso(at), iso(at));
        orders++;
      }
      if (rand() < 0.2) tag.run(id, 'vip');
      if (rand() < 0.3) tag.run(id, 'wholesale');
    }
  })();
  sqlite.exec('ANALYZE');
  progress(`segments: ${o.customers.toLocaleString('en')} customers, ${orders.toLocaleString('en')} orders written`);

  const database = sqliteDatabase(db);
  const parsed = parseSegmentQuery(SEGMENT_BENCH_QUERY);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const nowDate = new Date(now);
  const handWritten = sqlite.prepare(`SELECT count(*) AS n FROM customers c
    WHERE c.account_id = 'acc_bench' AND c.redacted_at IS NULL AND c.orders_count >= 2 AND c.last_order_at > ? AND c.amount_spent_minor > 5000
      AND EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag = 'vip')
      AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.cancelled_at IS NULL AND o.deleted_at IS NULL AND o.test = 0
        AND o.payment_method = 'cod')`);
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
    const expected = (handWritten.get(since) as { n: number }).n;
    hand.push(performance.now() - t);
    if (expected !== members) throw new Error(`segments: the compiled query counted ${members}, the hand-written one ${expected}`);
  }
  sqlite.close();
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
  };
}
