import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config/config.ts';
import { adjustPoints } from '../src/crm/loyalty/actions.service.ts';
import { programSettings } from '../src/crm/loyalty/program.settings.ts';
import { createLogger } from '../src/lib/logger.ts';
import { createRuntime } from '../src/runtime.ts';
import { latencySummary, type Latency } from './load.ts';

// Loyalty: (1) ledger throughput — points movements posted through the domain service (dedupe
// check, clamp check, member upkeep, timeline entry, the row), beside raw better-sqlite3 inserts
// of a ledger-shaped row with the same commit pattern; (2) balance lookup latency once the ledger
// holds `entries` rows, beside a primary-key lookup in the same database.

export type LoyaltyOptions = { tmp: string; entries: number; members: number; postings: number; lookups: number };
export type LoyaltyResult = {
  entries: number;
  members: number;
  postings: { perSecond: number; baselinePerSecond: number; ratio: number; batch: number };
  balance: { rapport: Latency; heavyMember: Latency & { entries: number }; baselinePkLookup: Latency; ratioP50: number };
  verified: { ledgerRows: number; sampleBalanceMatchesSum: boolean };
};

const BATCH = 200;
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

/** Raw inserts of a ledger-shaped row (16 columns, unique dedupe index), BATCH per transaction. */
function baselineInserts(file: string, n: number): number {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE l (id INTEGER PRIMARY KEY, account_id TEXT, customer_id TEXT, reason TEXT, state TEXT, points INTEGER,
      pending_delta INTEGER, available_delta INTEGER, forgiven INTEGER, source_type TEXT, source_id TEXT, program_version INTEGER,
      note TEXT, actor TEXT, dedupe_key TEXT, occurred_at TEXT);
      CREATE UNIQUE INDEX l_dedupe ON l (account_id, dedupe_key); CREATE INDEX l_customer ON l (customer_id, available_delta, pending_delta, reason);`);
    const insert = db.prepare(
      `INSERT INTO l VALUES (NULL, 'acc', ?, 'manual', 'available', 5, 0, 5, 0, 'staff', 'bench', 1, 'bench', 'staff', ?, ?)`,
    );
    const tx = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) insert.run(`cus_${i % 1000}`, `manual:${i}`, new Date().toISOString());
    });
    const start = performance.now();
    for (let i = 0; i < n; i += BATCH) tx.immediate(i, Math.min(n, i + BATCH));
    return n / ((performance.now() - start) / 1000);
  } finally {
    db.close();
  }
}

function time(fn: () => void, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function benchLoyalty(o: LoyaltyOptions, log: (line: string) => void = () => undefined): Promise<LoyaltyResult> {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: `file:${join(o.tmp, 'loyalty.sqlite')}`,
    ENCRYPTION_KEY: 'd'.repeat(64),
  });
  const rt = await createRuntime(config, createLogger('silent'));
  const s = rt.sqlite!.$client;
  try {
    const accountId = await rt.tenancy.createAccount('Bench loyalty', 'PKR');
    const now = new Date().toISOString();
    await rt.store.transaction((repos) =>
      repos.loyalty.programs.save(
        accountId,
        programSettings.parse({
          earnOrdersPlacedFrom: now,
          earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
        }),
        null,
        now,
      ),
    );

    // Members, then a ledger of `entries` rows written straight to SQLite (setting the stage is not
    // what is measured): 10 % of the rows belong to one heavy member.
    const insertCustomer = s.prepare(`INSERT INTO customers (id, account_id, currency, created_at, updated_at) VALUES (?, ?, 'PKR', ?, ?)`);
    const insertEntry =
      s.prepare(`INSERT INTO points_ledger (account_id, customer_id, reason, state, points, pending_delta, available_delta,
      forgiven, source_type, source_id, program_version, dedupe_key, occurred_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 0, 'order', ?, 1, ?, ?, ?)`);
    const heavy = 'cus_heavy';
    s.transaction(() => {
      insertCustomer.run(heavy, accountId, now, now);
      for (let m = 0; m < o.members; m++) insertCustomer.run(`cus_${m}`, accountId, now, now);
      for (let e = 0; e < o.entries; e++) {
        const customer = e % 10 === 0 ? heavy : `cus_${e % o.members}`;
        const pending = e % 7 === 0;
        const points = 1 + (e % 97);
        insertEntry.run(
          accountId,
          customer,
          pending ? 'order' : e % 13 === 0 ? 'redemption' : 'order',
          pending ? 'pending' : 'available',
          points,
          pending ? points : 0,
          pending ? 0 : e % 13 === 0 ? -points : points,
          `ord_${e}`,
          `seed:${e}`,
          now,
          now,
        );
      }
    })();
    const ledgerRows = (s.prepare('SELECT count(*) AS n FROM points_ledger').get() as { n: number }).n;
    log(`loyalty: ${ledgerRows} ledger rows for ${o.members + 1} members; measuring balance lookups`);

    // Balance lookups through the repository the API uses, for random members and the heavy one.
    const ledger = await rt.store.transaction(async (repos) => repos.loyalty.ledger);
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    const lookups = time(() => void ledger.balance(`cus_${next() % o.members}`), o.lookups);
    const heavyLookups = time(() => void ledger.balance(heavy), Math.min(200, o.lookups));
    const pk = s.prepare('SELECT * FROM customers WHERE id = ?');
    const pkLookups = time(() => void pk.get(`cus_${next() % o.members}`), o.lookups);
    const sample = await ledger.balance('cus_7');
    const summed = s.prepare(`SELECT sum(available_delta) AS a FROM points_ledger WHERE customer_id = 'cus_7'`).get() as { a: number };

    // Ledger throughput: manual adjustments through the domain service, BATCH per commit.
    log(`loyalty: posting ${o.postings} movements through the domain`);
    const start = performance.now();
    for (let i = 0; i < o.postings; i += BATCH) {
      await rt.store.batch(async () => {
        for (let k = i; k < Math.min(o.postings, i + BATCH); k++) {
          await rt.store.transaction((repos) =>
            adjustPoints(repos, accountId, `cus_${k % o.members}`, 5, 'bench', 'staff:bench', `bench-${k}`, new Date().toISOString()),
          );
        }
      });
    }
    const perSecond = o.postings / ((performance.now() - start) / 1000);
    const baselinePerSecond = baselineInserts(join(o.tmp, 'ledger-baseline.sqlite'), o.postings);

    const rapport = latencySummary(lookups);
    const baselinePkLookup = latencySummary(pkLookups);
    const heavyEntries = (s.prepare('SELECT count(*) AS n FROM points_ledger WHERE customer_id = ?').get(heavy) as { n: number }).n;
    return {
      entries: ledgerRows,
      members: o.members + 1,
      postings: {
        perSecond: Math.round(perSecond),
        baselinePerSecond: Math.round(baselinePerSecond),
        ratio: round(perSecond / baselinePerSecond),
        batch: BATCH,
      },
      balance: {
        rapport: withMicros(lookups, rapport),
        heavyMember: { ...withMicros(heavyLookups, latencySummary(heavyLookups)), entries: heavyEntries },
        baselinePkLookup: withMicros(pkLookups, baselinePkLookup),
        ratioP50: round(median(lookups) / median(pkLookups), 2),
      },
      verified: { ledgerRows, sampleBalanceMatchesSum: sample.available === summed.a },
    };
  } finally {
    await rt.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// Lookups take microseconds: keep three decimals of a millisecond.
function withMicros(xs: number[], l: Latency): Latency {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!, 4);
  return { ...l, p50: at(0.5), p99: at(0.99), max: round(sorted.at(-1)!, 4) };
}
