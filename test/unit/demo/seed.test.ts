import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { seedDemo } from '../../../src/demo/seed.ts';
import { createLogger } from '../../../src/lib/logger.ts';
import { createRuntime, type Runtime } from '../../../src/runtime.ts';
import { testDatabaseUrl, type TestDatabaseUrl } from '../../helpers/database.ts';
import { sql } from '../../helpers/sql.ts';

const dir = mkdtempSync(join(tmpdir(), 'rapport-demo-'));
let rt: Runtime;
let database: TestDatabaseUrl;
const n = (text: string) => sql(rt).count(text);
// Names in a script: a character class (GLOB on SQLite, a regular expression on PostgreSQL).
const inScript = (column: string, range: string) =>
  sql(rt).dialect() === 'pg' ? `${column} ~ '[${range}]'` : `${column} GLOB '*[${range}]*'`;

beforeAll(async () => {
  database = await testDatabaseUrl(dir, 'demo.sqlite');
  rt = await createRuntime(
    loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, ENCRYPTION_KEY: 'a'.repeat(64), LOG_LEVEL: 'silent' }),
    createLogger('silent'),
  );
  await seedDemo(rt, { customers: 300, now: new Date('2026-11-22T00:00:00Z') });
});
afterAll(async () => {
  await rt.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo merchant', () => {
  it('has Urdu-script and Gurmukhi names, both currencies and both payment kinds', async () => {
    expect(await n(`SELECT count(*) AS n FROM customers WHERE ${inScript('first_name', 'ا-ی')}`)).toBeGreaterThan(20);
    expect(await n(`SELECT count(*) AS n FROM customers WHERE ${inScript('first_name', 'ਅ-ੴ')}`)).toBeGreaterThan(5);
    const currencies = await sql(rt).all<{ currency: string }>('SELECT DISTINCT currency FROM orders ORDER BY currency');
    expect(currencies.map((r) => r.currency)).toEqual(['PKR', 'USD']);
    expect(await n(`SELECT count(DISTINCT payment_method) AS n FROM orders WHERE payment_method IN ('cod', 'card')`)).toBe(2);
    expect(await n(`SELECT count(*) AS n FROM orders WHERE fulfilment_status = 'returned'`)).toBeGreaterThan(0);
  });

  it('has shoppers on both stores merged into one profile', async () => {
    expect(
      await n(
        `SELECT count(*) AS n FROM (SELECT customer_id FROM customer_identities GROUP BY customer_id HAVING count(DISTINCT connection_id) = 2) AS merged`,
      ),
    ).toBeGreaterThan(0);
  });

  it('keeps every derived order count equal to the orders behind it', async () => {
    const wrong = await n(`SELECT count(*) AS n FROM customers c WHERE c.orders_count !=
      (SELECT count(*) FROM orders o WHERE o.customer_id = c.id AND o.cancelled_at IS NULL AND o.deleted_at IS NULL AND o.test = false)`);
    expect(wrong).toBe(0);
    expect(await n(`SELECT count(*) AS n FROM orders`)).toBeGreaterThan(500);
  });

  it('gives demo members balances, and some of them tiers', async () => {
    const members = await n(`SELECT count(*) AS n FROM loyalty_members`);
    const withBalance = await n(`SELECT count(*) AS n FROM loyalty_members m
      WHERE (SELECT sum(available_delta) FROM points_ledger p WHERE p.customer_id = m.customer_id) > 0`);
    expect(members).toBeGreaterThan(100);
    expect(withBalance / members).toBeGreaterThan(0.9);
    const tiers = await sql(rt).all<{ name: string; n: number | string }>(
      `SELECT t.name, count(*) AS n FROM loyalty_members m JOIN tiers t ON t.id = m.tier_id GROUP BY t.name ORDER BY t.name`,
    );
    expect(tiers.map((t) => t.name)).toContain('Silver');
    expect(tiers.reduce((s, t) => s + Number(t.n), 0)).toBeLessThan(members);
  });
});
