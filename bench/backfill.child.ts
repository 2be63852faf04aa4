import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/lib/logger.ts';
import { importBulkJsonl } from '../src/platforms/shopify/bulk.import.ts';
import { createRuntime } from '../src/runtime.ts';

// One phase of bench/backfill.bench.ts in a process of its own (its peak RSS is then its own):
//   baseline <file>                       read and JSON.parse every line
//   import <file> <sqlite file> <orders>  stream the first <orders> orders through the importer

const [mode, file, dbFile, maxOrders] = process.argv.slice(2);
if (!file || (mode !== 'baseline' && mode !== 'import'))
  throw new Error('usage: backfill.child.ts baseline|import <file> [<sqlite> <orders>]');

/** Lines of the file, stopping after `max` root lines (their children included). */
async function* lines(path: string, max = Infinity): AsyncGenerator<string> {
  let roots = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (!line.includes('"__parentId"') && ++roots > max) return;
    yield line;
  }
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const start = performance.now();
if (mode === 'baseline') {
  let records = 0;
  for await (const line of lines(file)) {
    JSON.parse(line);
    records += 1;
  }
  process.send?.({ records, roots: 0, seconds: (performance.now() - start) / 1000, peakRssMb: peakRssMb() });
} else {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: `file:${dbFile}`,
    ENCRYPTION_KEY: 'd'.repeat(64),
  });
  const rt = await createRuntime(config, createLogger(config.LOG_LEVEL));
  const accountId = await rt.tenancy.createAccount('Bench backfill', 'PKR');
  const connectionId = (
    await rt.tenancy.upsertConnection({
      accountId,
      platform: 'shopify',
      domain: 'bench-backfill.myshopify.com',
      currency: 'PKR',
      country: 'PK',
    })
  ).id;
  const began = performance.now();
  const run = await importBulkJsonl(lines(file, Number(maxOrders)), {
    store: rt.store,
    connectionId,
    context: { currency: 'PKR', country: 'PK' },
    resource: 'orders',
  });
  const seconds = (performance.now() - began) / 1000;
  const q = (sql: string) => (rt.sqlite!.$client.prepare(sql).get() as { n: number }).n;
  const verified = { orders: q('SELECT count(*) n FROM orders'), lineItems: q('SELECT count(*) n FROM line_items') };
  await rt.close();
  process.send?.({ records: run.records, roots: run.roots, seconds, peakRssMb: peakRssMb(), verified });
}
process.disconnect?.();
