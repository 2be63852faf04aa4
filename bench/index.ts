import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchIntake, killServers, type IntakeResult, type Phase } from './intake.bench.ts';
import { benchLoyalty, type LoyaltyResult } from './loyalty.bench.ts';
import { backfillReport, benchBackfill, type BackfillResult } from './backfill.bench.ts';
import { benchProcessing, type ProcessingResult } from './processing.bench.ts';
import { benchProcessingPg, type PgProcessingResult } from './processing-pg.bench.ts';
import { benchWorkersPg, type WorkersPgResult } from './workers-pg.bench.ts';
import { pgReachable, withFreshPgDatabase } from './pg.ts';
import { benchReconcile, reconcileReport, type ReconcileResult } from './reconcile.bench.ts';
import { benchStorefront, storefrontReport, type StorefrontResult } from './storefront.bench.ts';
import { adminReport, benchAdmin, type AdminResult } from './admin.bench.ts';
import { adminPgReport, benchAdminPg, type AdminPgResult } from './admin-pg.bench.ts';
import { benchMixed, mixedReport, type MixedResult } from './mixed.bench.ts';
import { attackReport, benchAttack, type AttackResult } from './attack.bench.ts';
import { benchSegments, type SegmentsResult } from './segments.bench.ts';
import { benchSegmentsPg, type SegmentsPgResult } from './segments-pg.bench.ts';
import { benchInsights, insightsReport, type InsightsBenchResult } from './insights.bench.ts';
import { benchTemplates, templatesReport, type TemplatesResult } from './templates.bench.ts';
import { benchCampaigns, campaignsReport, type CampaignsResult } from './campaigns.bench.ts';

// `npm run bench`: runs every benchmark, prints a table, writes artifacts/bench.json. The machine
// is shared and noisy, so each figure stands beside a baseline measured in the same run and the
// comparison is the ratio. Knobs (env): BENCH_RATE, BENCH_SECONDS, BENCH_WARMUP, BENCH_CONCURRENCY,
// BENCH_CLOSED_SECONDS, BENCH_CLOSED_REQUESTS, BENCH_ORDERS, BENCH_CUSTOMERS,
// BENCH_LEDGER_ENTRIES, BENCH_MEMBERS, BENCH_POSTINGS, BENCH_LOOKUPS,
// BENCH_ONLY=intake|intake-pg|processing|processing-pg|workers-pg|mixed|attack|loyalty|reconcile|backfill|storefront|admin|admin-pg|segments|segments-pg|insights|templates|campaigns (or a comma-separated list), BENCH_MIXED_RATE, BENCH_MIXED_SECONDS,
// BENCH_MIXED_QUIET_ORDERS, BENCH_ATTACK_RATE, BENCH_ATTACK_SECONDS, BENCH_ATTACK_OLD_ROWS, BENCH_ADMIN_CUSTOMERS, BENCH_ADMIN_REQUESTS, BENCH_LCP_RUNS, BENCH_STOREFRONT_RUNS, BENCH_BACKFILL_ORDERS, BENCH_BACKFILL_IMPORT, BENCH_RECONCILE_ORDERS, BENCH_PG_ORDERS, BENCH_PG_WORKERS_ORDERS, BENCH_PG_URL (intake-pg, processing-pg, workers-pg, admin-pg, segments-pg: skipped without a server), BENCH_PG_LIST_CUSTOMERS, BENCH_PG_SEARCH_CUSTOMERS, BENCH_SEGMENT_CUSTOMERS, BENCH_SEGMENT_RUNS, BENCH_TEMPLATE_MESSAGES, BENCH_TEMPLATE_COMPILES, BENCH_SERVER_PROF=<dir> (CPU profiles of the intake servers), BENCH_TIME_LIMIT_S.

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return n;
}

const PARTS = [
  'intake',
  'intake-pg',
  'processing',
  'processing-pg',
  'workers-pg',
  'mixed',
  'attack',
  'loyalty',
  'reconcile',
  'backfill',
  'storefront',
  'admin',
  'admin-pg',
  'segments',
  'segments-pg',
  'insights',
  'templates',
  'campaigns',
];
// BENCH_ONLY: one part, or several separated by commas.
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((p) => p.trim()) : null;
const unknown = only?.filter((p) => !PARTS.includes(p)) ?? [];
if (unknown.length) throw new Error(`BENCH_ONLY: unknown part ${unknown.join(', ')}; parts are ${PARTS.join(', ')} (comma-separated)`);
const runs = (name: string) => !only || only.includes(name);
// The whole run's limit (BENCH_TIME_LIMIT_S, default 20 min): past it the parts that finished are
// still printed and written, and the run exits 1 naming the part that was cut off.
const TIME_LIMIT_MS = num('BENCH_TIME_LIMIT_S', 1_200) * 1000;
const intakeOptions = {
  rate: num('BENCH_RATE', 2_500),
  seconds: num('BENCH_SECONDS', 5),
  warmupSeconds: num('BENCH_WARMUP', 1),
  concurrency: num('BENCH_CONCURRENCY', 64),
  closedSeconds: num('BENCH_CLOSED_SECONDS', 4),
  closedRequests: num('BENCH_CLOSED_REQUESTS', 30_000),
};
const processingOptions = { orders: num('BENCH_ORDERS', 20_000), customers: num('BENCH_CUSTOMERS', 5_000) };
const loyaltyOptions = {
  entries: num('BENCH_LEDGER_ENTRIES', 1_000_000),
  members: num('BENCH_MEMBERS', 100_000),
  postings: num('BENCH_POSTINGS', 20_000),
  lookups: num('BENCH_LOOKUPS', 5_000),
};
const TARGET = { intakePerSecond: 2_000, intakeP99Ms: 10, ordersPerSecond: 1_000 };

// ---- clean-up: temp dir and child servers go whatever happens ---------------------------------

const tmp = mkdtempSync(join(tmpdir(), 'rapport-bench-'));
function cleanUp() {
  killServers();
  rmSync(tmp, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, stopping`);
    process.exit(130);
  });
}
let current = 'start-up';
setTimeout(() => {
  error = `still running after ${TIME_LIMIT_MS / 1000} s (BENCH_TIME_LIMIT_S) in the ${current} part; stopped it`;
  report();
  process.exit(1);
}, TIME_LIMIT_MS).unref();

// ---- run ----------------------------------------------------------------------------------------

const progress = (line: string) => console.error(`  … ${line}`);
const started = performance.now();
let intake: IntakeResult | undefined;
let intakePg: IntakeResult | undefined;
let processing: ProcessingResult | undefined;
let processingPg: PgProcessingResult | undefined;
let workersPg: WorkersPgResult | undefined;
let loyalty: LoyaltyResult | undefined;
let reconcile: ReconcileResult | undefined;
let backfill: BackfillResult | undefined;
let storefront: StorefrontResult | undefined;
let admin: AdminResult | undefined;
let adminPg: AdminPgResult | undefined;
let mixed: MixedResult | undefined;
let attack: AttackResult | undefined;
let segments: SegmentsResult | undefined;
let segmentsPg: SegmentsPgResult | undefined;
let insights: InsightsBenchResult | undefined;
let templates: TemplatesResult | undefined;
let campaigns: CampaignsResult | undefined;
let error: string | undefined;
/** Runs one part when selected; `current` names it if the time limit cuts it off. */
async function part<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
  if (!runs(name)) return undefined;
  current = name;
  return run();
}
try {
  intake = await part('intake', () => benchIntake({ tmp, ...intakeOptions }, progress));
  // The same intake with Rapport on a fresh PostgreSQL database (its own bare baseline again).
  intakePg = await part('intake-pg', async () =>
    (await pgReachable('intake-pg', progress))
      ? withFreshPgDatabase((database) => benchIntake({ tmp, ...intakeOptions, database }, progress))
      : undefined,
  );
  processing = await part('processing', () => benchProcessing({ tmp, ...processingOptions }, progress));
  processingPg = await part('processing-pg', () =>
    benchProcessingPg({ orders: num('BENCH_PG_ORDERS', 5_000), customers: num('BENCH_CUSTOMERS', 5_000) / 4, batch: 100 }, progress),
  );
  workersPg = await part('workers-pg', () =>
    benchWorkersPg({ orders: num('BENCH_PG_WORKERS_ORDERS', 4_000), shops: 8, workers: [1, 2, 4] }, progress),
  );
  mixed = await part('mixed', () =>
    benchMixed(
      {
        tmp,
        rate: num('BENCH_MIXED_RATE', 1_000),
        seconds: num('BENCH_MIXED_SECONDS', 15),
        warmupSeconds: 1,
        quietOrders: num('BENCH_MIXED_QUIET_ORDERS', 5_000),
      },
      progress,
    ),
  );
  attack = await part('attack', () =>
    benchAttack(
      {
        tmp,
        rate: num('BENCH_ATTACK_RATE', 200),
        seconds: num('BENCH_ATTACK_SECONDS', 10),
        oldRows: num('BENCH_ATTACK_OLD_ROWS', 100_000),
        pollers: 16,
        hugeLineItems: 16_000,
        hugeEveryMs: 1_000,
      },
      progress,
    ),
  );
  loyalty = await part('loyalty', () => benchLoyalty({ tmp, ...loyaltyOptions }, progress));
  segments = await part('segments', () =>
    benchSegments({ tmp, customers: num('BENCH_SEGMENT_CUSTOMERS', 100_000), runs: num('BENCH_SEGMENT_RUNS', 50) }, progress),
  );
  // The same shop and query on a fresh PostgreSQL database, beside its own hand-written COUNT.
  segmentsPg = await part('segments-pg', () =>
    benchSegmentsPg({ customers: num('BENCH_SEGMENT_CUSTOMERS', 100_000), runs: num('BENCH_SEGMENT_RUNS', 50) }, progress),
  );
  insights = await part('insights', () => benchInsights({ tmp, customers: num('BENCH_INSIGHTS_CUSTOMERS', 100_000) }, progress));
  templates = await part('templates', () =>
    benchTemplates({ messages: num('BENCH_TEMPLATE_MESSAGES', 20_000), compiles: num('BENCH_TEMPLATE_COMPILES', 20) }, progress),
  );
  campaigns = await part('campaigns', () =>
    benchCampaigns({ tmp, recipients: num('BENCH_CAMPAIGN_RECIPIENTS', 100_000), sends: num('BENCH_CAMPAIGN_SENDS', 20_000) }, progress),
  );
  reconcile = await part('reconcile', () => benchReconcile({ tmp, orders: num('BENCH_RECONCILE_ORDERS', 100_000) }, progress));
  backfill = await part('backfill', () =>
    benchBackfill(
      {
        tmp,
        orders: num('BENCH_BACKFILL_ORDERS', 1_000_000),
        importOrders: num('BENCH_BACKFILL_IMPORT', num('BENCH_BACKFILL_ORDERS', 1_000_000)),
      },
      progress,
    ),
  );
  storefront = await part('storefront', () => benchStorefront({ runs: num('BENCH_STOREFRONT_RUNS', 5) }, progress));
  admin = await part('admin', () =>
    benchAdmin(
      {
        tmp,
        customers: num('BENCH_ADMIN_CUSTOMERS', 100_000),
        requests: num('BENCH_ADMIN_REQUESTS', 300),
        lcpRuns: num('BENCH_LCP_RUNS', 5),
      },
      progress,
    ),
  );
  adminPg = await part('admin-pg', () =>
    benchAdminPg(
      {
        listCustomers: num('BENCH_PG_LIST_CUSTOMERS', 100_000),
        searchCustomers: num('BENCH_PG_SEARCH_CUSTOMERS', 1_000_000),
        requests: num('BENCH_ADMIN_REQUESTS', 300),
      },
      progress,
    ),
  );
} catch (err) {
  error = `${current}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
}
report();

// ---- report -------------------------------------------------------------------------------------

/** Prints and writes what has finished: at the end, on a failure, or when the time limit cuts a part off. */
function report(): void {
  type Target = { name: string; figure: string; pass: boolean };
  const targets: Target[] = [];
  if (intake) {
    const r = intake.rapport.open;
    targets.push({
      name: `intake >= ${TARGET.intakePerSecond} accepted/s with p99 ack < ${TARGET.intakeP99Ms} ms at ${intake.options.rate}/s offered`,
      figure: `${r.acceptedPerSecond}/s, p99 ${r.p99} ms, ${r.non2xx} non-2xx`,
      pass: r.acceptedPerSecond >= TARGET.intakePerSecond && r.p99 < TARGET.intakeP99Ms,
    });
  }
  if (intakePg) {
    const r = intakePg.rapport.open;
    targets.push({
      name: `intake on PostgreSQL >= ${TARGET.intakePerSecond} accepted/s with p99 ack < ${TARGET.intakeP99Ms} ms at ${intakePg.options.rate}/s offered`,
      figure: `${r.acceptedPerSecond}/s, p99 ${r.p99} ms, ${r.non2xx} non-2xx`,
      pass: r.acceptedPerSecond >= TARGET.intakePerSecond && r.p99 < TARGET.intakeP99Ms,
    });
  }
  if (processing) {
    targets.push({
      name: `processing >= ${TARGET.ordersPerSecond} orders/s`,
      figure: `${processing.ordersPerSecond} orders/s`,
      pass: processing.ordersPerSecond >= TARGET.ordersPerSecond,
    });
  }

  function table(rows: Array<Array<string | number>>, leftColumns = 1): string {
    const cells = rows.map((r) => r.map(String));
    const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
    return cells
      .map(
        (r) =>
          '  ' +
          r
            .map((v, c) => (c < leftColumns ? v.padEnd(widths[c]!) : v.padStart(widths[c]!)))
            .join('  ')
            .trimEnd(),
      )
      .join('\n');
  }
  const x = (n: number) => (Number.isFinite(n) ? `${n}x` : '-');
  const phaseRow = (label: string, p: Phase) => [
    label,
    p.offeredPerSecond ?? '-',
    p.acceptedPerSecond,
    p.p50,
    p.p99,
    p.max,
    p.non2xx,
    p.serverCpuUsPerRequest,
  ];

  const out: string[] = [];
  out.push(
    `Rapport benchmarks: node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  out.push('Every figure is beside a baseline from this run; compare ratios (rapport / baseline), not raw figures, across runs.');
  function intakeLines(intake: IntakeResult, database: string): void {
    const { bare, rapport, ratios, options: o } = intake;
    const head = ['', 'offered/s', 'accepted/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'server CPU us/req'];
    out.push(
      '',
      `Webhook intake (${database}), open loop: ${o.rate}/s offered for ${o.seconds} s after ${o.warmupSeconds} s warm-up, 64 keep-alive sockets;` +
        ' latency from the scheduled send time to the end of the response',
    );
    out.push(
      table([
        head,
        phaseRow('bare node:http', bare.open),
        phaseRow('rapport', rapport.open),
        [
          'rapport / bare',
          '',
          x(ratios.openThroughput),
          x(Math.round((rapport.open.p50 / bare.open.p50) * 100) / 100),
          x(ratios.openP99),
          '',
          '',
          x(Math.round((rapport.open.serverCpuUsPerRequest / bare.open.serverCpuUsPerRequest) * 100) / 100),
        ],
      ]),
    );
    out.push(
      `  load generator: event-loop delay p99 ${bare.open.generatorLoopDelayP99} / ${rapport.open.generatorLoopDelayP99} ms, send lag p99 ${bare.open.sendLagP99} / ${rapport.open.sendLagP99} ms (bare / rapport)`,
    );
    out.push(
      '',
      `Webhook intake (${database}), closed loop: ${o.concurrency} concurrent clients, ${o.closedSeconds} s or ${o.closedRequests} requests; latency per request`,
    );
    out.push(
      table([
        head,
        phaseRow('bare node:http', bare.closed),
        phaseRow('rapport', rapport.closed),
        [
          'rapport / bare',
          '',
          x(ratios.closedThroughput),
          '',
          x(Math.round((rapport.closed.p99 / bare.closed.p99) * 100) / 100),
          '',
          '',
          x(ratios.cpuPerRequest),
        ],
      ]),
    );
    out.push(
      `  inbox check: ${intake.inbox.stored} rows stored for ${intake.inbox.acknowledged} acknowledged of ${intake.inbox.sent} sent`,
    );
  }
  if (intake) intakeLines(intake, 'SQLite');
  if (intakePg) intakeLines(intakePg, 'PostgreSQL');
  if (processing) {
    const p = processing;
    out.push('', `Processing: ${p.orders} orders/create deliveries (${p.customers} customers) drained by the inbox worker`);
    out.push(
      table([
        ['', 'per second', 'seconds'],
        [`raw better-sqlite3, 1 row (30 cols) per transaction (runs ${p.baselineRuns.join(', ')})`, p.baselineRowsPerSecond, ''],
        ['rapport worker, orders', p.ordersPerSecond, p.seconds],
        ['rapport / raw', x(p.ratio), ''],
      ]),
    );
    out.push(
      `  verified: ${p.verified.orders} orders, ${p.verified.customers} customers, ${p.verified.lineItems} line items, ${p.verified.orderAwards} points awards, ${p.verified.inboxDone} deliveries done`,
    );
  }
  if (workersPg) {
    const w = workersPg;
    out.push(
      '',
      `Processing on PostgreSQL by worker processes: ${w.orders} orders/create deliveries over ${w.shops} shops, drained by \`rapport worker\` processes`,
    );
    out.push(
      table([
        ['', 'per second', 'seconds', 'x raw'],
        ['raw pg, 1 row (30 cols) per transaction', w.baseline.singleRowsPerSecond, '', ''],
        ...w.runs.map((r) => [
          `rapport, ${r.workers} worker process${r.workers === 1 ? '' : 'es'}`,
          r.ordersPerSecond,
          r.seconds,
          x(w.ratios[String(r.workers)]!),
        ]),
      ]),
    );
  }
  if (processingPg) {
    const p = processingPg;
    out.push(
      '',
      `Processing on PostgreSQL: ${p.orders} orders/create bodies (${p.customers} customers) through the PostgreSQL store, ${p.batch} units per batch()`,
    );
    out.push(
      table([
        ['', 'per second', 'seconds'],
        ['raw pg, 1 row (30 cols) per transaction', p.baseline.singleRowsPerSecond, ''],
        [`raw pg, ${p.batch} rows (30 cols) per transaction`, p.baseline.batchedRowsPerSecond, ''],
        ['rapport PostgreSQL store, orders', p.ordersPerSecond, p.seconds],
        ['rapport / raw (1 row per transaction)', x(p.ratio), ''],
      ]),
    );
    out.push(
      `  verified: ${p.verified.orders} orders, ${p.verified.customers} customers, ${p.verified.lineItems} line items, ${p.verified.orderAwards} points awards`,
    );
  }
  if (mixed) out.push(...mixedReport(mixed, table));
  if (attack) {
    const a = attackReport(attack, table);
    out.push(...a.lines);
    targets.push(a.target);
  }
  if (loyalty) {
    const l = loyalty;
    out.push(
      '',
      `Loyalty: ${l.postings.batch} movements per commit; balances over a ledger of ${l.entries.toLocaleString('en')} rows (${l.members.toLocaleString('en')} members)`,
    );
    out.push(
      table([
        ['', 'per second', 'p50 ms', 'p99 ms', 'max ms'],
        ['raw better-sqlite3 ledger-row inserts', l.postings.baselinePerSecond, '', '', ''],
        ['rapport points movements (domain service)', l.postings.perSecond, '', '', ''],
        ['rapport / raw', x(l.postings.ratio), '', '', ''],
        [
          'primary-key lookup (baseline)',
          '',
          l.balance.baselinePkLookup.p50,
          l.balance.baselinePkLookup.p99,
          l.balance.baselinePkLookup.max,
        ],
        ['balance lookup, random member', '', l.balance.rapport.p50, l.balance.rapport.p99, l.balance.rapport.max],
        [
          `balance lookup, member with ${l.balance.heavyMember.entries.toLocaleString('en')} rows`,
          '',
          l.balance.heavyMember.p50,
          l.balance.heavyMember.p99,
          l.balance.heavyMember.max,
        ],
        ['balance / pk lookup (p50)', '', x(l.balance.ratioP50), '', ''],
      ]),
    );
    out.push(
      `  verified: ${l.verified.ledgerRows} rows; a sampled balance equals the sum of its rows: ${l.verified.sampleBalanceMatchesSum}`,
    );
  }
  if (segments) {
    const g = segments;
    out.push(
      '',
      `Segment preview: ${g.customers.toLocaleString('en')} customers, ${g.orders.toLocaleString('en')} orders; ${g.members.toLocaleString('en')} match`,
      `  ${g.query}`,
    );
    out.push(
      table([
        ['', 'p50 ms', 'p95 ms', 'max ms'],
        ['hand-written SQL COUNT (baseline)', g.handWritten.p50, g.handWritten.p95, g.handWritten.max],
        ['rapport count (parse, compile, run)', g.rapport.p50, g.rapport.p95, g.rapport.max],
        ['rapport / hand-written (p95)', x(g.ratioP95), '', ''],
      ]),
    );
    targets.push({ name: 'segment preview p95 < 200 ms (five conditions)', figure: `${g.rapport.p95} ms`, pass: g.rapport.p95 < 200 });
  }
  if (segmentsPg) {
    const g = segmentsPg;
    out.push(
      '',
      `Segment preview on PostgreSQL: ${g.customers.toLocaleString('en')} customers, ${g.orders.toLocaleString('en')} orders (written in ${g.seedSeconds} s); ${g.members.toLocaleString('en')} match`,
      `  ${g.query}`,
    );
    out.push(
      table([
        ['', 'p50 ms', 'p95 ms', 'max ms'],
        ['hand-written SQL COUNT (baseline)', g.handWritten.p50, g.handWritten.p95, g.handWritten.max],
        ['rapport count (parse, compile, run)', g.rapport.p50, g.rapport.p95, g.rapport.max],
        ['rapport / hand-written (p95)', x(g.ratioP95), '', ''],
      ]),
    );
    targets.push({
      name: 'segment preview on PostgreSQL p95 < 200 ms (five conditions)',
      figure: `${g.rapport.p95} ms`,
      pass: g.rapport.p95 < 200,
    });
  }
  if (insights) {
    const r = insightsReport(insights, table);
    out.push(...r.lines);
    targets.push(r.target);
  }
  if (templates) {
    const r = templatesReport(templates, table);
    out.push(...r.lines);
    targets.push(r.target);
  }
  if (campaigns) {
    const r = campaignsReport(campaigns, table);
    out.push(...r.lines);
    targets.push(...r.targets);
  }
  if (reconcile) out.push(...reconcileReport(reconcile, table));
  if (backfill) {
    const b = backfillReport(backfill, table);
    out.push(...b.lines);
    targets.push(...b.targets);
  }
  if (storefront) out.push('', ...storefrontReport(storefront, table));
  if (admin) {
    const a = adminReport(admin, table);
    out.push(...a.lines);
    targets.push(...a.targets);
  }
  if (adminPg) out.push(...adminPgReport(adminPg, table));
  if (targets.length) {
    out.push('', 'Targets');
    out.push(
      table(
        targets.map((t) => [t.name, t.figure, t.pass ? 'PASS' : 'MISS']),
        2,
      ),
    );
  }
  out.push(
    '',
    `${error ? 'Stopped' : 'Finished'} after ${((performance.now() - started) / 1000).toFixed(1)} s; results in artifacts/bench.json`,
  );
  console.log(out.join('\n'));

  mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
  writeFileSync(
    join(ROOT, 'artifacts/bench.json'),
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        cpus: availableParallelism(),
        loadavg: loadavg(),
        intake,
        intakePg,
        processing,
        processingPg,
        workersPg,
        mixed,
        attack,
        loyalty,
        segments,
        segmentsPg,
        insights,
        templates,
        campaigns,
        reconcile,
        backfill,
        storefront,
        admin,
        adminPg,
        targets,
        error,
      },
      null,
      2,
    )}\n`,
  );

  if (error) {
    console.error(`\nbench FAILED: ${error}`);
    process.exitCode = 1;
  }
}
