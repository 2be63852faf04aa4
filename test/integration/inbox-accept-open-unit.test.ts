import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, runMigrations, type Db } from '../../src/db/client.ts';
import { createSqliteInbox } from '../../src/db/inbox.sqlite.ts';
import { createStore } from '../../src/db/store.ts';
import { sqliteDatabase } from '../../src/db/sql/database.ts';
import { createTenancy } from '../../src/db/tenancy.repo.ts';
import type { Delivery, InboxQueue } from '../../src/inbox/inbox.port.ts';

// The inbox shares the SQLite connection with units of work. Now that accepting a delivery is
// asynchronous, an intake's promise callbacks can run while another unit (the worker's) is open on
// that connection: the delivery must then wait for that commit instead of joining the transaction
// (and rolling back with it), and still be on disk before `accept` resolves (ack-after-commit).

let dir: string;
let db: Db;
let inbox: InboxQueue;
let delivery: (key: string) => Delivery;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-accept-'));
  db = openDatabase(join(dir, 'rapport.sqlite'));
  runMigrations(db);
  const tenancy = createTenancy(sqliteDatabase(db), Buffer.alloc(32, 3));
  const accountId = await tenancy.createAccount('Shop', 'USD');
  const connectionId = (await tenancy.upsertConnection({ accountId, platform: 'shopify', domain: 'wait.myshopify.com', currency: 'USD' }))
    .id;
  delivery = (key) => ({
    accountId,
    connectionId,
    platform: 'shopify',
    topic: 'orders/create',
    dedupeKey: key,
    body: '{"id":1}',
    triggeredAt: null,
  });
  inbox = createSqliteInbox(db);
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const stored = (key: string) =>
  db.$client.prepare('SELECT count(*) AS n FROM webhook_inbox WHERE dedupe_key = ?').get(key) as { n: number };
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('accepting a delivery while a transaction is open on the connection', () => {
  it('waits for the commit, then records the delivery in its own transaction', async () => {
    db.$client.exec('BEGIN');
    const accepted = inbox.accept(delivery('after-commit'), new Date().toISOString());
    await turn();
    db.$client.exec('ROLLBACK'); // had the delivery joined it, it would be gone now
    expect(await accepted).toBe(true);
    expect(stored('after-commit').n).toBe(1);
  });

  it('refuses (no ack) when the transaction stays open, and writes nothing', async () => {
    db.$client.exec('BEGIN');
    const accepted = inbox.accept(delivery('never'), new Date().toISOString());
    await expect(accepted).rejects.toThrow(/inside an open transaction/);
    db.$client.exec('ROLLBACK');
    expect(stored('never').n).toBe(0);
  });

  it('refuses a delivery accepted from inside a unit of work', async () => {
    const store = createStore(sqliteDatabase(db), { tombstoneKey: Buffer.alloc(32, 3) });
    await expect(store.transaction(() => inbox.accept(delivery('inside'), new Date().toISOString()))).rejects.toThrow(
      /inside an open transaction/,
    );
    expect(stored('inside').n).toBe(0);
  });
});
