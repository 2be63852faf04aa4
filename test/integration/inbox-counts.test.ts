import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, runMigrations, type Db } from '../../src/db/client.ts';
import { createSqliteInbox } from '../../src/db/inbox.sqlite.ts';
import { ensureInboxCounters } from '../../src/db/inbox-counts.sqlite.ts';
import * as schema from '../../src/db/schema/index.ts';
import { createTenancy } from '../../src/db/tenancy.repo.ts';
import { createStore } from '../../src/db/store.ts';
import { sqliteDatabase } from '../../src/db/sql/database.ts';
import type { InboxQueue } from '../../src/inbox/inbox.port.ts';

// Health and the panel's inbox counts must not read the whole inbox: the statements counts()
// really runs (captured with better-sqlite3's `verbose`) are asked for their query plans, and the
// counts they give are checked against a full GROUP BY through every way a delivery changes.

let dir: string;
let sqlite: Database.Database;
let db: Db;
let inbox: InboxQueue;
const executed: string[] = [];
const accounts: string[] = [];
const connections: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-counts-'));
  const file = join(dir, 'rapport.sqlite');
  const setup = openDatabase(file);
  runMigrations(setup);
  setup.$client.close();
  sqlite = new Database(file, {
    verbose: (s) => {
      executed.push(String(s));
    },
  });
  sqlite.pragma('foreign_keys = ON');
  db = drizzle(sqlite, { schema }) as Db;
  const tenancy = createTenancy(sqliteDatabase(db), Buffer.alloc(32, 7));
  for (const name of ['A', 'B']) {
    const accountId = await tenancy.createAccount(`Shop ${name}`, 'USD');
    accounts.push(accountId);
    connections.push(
      (
        await tenancy.upsertConnection({
          accountId,
          platform: 'shopify',
          domain: `${name.toLowerCase()}.myshopify.com`,
          currency: 'USD',
          country: 'PK',
        })
      ).id,
    );
  }
  inbox = createSqliteInbox(db);
});
afterAll(() => {
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
async function accept(k: number, receivedAt = `2026-11-01T00:00:${String(seq % 60).padStart(2, '0')}Z`): Promise<void> {
  await inbox.accept(
    {
      accountId: accounts[k]!,
      connectionId: connections[k]!,
      platform: 'shopify',
      topic: 'orders/create',
      dedupeKey: `e-${seq++}`,
      body: '{}',
      triggeredAt: null,
    },
    receivedAt,
  );
}

function truth(accountId?: string) {
  const rows = sqlite
    .prepare(`SELECT status, count(*) AS n FROM webhook_inbox ${accountId ? 'WHERE account_id = ?' : ''} GROUP BY status`)
    .all(...(accountId ? [accountId] : [])) as { status: string; n: number }[];
  const oldest = sqlite
    .prepare(`SELECT min(received_at) AS t FROM webhook_inbox WHERE status = 'pending' ${accountId ? 'AND account_id = ?' : ''}`)
    .get(...(accountId ? [accountId] : [])) as { t: string | null };
  return { pending: 0, done: 0, ignored: 0, dead: 0, ...Object.fromEntries(rows.map((r) => [r.status, r.n])), oldestPendingAt: oldest.t };
}

async function expectTrue() {
  for (const a of [undefined, ...accounts]) expect(await inbox.counts(a)).toEqual(truth(a));
}

describe('inbox counts', () => {
  it('are read by index or primary-key searches, never a scan of the inbox', async () => {
    for (let i = 0; i < 50; i++) await accept(i % 2);
    executed.length = 0;
    await inbox.counts(accounts[0]);
    await inbox.counts();
    expect(executed.length).toBeGreaterThan(0);
    for (const statement of [...executed]) {
      const plan = (
        sqlite
          .prepare(`EXPLAIN QUERY PLAN ${statement}`)
          .all(...Array.from({ length: (statement.match(/\?/g) ?? []).length }, () => accounts[0])) as { detail: string }[]
      ).map((p) => p.detail);
      // A SCAN of webhook_inbox (table or index) grows with every delivery ever received.
      expect(
        plan.filter((d) => /^SCAN webhook_inbox\b(?!_counts)/.test(d)),
        `${statement}\n${plan.join('\n')}`,
      ).toEqual([]);
      if (/webhook_inbox\b(?!_counts)/.test(statement))
        expect(plan.some((d) => /^SEARCH webhook_inbox USING (COVERING )?INDEX/.test(d))).toBe(true);
    }
  });

  it('follow every change: ack, processing, failure, dead letter, retry, erasure, account deletion', async () => {
    const store = createStore(sqliteDatabase(db), { tombstoneKey: Buffer.alloc(32, 7) });
    await expectTrue();
    const due = await inbox.due(30, '2100-01-01T00:00:00Z');
    await store.batch(async () => {
      for (const [i, item] of due.entries()) {
        if (i % 5 === 0) await inbox.complete(item.id, 'ignored', 'now');
        else if (i % 5 === 1) await inbox.fail(item.id, 'boom', null, 'now');
        else if (i % 5 === 2) await inbox.fail(item.id, 'retry', '2100-01-01T00:00:00Z', 'now');
        else await inbox.complete(item.id, 'done', 'now');
      }
    });
    await expectTrue();
    expect((await inbox.counts(accounts[0])).dead).toBeGreaterThan(0);
    await inbox.requeue({ accountId: accounts[0] }, 'now');
    await expectTrue();
    await inbox.requeue({ includeDone: true, ids: due.slice(0, 10).map((d) => d.id) }, 'now');
    await expectTrue();
    await store.transaction((r) => r.compliance.eraseConnection(connections[1]!));
    await expectTrue();
    expect((await inbox.counts(accounts[1])).pending).toBe(0);
    await accept(0);
    sqlite.prepare('DELETE FROM accounts WHERE id = ?').run(accounts[0]); // cascades to its deliveries
    await expectTrue();
  });

  it('are seeded from existing deliveries when the triggers are (re)created', async () => {
    const tenancy = createTenancy(sqliteDatabase(db), Buffer.alloc(32, 7));
    const accountId = await tenancy.createAccount('Shop C', 'USD');
    accounts.push(accountId);
    connections.push(
      (await tenancy.upsertConnection({ accountId, platform: 'shopify', domain: 'c.myshopify.com', currency: 'USD', country: 'PK' })).id,
    );
    // As after a migration that rebuilt webhook_inbox: the triggers are gone, deliveries arrive meanwhile.
    for (const t of sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'webhook_inbox_counts_%'`)
      .all() as { name: string }[]) {
      sqlite.exec(`DROP TRIGGER ${t.name}`);
    }
    for (let i = 0; i < 7; i++) await accept(2);
    ensureInboxCounters(sqlite);
    await expectTrue();
    await accept(2);
    await expectTrue();
  });
});
