import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { seedDemo } from '../../../src/demo/seed.ts';
import { createLogger } from '../../../src/lib/logger.ts';
import { createRuntime, type Runtime } from '../../../src/runtime.ts';

const dir = mkdtempSync(join(tmpdir(), 'rapport-demo-'));
let rt: Runtime;
const q = <T>(sql: string) => rt.sqlite!.$client.prepare(sql).get() as T;

beforeAll(async () => {
  rt = await createRuntime(
    loadConfig({ NODE_ENV: 'test', DATABASE_URL: `file:${join(dir, 'demo.sqlite')}`, ENCRYPTION_KEY: 'a'.repeat(64), LOG_LEVEL: 'silent' }),
    createLogger('silent'),
  );
  await seedDemo(rt, { customers: 300, now: new Date('2026-11-22T00:00:00Z') });
});
afterAll(async () => {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo merchant', () => {
  it('has Urdu-script and Gurmukhi names, both currencies and both payment kinds', () => {
    expect(q<{ n: number }>(`SELECT count(*) AS n FROM customers WHERE first_name GLOB '*[ا-ی]*'`).n).toBeGreaterThan(20);
    expect(q<{ n: number }>(`SELECT count(*) AS n FROM customers WHERE first_name GLOB '*[ਅ-ੴ]*'`).n).toBeGreaterThan(5);
    expect(q<{ c: string }>(`SELECT group_concat(DISTINCT currency) AS c FROM (SELECT currency FROM orders ORDER BY currency)`).c).toBe(
      'PKR,USD',
    );
    expect(q<{ n: number }>(`SELECT count(DISTINCT payment_method) AS n FROM orders WHERE payment_method IN ('cod', 'card')`).n).toBe(2);
    expect(q<{ n: number }>(`SELECT count(*) AS n FROM orders WHERE fulfilment_status = 'returned'`).n).toBeGreaterThan(0);
  });

  it('has shoppers on both stores merged into one profile', () => {
    expect(
      q<{ n: number }>(
        `SELECT count(*) AS n FROM (SELECT customer_id FROM customer_identities GROUP BY customer_id HAVING count(DISTINCT connection_id) = 2)`,
      ).n,
    ).toBeGreaterThan(0);
  });

  it('keeps every derived order count equal to the orders behind it', () => {
    const wrong = q<{ n: number }>(`SELECT count(*) AS n FROM customers c WHERE c.orders_count !=
      (SELECT count(*) FROM orders o WHERE o.customer_id = c.id AND o.cancelled_at IS NULL AND o.deleted_at IS NULL AND o.test = 0)`);
    expect(wrong.n).toBe(0);
    expect(q<{ n: number }>(`SELECT count(*) AS n FROM orders`).n).toBeGreaterThan(500);
  });

  it('gives demo members balances, and some of them tiers', () => {
    const members = q<{ n: number }>(`SELECT count(*) AS n FROM loyalty_members`).n;
    const withBalance = q<{ n: number }>(`SELECT count(*) AS n FROM loyalty_members m
      WHERE (SELECT sum(available_delta) FROM points_ledger p WHERE p.customer_id = m.customer_id) > 0`).n;
    expect(members).toBeGreaterThan(100);
    expect(withBalance / members).toBeGreaterThan(0.9);
    const tiers = rt
      .sqlite!.$client.prepare(`SELECT t.name, count(*) AS n FROM loyalty_members m JOIN tiers t ON t.id = m.tier_id GROUP BY t.name`)
      .all() as Array<{ name: string; n: number }>;
    expect(tiers.map((t) => t.name)).toContain('Silver');
    expect(tiers.reduce((s, t) => s + t.n, 0)).toBeLessThan(members);
  });
});
