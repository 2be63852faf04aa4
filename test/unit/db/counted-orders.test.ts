import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { applyEvent } from '../../../src/crm/ingest.service.ts';
import { isCountedOrder } from '../../../src/crm/orders/counted-order.ts';
import { countedOrderSql } from '../../../src/db/counted-orders.sql.ts';
import { createLogger } from '../../../src/lib/logger.ts';
import { createRuntime, type Runtime } from '../../../src/runtime.ts';
import { order } from '../../helpers/canonical.ts';

// "Which orders count" has one rule in the domain (isCountedOrder) and its SQL twin
// (countedOrderSql): every combination of cancelled, trashed and test, written through the public
// path, must be counted by both or by neither.

let dir: string;
let rt: Runtime;
let accountId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-counted-'));
  rt = createRuntime(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `file:${join(dir, 'c.sqlite')}`, ENCRYPTION_KEY: 'c'.repeat(64) }), createLogger('silent'));
  accountId = await rt.tenancy.createAccount('Counted', 'USD');
  const connectionId = (await rt.tenancy.upsertConnection({ accountId, platform: 'woocommerce', domain: 'counted.example', currency: 'USD', country: 'PK' })).id;
  let n = 0;
  for (const cancelled of [false, true]) for (const trashed of [false, true]) for (const test of [false, true]) {
    n++;
    await applyEvent(rt.store, connectionId, { type: 'order.upserted', order: order(String(n), {
      cancelledAt: cancelled ? '2026-02-02T00:00:00.000Z' : null, status: cancelled ? 'cancelled' : 'open', trashed, test,
    }) });
  }
});
afterAll(async () => { await rt.close(); rmSync(dir, { recursive: true, force: true }); });

describe('counted orders', () => {
  it('the SQL condition and the domain predicate agree on every combination', async () => {
    const all = await rt.store.transaction((repos) => repos.orders.countedPlacedBetween(accountId, '2000-01-01', '2100-01-01', 100));
    expect(all.length).toBeGreaterThan(0);
    const rows = rt.db.$client.prepare('SELECT id, cancelled_at, deleted_at, test FROM orders WHERE account_id = ?').all(accountId) as Array<{ id: string; cancelled_at: string | null; deleted_at: string | null; test: number }>;
    expect(rows).toHaveLength(8);
    const inSql = new Set((rt.db.$client.prepare(`SELECT id FROM orders o WHERE account_id = ? AND ${countedOrderSql('o')}`).pluck().all(accountId) as string[]));
    const inMemory = new Set(rows.filter((r) => isCountedOrder({ cancelledAt: r.cancelled_at, deletedAt: r.deleted_at, test: r.test === 1 })).map((r) => r.id));
    expect(inSql).toEqual(inMemory);
    // Only the order that is neither cancelled, trashed nor a test counts.
    expect(inSql.size).toBe(1);
    expect(new Set(all.map((o) => o.id))).toEqual(inSql);
  });
});
