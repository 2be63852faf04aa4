import { fork } from 'node:child_process';
import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Backfill: a bulk-operation JSONL file (orders, each followed by its line items carrying
// `__parentId`) streamed through the importer into a real SQLite store, beside a baseline that
// only reads and JSON-parses the same lines. The whole file is generated and imported (about two
// minutes for a million orders; BENCH_BACKFILL_IMPORT imports only the first N), and the rates
// are per record (JSONL line).

export type BackfillOptions = { tmp: string; orders: number; importOrders: number };
export type Phase = { records: number; seconds: number; recordsPerSecond: number; peakRssMb: number };
export type BackfillResult = {
  orders: number;
  fileMb: number;
  baseline: Phase;
  rapport: Phase & { orders: number };
  verified: { orders: number; lineItems: number };
};

const money = (a: string) => `{"shopMoney":{"amount":"${a}","currencyCode":"PKR"}}`;

async function generate(file: string, orders: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  let chunk = '';
  for (let i = 1; i <= orders; i += 1) {
    const id = 5_600_000_000_000 + i;
    const day = new Date(Date.UTC(2024, 0, 1) + (i % 700) * 86_400_000).toISOString();
    const c = 7_700_000 + (i % 200_000);
    chunk +=
      `{"id":"gid://shopify/Order/${id}","name":"#${i}","email":"b${c}@example.pk","createdAt":"${day}","updatedAt":"${day}","currencyCode":"PKR",` +
      `"displayFinancialStatus":"${i % 3 ? 'PAID' : 'PENDING'}","paymentGatewayNames":["${i % 3 ? 'shopify_payments' : 'Cash on Delivery (COD)'}"],` +
      `"totalPriceSet":${money('1500.00')},"subtotalPriceSet":${money('1500.00')},"customer":{"id":"gid://shopify/Customer/${c}","defaultEmailAddress":{"emailAddress":"b${c}@example.pk"}},"refunds":[]}\n`;
    for (let li = 0; li < 2; li += 1) {
      chunk += `{"id":"gid://shopify/LineItem/${id * 10 + li}","title":"Kurta ${li}","quantity":1,"originalUnitPriceSet":${money('750.00')},"__parentId":"gid://shopify/Order/${id}"}\n`;
    }
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((r) => out.end(r));
}

type ChildResult = { records: number; roots: number; seconds: number; peakRssMb: number; verified?: { orders: number; lineItems: number } };

/**
 * Each phase runs in a process of its own, so its peak RSS (resourceUsage().maxRSS) is its own
 * and not the bench runner's, which earlier benchmarks have already grown.
 */
function phase(args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./backfill.child.ts', import.meta.url)), args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: ChildResult | undefined;
    child.on('message', (m) => {
      result = m as ChildResult;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      result && code === 0 ? resolve(result) : reject(new Error(`backfill ${args[0]} phase exited with ${code}`)),
    );
  });
}

export async function benchBackfill(o: BackfillOptions, log: (line: string) => void = () => undefined): Promise<BackfillResult> {
  const file = join(o.tmp, 'bulk-orders.jsonl');
  await generate(file, o.orders);
  const fileMb = Math.round(statSync(file).size / 1_048_576);
  log(`backfill: ${o.orders} orders, ${fileMb} MB of JSONL; baseline read + parse`);
  const base = await phase(['baseline', file]);
  const baseline = {
    records: base.records,
    seconds: round(base.seconds),
    recordsPerSecond: Math.round(base.records / base.seconds),
    peakRssMb: base.peakRssMb,
  };
  log(`backfill: importing the first ${o.importOrders} orders through the domain`);
  const run = await phase(['import', file, join(o.tmp, 'backfill.sqlite'), String(o.importOrders)]);
  const verified = run.verified!;
  if (verified.orders !== Math.min(o.orders, o.importOrders))
    throw new Error(`backfill: expected ${o.importOrders} orders, found ${verified.orders}`);
  return {
    orders: o.orders,
    fileMb,
    baseline,
    verified,
    rapport: {
      orders: run.roots,
      records: run.records,
      seconds: round(run.seconds),
      recordsPerSecond: Math.round(run.records / run.seconds),
      peakRssMb: run.peakRssMb,
    },
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

const TARGET = { recordsPerSecond: 20_000, peakRssMb: 300 };

/** Report lines and target rows for bench/index.ts. */
export function backfillReport(
  r: BackfillResult,
  table: (rows: Array<Array<string | number>>) => string,
): { lines: string[]; targets: Array<{ name: string; figure: string; pass: boolean }> } {
  const lines = [
    '',
    `Backfill: ${r.orders.toLocaleString('en')}-order bulk JSONL (${r.fileMb} MB, 2 line items each as __parentId children); the domain imports the first ${r.rapport.orders.toLocaleString('en')} orders`,
    table([
      ['', 'records', 'seconds', 'records/s', 'peak RSS MB'],
      ['baseline: read + JSON.parse every line', r.baseline.records, r.baseline.seconds, r.baseline.recordsPerSecond, r.baseline.peakRssMb],
      [
        'rapport importer -> SQLite store (applyEvent, 1,000 a commit)',
        r.rapport.records,
        r.rapport.seconds,
        r.rapport.recordsPerSecond,
        r.rapport.peakRssMb,
      ],
      ['rapport / baseline', '', '', `${Math.round((r.rapport.recordsPerSecond / r.baseline.recordsPerSecond) * 1000) / 1000}x`, ''],
    ]),
    `  verified: ${r.verified.orders} orders, ${r.verified.lineItems} line items stored`,
  ];
  const rss = Math.max(r.baseline.peakRssMb, r.rapport.peakRssMb);
  return {
    lines,
    targets: [
      {
        name: `backfill >= ${TARGET.recordsPerSecond} records/s`,
        figure: `${r.rapport.recordsPerSecond} records/s`,
        pass: r.rapport.recordsPerSecond >= TARGET.recordsPerSecond,
      },
      { name: `backfill peak RSS < ${TARGET.peakRssMb} MB`, figure: `${rss} MB`, pass: rss < TARGET.peakRssMb },
    ],
  };
}
