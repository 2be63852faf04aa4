import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { is } from 'drizzle-orm';
import { SQLiteTable, getTableConfig } from 'drizzle-orm/sqlite-core';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPool, runPgMigrations } from '../../src/db/pg/client.ts';
import * as pgSchema from '../../src/db/pg/schema.ts';
import * as sqliteSchema from '../../src/db/schema/index.ts';
import { readJournal } from '../../src/db/migration-journal.ts';
import { PG_MIGRATIONS_FOLDER } from '../../src/db/pg/client.ts';
import { createEmptyDatabase, createTestDatabase, pgAvailable, type TestDatabase } from '../helpers/pg.ts';

// The PostgreSQL migrations on a real server: they apply to an empty database (once, even from
// two processes at once), the inbox-count triggers keep the counts right, customer search uses
// the trigram index, and the pool's type parsers read money and instants as the app expects.

const pgTags = readJournal(PG_MIGRATIONS_FOLDER).map((e) => e.tag);
const NOW = '2026-12-01T18:15:47.123Z';

describe.skipIf(!pgAvailable)('PostgreSQL migrations', () => {
  describe('on an empty database', () => {
    let empty: TestDatabase;
    const pools: pg.Pool[] = [];
    beforeAll(async () => {
      empty = await createEmptyDatabase();
    });
    afterAll(async () => {
      await Promise.all(pools.map((p) => p.end()));
      await empty.drop();
    });

    it('apply every migration exactly once, even from two processes at once, then nothing', async () => {
      const a = createPgPool({ url: empty.url, max: 1 });
      const b = createPgPool({ url: empty.url, max: 1 });
      pools.push(a, b);
      const [ra, rb] = await Promise.all([runPgMigrations(a), runPgMigrations(b)]);
      // One of them applied everything; the other waited on the lock and found nothing to do.
      expect([ra, rb].sort((x, y) => y.length - x.length)).toEqual([pgTags, []]);
      expect(await runPgMigrations(a)).toEqual([]);
      const rows = await a.query<{ n: number }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
      expect(rows.rows[0]!.n).toBe(pgTags.length);

      const sqliteTableNames = Object.values(sqliteSchema)
        .filter((v) => is(v, SQLiteTable))
        .map((t) => getTableConfig(t as SQLiteTable).name)
        .sort();
      const tables = await a.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(sqliteTableNames);
      const triggers = await a.query<{ tgname: string }>(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`);
      expect(triggers.rows.map((r) => r.tgname)).toEqual([
        'webhook_inbox_counts_delete',
        'webhook_inbox_counts_insert',
        'webhook_inbox_counts_update',
      ]);
    });
  });

  describe('on a migrated database', () => {
    let db: TestDatabase;
    let pool: pg.Pool;
    beforeAll(async () => {
      db = await createTestDatabase();
      pool = createPgPool({ url: db.url, max: 2 });
      for (const id of ['acc_a', 'acc_b']) {
        await pool.query('INSERT INTO accounts (id, name, created_at) VALUES ($1, $1, $2)', [id, NOW]);
        await pool.query(
          `INSERT INTO connections (id, account_id, platform, domain, name, created_at) VALUES ($1, $2, 'shopify', $1, $1, $3)`,
          [`con_${id}`, id, NOW],
        );
      }
    });
    afterAll(async () => {
      await pool.end();
      await db.drop();
    });

    const counts = async () =>
      (
        await pool.query<{ account_id: string; status: string; n: number }>(
          'SELECT account_id, status, n FROM webhook_inbox_counts WHERE n <> 0 ORDER BY 1, 2',
        )
      ).rows;
    const actual = async () =>
      (
        await pool.query<{ account_id: string; status: string; n: number }>(
          'SELECT account_id, status, count(*)::int AS n FROM webhook_inbox GROUP BY 1, 2 ORDER BY 1, 2',
        )
      ).rows;
    const deliver = (account: string, key: string) =>
      pool.query(
        `INSERT INTO webhook_inbox (account_id, connection_id, platform, topic, dedupe_key, body, received_at)
       VALUES ($1, $2, 'shopify', 'orders/create', $3, '{}', $4)`,
        [account, `con_${account}`, key, NOW],
      );

    it('keep webhook_inbox_counts equal to a count of the inbox through inserts, updates, deletes and cascades', async () => {
      for (let i = 0; i < 6; i++) await deliver('acc_a', `a${i}`);
      for (let i = 0; i < 3; i++) await deliver('acc_b', `b${i}`);
      expect(await counts()).toEqual([
        { account_id: 'acc_a', status: 'pending', n: 6 },
        { account_id: 'acc_b', status: 'pending', n: 3 },
      ]);

      await pool.query(`UPDATE webhook_inbox SET status = 'done', processed_at = $1 WHERE dedupe_key IN ('a0', 'a1', 'b0')`, [NOW]);
      await pool.query(`UPDATE webhook_inbox SET status = 'dead' WHERE dedupe_key = 'a2'`);
      // A change of something else, and a "change" to the same status, move nothing.
      await pool.query(`UPDATE webhook_inbox SET attempts = attempts + 1 WHERE account_id = 'acc_a'`);
      await pool.query(`UPDATE webhook_inbox SET status = 'done' WHERE dedupe_key = 'a0'`);
      await pool.query(`UPDATE webhook_inbox SET status = 'pending' WHERE dedupe_key = 'a2'`); // retry of a dead letter
      await pool.query(`DELETE FROM webhook_inbox WHERE dedupe_key = 'a1'`);
      expect(await counts()).toEqual(await actual());
      expect(await counts()).toEqual([
        { account_id: 'acc_a', status: 'done', n: 1 },
        { account_id: 'acc_a', status: 'pending', n: 4 },
        { account_id: 'acc_b', status: 'done', n: 1 },
        { account_id: 'acc_b', status: 'pending', n: 2 },
      ]);

      // Deleting the account cascades to its deliveries; the triggers see each one go.
      await pool.query(`DELETE FROM accounts WHERE id = 'acc_b'`);
      expect(await counts()).toEqual(await actual());
      expect(await counts()).toEqual([
        { account_id: 'acc_a', status: 'done', n: 1 },
        { account_id: 'acc_a', status: 'pending', n: 4 },
      ]);
    });

    it('serve the customer search predicate from the trigram index', async () => {
      // 40,000 customers over eight shops (5,000 each: enough that a shop's b-tree range costs more than the search index); the searched shop is one of them.
      await pool.query(`INSERT INTO accounts (id, name, created_at) SELECT 'acc_s' || g, 'shop', $1 FROM generate_series(1, 7) AS g`, [
        NOW,
      ]);
      await pool.query(
        `INSERT INTO customers (id, account_id, search_text, currency, created_at, updated_at)
        SELECT 'cus_' || g, CASE WHEN g % 8 = 0 THEN 'acc_a' ELSE 'acc_s' || (g % 8) END,
          lower('first' || g || ' last' || (g * 7919 % 10007) || ' c' || g || '@example.pk'), 'PKR', $1, $1
        FROM generate_series(1, 40000) AS g`,
        [NOW],
      );
      await pool.query('ANALYZE customers');
      const client = await pool.connect();
      try {
        await client.query('SET enable_seqscan = off');
        const plan = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (COSTS OFF) SELECT id FROM customers WHERE account_id = 'acc_a' AND search_text LIKE '%c4240@%'`,
        );
        // Both conditions in the one index: no heap rows of other shops, no filter over the shop's list.
        expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(
          /Bitmap Index Scan on customers_search_trgm\s+Index Cond: \(\(account_id = 'acc_a'::text\) AND \(search_text ~~ '%c4240@%'::text\)\)/,
        );
        const found = await client.query(`SELECT id FROM customers WHERE account_id = 'acc_a' AND search_text LIKE '%c4240@%'`);
        expect(found.rows).toEqual([{ id: 'cus_4240' }]);
      } finally {
        await client.query('RESET enable_seqscan');
        client.release();
      }
    });

    it('read bigint money past 2^31 as a number, and refuse one past 2^53 rather than round it', async () => {
      const big = 5_000_000_000; // PKR 50 million in paisa
      await pool.query(`UPDATE customers SET amount_spent_minor = $1 WHERE id = 'cus_1'`, [big]);
      const raw = await pool.query<{ amount_spent_minor: number; total: number }>(
        `SELECT amount_spent_minor, (SELECT sum(amount_spent_minor)::bigint FROM customers) AS total FROM customers WHERE id = 'cus_1'`,
      );
      expect(raw.rows[0]).toEqual({ amount_spent_minor: big, total: big });
      const orm = drizzle(pool, { schema: pgSchema });
      const [viaDrizzle] = await orm
        .select({ spent: pgSchema.customers.amountSpentMinor })
        .from(pgSchema.customers)
        .where(eq(pgSchema.customers.id, 'cus_1'));
      expect(viaDrizzle).toEqual({ spent: big });
      await expect(pool.query(`SELECT 9007199254740993::bigint AS n`)).rejects.toThrow(/MAX_SAFE_INTEGER/);
      expect((await pool.query(`SELECT 9007199254740991::bigint AS n`)).rows[0]).toEqual({ n: Number.MAX_SAFE_INTEGER });
      expect((await pool.query(`SELECT 1.10::numeric AS n`)).rows[0]).toEqual({ n: '1.10' });
    });

    it('round-trip instants as ISO-8601 strings with milliseconds and Z, through the pool and drizzle', async () => {
      await pool.query(`UPDATE customers SET last_order_at = $1 WHERE id = 'cus_2'`, ['2026-03-04T05:06:07.089Z']);
      const raw = await pool.query(`SELECT last_order_at, created_at FROM customers WHERE id = 'cus_2'`);
      expect(raw.rows[0]).toEqual({ last_order_at: '2026-03-04T05:06:07.089Z', created_at: NOW });
      const client = await pool.connect();
      try {
        // Whatever the session's time zone, the instant reads back the same.
        await client.query(`SET TIME ZONE 'Asia/Karachi'`);
        expect((await client.query(`SELECT last_order_at FROM customers WHERE id = 'cus_2'`)).rows[0]).toEqual({
          last_order_at: '2026-03-04T05:06:07.089Z',
        });
        const orm = drizzle(client, { schema: pgSchema });
        const [row] = await orm
          .select({ at: pgSchema.customers.lastOrderAt, created: pgSchema.customers.createdAt })
          .from(pgSchema.customers)
          .where(eq(pgSchema.customers.id, 'cus_2'));
        expect(row).toEqual({ at: '2026-03-04T05:06:07.089Z', created: NOW });
      } finally {
        await client.query('RESET TIME ZONE');
        client.release();
      }
      // Sub-millisecond input is kept to the millisecond, as SQLite's ISO strings are.
      await pool.query(`UPDATE customers SET last_order_at = '2026-03-04 10:06:07.0894567+05' WHERE id = 'cus_2'`);
      expect((await pool.query(`SELECT last_order_at FROM customers WHERE id = 'cus_2'`)).rows[0]).toEqual({
        last_order_at: '2026-03-04T05:06:07.089Z',
      });
    });
  });

  it('gives parallel callers databases of their own, from the template, and drops them', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(a.name).not.toBe(b.name);
    for (const d of [a, b]) {
      const pool = createPgPool({ url: d.url, max: 1 });
      try {
        const applied = await pool.query<{ n: number }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
        expect(applied.rows[0]!.n).toBe(pgTags.length);
        await pool.query(`INSERT INTO accounts (id, name, created_at) VALUES ('only_here', 'x', $1)`, [NOW]);
      } finally {
        await pool.end();
      }
    }
    // Rows written in one are not in the other's copy, nor in the template.
    const pool = createPgPool({ url: a.url, max: 1 });
    try {
      expect((await pool.query(`SELECT count(*) AS n FROM accounts`)).rows[0]).toEqual({ n: 1 });
    } finally {
      await pool.end();
    }
    await Promise.all([a.drop(), b.drop()]);
    const check = createPgPool({ url: a.url.replace(/\/[^/]+$/, '/postgres'), max: 1 });
    try {
      const left = await check.query(`SELECT datname FROM pg_database WHERE datname IN ($1, $2)`, [a.name, b.name]);
      expect(left.rows).toEqual([]);
    } finally {
      await check.end();
    }
  });
});
