import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { importBulkJsonl } from '../../src/platforms/shopify/bulk.import.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { gqlOrder } from '../helpers/shopify-orders.ts';
import { testDatabaseUrl, type TestDatabaseUrl } from '../helpers/database.ts';
import { sql } from '../helpers/sql.ts';

// The importer on its own, over a real database (testDatabaseUrl), with lines that arrive faster than any
// network: the app must still serve requests between commits.

let dir: string;
let database: TestDatabaseUrl;
let rt: Runtime;
let connectionId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-import-'));
  database = await testDatabaseUrl(dir, 'i.sqlite');
  rt = await createRuntime(
    loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: database.url, ENCRYPTION_KEY: 'e'.repeat(64) }),
    createLogger('silent'),
  );
  const accountId = await rt.tenancy.createAccount('Import', 'PKR');
  connectionId = (
    await rt.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: 'import.myshopify.com', currency: 'PKR', country: 'PK' })
  ).id;
});
afterAll(async () => {
  await rt.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Bulk JSONL as Shopify writes it: each order, then its line items with `__parentId`. */
async function* jsonl(orders: number): AsyncGenerator<string> {
  for (let n = 1; n <= orders; n += 1) {
    const { lineItems, ...order } = gqlOrder({ n, createdAt: '2026-05-01T10:00:00Z', customer: (n % 40) + 1 });
    yield JSON.stringify(order);
    for (const item of lineItems) yield JSON.stringify({ ...item, __parentId: order.id });
  }
}

describe('bulk import', () => {
  it('lets the event loop run between commits and stores every order once', async () => {
    let turns = 0;
    const timer = setInterval(() => {
      turns += 1;
    }, 0);
    const result = await importBulkJsonl(jsonl(1_200), {
      store: rt.store,
      connectionId,
      context: { currency: 'PKR', country: 'PK' },
      resource: 'orders',
      batchSize: 200,
    });
    clearInterval(timer);
    expect(result).toMatchObject({ roots: 1_200, applied: 1_200, stale: 0, orphans: 0, records: 1_200 * 3 });
    expect(turns).toBeGreaterThanOrEqual(5); // six commits; timers ran between them
    const db = sql(rt);
    expect(await db.count('SELECT count(*) FROM orders')).toBe(1_200);
    expect(await db.count('SELECT count(*) FROM line_items')).toBe(2_400);
    expect(await db.count('SELECT count(*) FROM customers')).toBe(40);
    expect(await db.count('SELECT sum(orders_count) FROM customers')).toBe(1_200);
    // 1,200 orders: on PostgreSQL each statement is a round trip (tens of seconds on a loaded machine).
  }, 180_000);
});
