import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { createPgPool, runPgMigrations } from '../src/db/pg/client.ts';
import { createPgInbox } from '../src/db/inbox.pg.ts';
import { pgDatabase } from '../src/db/sql/database.ts';
import { orderBody } from './deliveries.ts';
import { pgReachable, withFreshPgDatabase } from './pg.ts';

// Processing on PostgreSQL with 1, 2 and 4 `rapport worker` processes: the inbox is filled with
// the same orders/create deliveries (spread over several shops: one shop's deliveries are applied
// by one worker at a time, in order), then the workers are started and timed until nothing is
// pending. Beside it, in the same run, raw `pg` inserts of one ~30-column row per transaction:
// the figure to compare with is the ratio. A database of its own per worker count, dropped after.

export type WorkersPgOptions = { orders: number; shops: number; workers: number[] };
export type WorkersPgResult = {
  orders: number;
  shops: number;
  runs: Array<{ workers: number; seconds: number; ordersPerSecond: number }>;
  baseline: { singleRowsPerSecond: number };
  /** orders/s with n workers / raw single-row inserts/s. */
  ratios: Record<string, number>;
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KEY = 'b'.repeat(64);

async function singleRowBaseline(pool: pg.Pool, n: number): Promise<number> {
  const client = await pool.connect();
  try {
    const cols = Array.from({ length: 27 }, (_, i) => `c${i} ${i % 3 === 0 ? 'bigint' : 'text'}`);
    await client.query(
      `CREATE TABLE bench_rows (id text PRIMARY KEY, connection_id text NOT NULL, external_id text NOT NULL, ${cols.join(', ')})`,
    );
    const text = `INSERT INTO bench_rows VALUES (${Array.from({ length: 30 }, (_, i) => `$${i + 1}`).join(', ')})`;
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      await client.query('BEGIN');
      await client.query({
        name: 'bench_row',
        text,
        values: [`r${i}`, 'con', String(i), ...Array.from({ length: 27 }, (_, c) => (c % 3 === 0 ? i * 100 + c : `v-${c}-${i}`))],
      });
      await client.query('COMMIT');
    }
    return n / ((performance.now() - start) / 1000);
  } finally {
    client.release();
  }
}

/** A migrated database with `shops` shops (program: 1 point per USD) and `orders` deliveries waiting. */
async function prepare(url: string, o: WorkersPgOptions): Promise<void> {
  const pool = createPgPool({ url, max: 4, applicationName: 'rapport bench setup' });
  try {
    await runPgMigrations(pool);
    const at = new Date().toISOString();
    const inbox = createPgInbox(pgDatabase(pool));
    for (let s = 0; s < o.shops; s++) {
      await pool.query(`INSERT INTO accounts (id, name, currency, created_at) VALUES ($1, $1, 'USD', $2)`, [`acc_${s}`, at]);
      await pool.query(
        `INSERT INTO connections (id, account_id, platform, domain, name, status, currency, country, created_at)
         VALUES ($1, $2, 'shopify', $3, $3, 'active', 'USD', 'US', $4)`,
        [`con_${s}`, `acc_${s}`, `bench-${s}.myshopify.com`, at],
      );
    }
    for (let i = 0; i < o.orders; i++) {
      const s = i % o.shops;
      await inbox.accept(
        {
          accountId: `acc_${s}`,
          connectionId: `con_${s}`,
          platform: 'shopify',
          topic: 'orders/create',
          dedupeKey: `bench-${i}`,
          body: orderBody(i, Math.max(1, Math.floor(o.orders / 4))),
          triggeredAt: null,
        },
        at,
      );
    }
    // Parked until every worker is up: start-up (tsx, migrations check) is not processing time.
    await pool.query(`UPDATE webhook_inbox SET next_attempt_at = '2999-01-01T00:00:00Z'`);
  } finally {
    await pool.end();
  }
}

function startWorker(url: string): ChildProcess {
  return spawn(process.execPath, ['bin/rapport.js', 'worker'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      ENCRYPTION_KEY: KEY,
      INBOX_POLL_MS: '20',
      DATABASE_POOL_MAX: '4',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function timeDrain(url: string, workers: number, orders: number): Promise<number> {
  const pool = createPgPool({ url, max: 1, applicationName: 'rapport bench watch' });
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < workers; i++) children.push(startWorker(url));
    const database = new URL(url).pathname.slice(1);
    // Up: each worker holds its inbox LISTEN connection (opened once its worker loop runs).
    for (let waited = 0; ; waited += 100) {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'LISTEN%'`,
        [database],
      );
      if (rows[0]!.n >= workers) break;
      if (waited > 120_000) throw new Error('workers-pg: workers did not start within 2 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    const start = performance.now();
    await pool.query(`UPDATE webhook_inbox SET next_attempt_at = NULL`);
    await pool.query(`SELECT pg_notify('rapport_inbox', '')`);
    for (;;) {
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*) AS n FROM webhook_inbox WHERE status = 'pending'`);
      if (rows[0]!.n === 0) break;
      if (children.every((c) => c.exitCode !== null)) throw new Error('workers-pg: every worker exited before the inbox was drained');
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - start) / 1000;
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*) AS n FROM orders`);
    if (rows[0]!.n !== orders) throw new Error(`workers-pg: WRONG RESULT: ${rows[0]!.n} orders for ${orders} deliveries`);
    return seconds;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await pool.end();
  }
}

export async function benchWorkersPg(
  o: WorkersPgOptions,
  log: (line: string) => void = () => undefined,
): Promise<WorkersPgResult | undefined> {
  if (!(await pgReachable('workers-pg', log))) return undefined;
  const runs: WorkersPgResult['runs'] = [];
  let singleRowsPerSecond = 0;
  for (const workers of o.workers) {
    await withFreshPgDatabase(async (url) => {
      log(`workers-pg: ${o.orders} deliveries over ${o.shops} shops, ${workers} worker process(es)`);
      await prepare(url, o);
      const seconds = await timeDrain(url, workers, o.orders);
      runs.push({ workers, seconds: Math.round(seconds * 1000) / 1000, ordersPerSecond: Math.round(o.orders / seconds) });
      // The baseline between runs, so it shares their conditions.
      const pool = createPgPool({ url, max: 1, applicationName: 'rapport bench baseline' });
      try {
        singleRowsPerSecond = Math.max(singleRowsPerSecond, await singleRowBaseline(pool, 2_000));
      } finally {
        await pool.end();
      }
    });
  }
  return {
    orders: o.orders,
    shops: o.shops,
    runs,
    baseline: { singleRowsPerSecond: Math.round(singleRowsPerSecond) },
    ratios: Object.fromEntries(runs.map((r) => [String(r.workers), Math.round((r.ordersPerSecond / singleRowsPerSecond) * 1000) / 1000])),
  };
}
