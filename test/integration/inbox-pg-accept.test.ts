import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgInbox, type PgInbox } from '../../src/db/inbox.pg.ts';
import { createPgPool } from '../../src/db/pg/client.ts';
import { pgDatabase, type PgDatabase } from '../../src/db/sql/database.ts';
import { query } from '../../src/db/sql/executor.ts';
import type { Delivery } from '../../src/inbox/inbox.port.ts';
import { createTestDatabase, pgAvailable, type TestDatabase } from '../helpers/pg.ts';

// Acks grouped into one statement while earlier ones are in flight (db/inbox-accept.pg.ts): every
// caller learns whether its own delivery was new, after the commit that holds it; a key sent twice
// at once is written once; a statement that fails fails only the deliveries in it.

describe.skipIf(!pgAvailable)('PostgreSQL inbox: grouped acks', () => {
  let db: TestDatabase;
  let database: PgDatabase;
  let inbox: PgInbox;
  const at = '2026-11-01T00:00:00.000Z';

  beforeAll(async () => {
    db = await createTestDatabase();
    database = pgDatabase(createPgPool({ url: db.url, max: 4, applicationName: 'rapport accept test' }));
    const x = database.x;
    await x.run(query(`INSERT INTO accounts (id, name, currency, created_at) VALUES ('acc_a', 'A', 'PKR', :at)`), { at });
    await x.run(
      query(`INSERT INTO connections (id, account_id, platform, domain, name, status, currency, country, created_at)
        VALUES ('con_a', 'acc_a', 'shopify', 'a.myshopify.com', 'a', 'active', 'PKR', 'PK', :at)`),
      { at },
    );
    // One statement at a time, so the deliveries called in one tick share statements.
    inbox = createPgInbox(database, { accept: { concurrency: 1, maxDeliveries: 50 } });
  });
  afterAll(async () => {
    await database?.close();
    await db?.drop();
  });

  const delivery = (key: string, connectionId = 'con_a'): Delivery => ({
    accountId: 'acc_a',
    connectionId,
    platform: 'shopify',
    topic: 'orders/create',
    dedupeKey: key,
    body: JSON.stringify({ id: key, note: 'سلام' }),
    triggeredAt: null,
  });
  const stored = () =>
    database.x.all<{ id: number; dedupeKey: string; body: string }>(
      query(`SELECT id, dedupe_key AS "dedupeKey", body FROM webhook_inbox ORDER BY id`),
    );

  it('answers each caller for its own delivery, writes a key sent twice at once once, and keeps the calling order', async () => {
    const keys = Array.from({ length: 120 }, (_, i) => `k${i}`);
    // Every key once, then the first 30 again in the same tick, then 10 already stored before.
    await inbox.accept(delivery('old-1'), at);
    const calls = [...keys, ...keys.slice(0, 30), 'old-1'].map((k) => inbox.accept(delivery(k), at));
    const answers = await Promise.all(calls);
    expect(answers.slice(0, 120).every(Boolean)).toBe(true);
    expect(answers.slice(120).some(Boolean)).toBe(false);
    const rows = await stored();
    expect(rows.map((r) => r.dedupeKey)).toEqual(['old-1', ...keys]);
    expect(JSON.parse(rows[1]!.body)).toEqual({ id: 'k0', note: 'سلام' });
    expect((await inbox.counts()).pending).toBe(121);
  });

  it('fails only the statement holding a bad delivery; the others are stored and answered', async () => {
    const before = (await stored()).length;
    // con_missing breaks the foreign key: its whole statement fails, and its callers get the error.
    const first = inbox.accept(delivery('g1'), at);
    const broken = [inbox.accept(delivery('g2'), at), inbox.accept(delivery('g3', 'con_missing'), at)];
    const settled = await Promise.allSettled([first, ...broken]);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: true });
    expect(settled[1]!.status).toBe('rejected');
    expect(settled[2]!.status).toBe('rejected');
    const keys = (await stored()).slice(before).map((r) => r.dedupeKey);
    expect(keys).toEqual(['g1']);
    // The failed one's key was not kept: a redelivery is accepted.
    expect(await inbox.accept(delivery('g2'), at)).toBe(true);
  });
});
