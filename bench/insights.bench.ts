import { join } from 'node:path';
import { refreshAccountInsights } from '../src/crm/insights/insights-refresh.service.ts';
import type { InsightsPort } from '../src/crm/insights/insights.port.ts';
import { openDatabase, runMigrations } from '../src/db/client.ts';
import { createInsightsRepo } from '../src/db/insights.repo.ts';
import { sqliteDatabase } from '../src/db/sql/database.ts';
import { startScoringThread } from '../src/jobs/insights-scoring.thread.ts';

// A full refit and rescoring of one account (issue #16: under 30 s at 100,000 customers), on
// SQLite, through the real refresh (order histories read, both models fitted, every customer
// scored and the holdout model check computed on the scoring thread, scores and model written), beside a raw better-sqlite3 read of
// the same order rows in the same run. Customers buy as the BG/NBD assumes (Poisson purchases
// while alive, a chance to drop out after each), so the fit has something to find.

export type InsightsBenchOptions = { tmp: string; customers: number };
export type InsightsBenchResult = {
  customers: number;
  orders: number;
  baselineReadSeconds: number;
  seconds: { histories: number; score: number; save: number; total: number };
  model: { r: number; alpha: number; a: number; b: number; confidence: string; repeaters: number };
  scored: number;
};

const DAY = 86_400_000;
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

export async function benchInsights(o: InsightsBenchOptions, log: (line: string) => void = () => undefined): Promise<InsightsBenchResult> {
  const db = openDatabase(join(o.tmp, 'insights.sqlite'));
  runMigrations(db);
  const sqlite = db.$client;
  const now = Date.parse('2026-12-01T00:00:00.000Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  let seed = 7;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  let orders = 0;
  log(`insights: seeding ${o.customers.toLocaleString('en')} customers`);
  sqlite.transaction(() => {
    sqlite.prepare(`INSERT INTO accounts (id, name, currency, created_at) VALUES ('acc_bench', 'Bench', 'PKR', ?)`).run(iso(now));
    sqlite
      .prepare(
        `INSERT INTO connections (id, account_id, platform, domain, name, currency, created_at) VALUES ('con_bench', 'acc_bench', 'shopify', 'bench.myshopify.com', 'Bench', 'PKR', ?)`,
      )
      .run(iso(now));
    const customer = sqlite.prepare(`INSERT INTO customers (id, account_id, search_text, currency, created_at, updated_at)
      VALUES (?, 'acc_bench', '', 'PKR', ?, ?)`);
    const order = sqlite.prepare(`INSERT INTO orders (id, account_id, connection_id, external_id, customer_id, status, payment_status,
      fulfilment_status, payment_method, currency, subtotal_minor, shipping_minor, tax_minor, discount_minor, total_minor, placed_at,
      source_updated_at) VALUES (?, 'acc_bench', 'con_bench', ?, ?, 'open', 'paid', 'delivered', 'cod', 'PKR', ?, 0, 0, 0, ?, ?, ?)`);
    for (let i = 0; i < o.customers; i++) {
      const id = `cus_${String(i).padStart(7, '0')}`;
      // First purchase in the last two years; a personal rate (gamma-ish) and drop-out chance.
      let at = now - Math.floor(rand() * 730) * DAY;
      customer.run(id, iso(at), iso(at));
      const perWeek = -Math.log(1 - rand()) * 0.08;
      const dropout = 0.2 + rand() * 0.5;
      const spend = 150_000 + Math.floor(rand() * 600_000);
      for (let k = 0; ; k++) {
        const total = Math.floor(spend * (0.6 + rand() * 0.8));
        order.run(`ord_${i}_${k}`, `${i}-${k}`, id, total, total, iso(at), iso(at));
        orders++;
        if (rand() < dropout || perWeek === 0) break;
        at += Math.ceil((-Math.log(1 - rand()) / perWeek) * 7) * DAY;
        if (at > now) break;
      }
    }
  })();
  sqlite.exec('ANALYZE');

  // Baseline: the same order rows, read raw.
  let t0 = performance.now();
  const raw = sqlite
    .prepare(
      `SELECT customer_id, placed_at, total_minor - refunded_minor FROM orders WHERE account_id = 'acc_bench' ORDER BY customer_id, placed_at`,
    )
    .raw()
    .all();
  const baselineReadSeconds = (performance.now() - t0) / 1000;
  if (raw.length !== orders) throw new Error(`insights bench: read ${raw.length} of ${orders} orders`);

  const repo = createInsightsRepo(sqliteDatabase(db));
  const phases = { histories: 0, save: 0 };
  const timed: InsightsPort = {
    ...repo,
    async histories(accountId, currency) {
      const s = performance.now();
      const h = await repo.histories(accountId, currency);
      phases.histories = (performance.now() - s) / 1000;
      return h;
    },
    async save(...args) {
      const s = performance.now();
      await repo.save(...args);
      phases.save = (performance.now() - s) / 1000;
    },
  };
  const thread = startScoringThread();
  try {
    log(`insights: refit and rescoring of ${o.customers.toLocaleString('en')} customers (${orders.toLocaleString('en')} orders)`);
    t0 = performance.now();
    const outcome = await refreshAccountInsights(
      { insights: timed, score: thread.score },
      { accountId: 'acc_bench', currency: 'PKR', timeZone: null },
      new Date(now),
    );
    const total = (performance.now() - t0) / 1000;
    const model = sqlite
      .prepare(`SELECT r, alpha, a, b, confidence, repeaters FROM insights_models WHERE account_id = 'acc_bench'`)
      .get() as InsightsBenchResult['model'];
    const stored = (sqlite.prepare(`SELECT count(*) AS n FROM customer_scores WHERE account_id = 'acc_bench'`).get() as { n: number }).n;
    if (stored !== outcome.scored || outcome.scored !== o.customers)
      throw new Error(`insights bench: ${stored} stored, ${outcome.scored} scored of ${o.customers}`);
    return {
      customers: o.customers,
      orders,
      baselineReadSeconds: round(baselineReadSeconds),
      seconds: {
        histories: round(phases.histories),
        score: round(outcome.seconds - phases.histories),
        save: round(phases.save),
        total: round(total),
      },
      model: {
        r: round(model.r),
        alpha: round(model.alpha),
        a: round(model.a),
        b: round(model.b),
        confidence: model.confidence,
        repeaters: model.repeaters,
      },
      scored: outcome.scored,
    };
  } finally {
    await thread.close();
    db.$client.close();
  }
}

export function insightsReport(r: InsightsBenchResult, table: (rows: Array<Array<string | number>>, leftColumns?: number) => string) {
  const lines = [
    '',
    `Insights: full refit and rescoring of one account, ${r.customers.toLocaleString('en')} customers, ${r.orders.toLocaleString('en')} orders (SQLite)`,
    table([
      ['', 'seconds'],
      ['raw better-sqlite3 read of the same order rows (baseline)', r.baselineReadSeconds],
      ['rapport: order histories read', r.seconds.histories],
      ['rapport: BG/NBD + Gamma-Gamma fit, every customer scored, model check (worker thread)', r.seconds.score],
      ['rapport: scores and model written', r.seconds.save],
      ['rapport: total', r.seconds.total],
    ]),
    `  model: r ${r.model.r}, alpha ${r.model.alpha}, a ${r.model.a}, b ${r.model.b}; ${r.model.repeaters.toLocaleString('en')} repeaters; confidence ${r.model.confidence}`,
  ];
  return {
    lines,
    target: {
      name: `insights refit + rescoring of ${r.customers.toLocaleString('en')} customers < 30 s`,
      figure: `${r.seconds.total} s`,
      pass: r.seconds.total < 30,
    },
  };
}
