import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Repos } from '../../src/crm/store.port.ts';
import { setTags, tagState } from '../../src/db/queries/customer-notes.query.ts';
import { syncTransaction } from '../../src/db/sync-transaction.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createOutboundPolicy } from '../../src/lib/outbound-address.ts';
import { createGuardedFetch } from '../../src/lib/outbound-fetch.ts';
import { createPasswordHasher } from '../../src/lib/password.ts';
import { configureUnitOfWorkGuard, UnitOfWorkViolation } from '../../src/lib/unit-of-work.guard.ts';
import { addCustomer } from '../helpers/customers.ts';
import { onSqlite } from '../helpers/database.ts';
import { createShop, type Shop } from '../helpers/loyalty.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sql } from '../helpers/sql.ts';

// The unit-of-work rule (src/db/README.md): a transaction awaits nothing but its own queries.
// Each way of breaking it is made to happen for real on a real SQLite file and a real HTTP
// server, and must fail loudly in test mode (and only be logged in production mode). What
// detects a unit that lets the event loop turn, or work interleaving with it, is about SQLite's one
// shared connection; on PostgreSQL each unit has a connection of its own, so those cases run on
// SQLite only and the context mark (outside I/O refused) is checked on both.

let server: TestServer;
let shop: Shop & { customerId: string };

beforeAll(async () => {
  server = await startTestServer();
  const created = await createShop(server, 'guard.myshopify.com');
  shop = { ...created, customerId: await addCustomer(server, created.connectionId, '7', { email: 'guard@example.pk' }) };
});
afterAll(() => server.close());
afterEach(() => configureUnitOfWorkGuard({ mode: 'throw' }));

const status = () => sql(server).value<string>('SELECT status FROM connections WHERE id = ?', shop.connectionId);
const reactivate = () => sql(server).run("UPDATE connections SET status = 'active', uninstalled_at = NULL WHERE id = ?", shop.connectionId);

/** A unit that writes, then waits for `release` (something outside the database), then returns. */
function suspendedUnit(release: Promise<unknown>) {
  return server.runtime.store.transaction(async (repos: Repos) => {
    await repos.connections.markUninstalled(shop.connectionId, new Date().toISOString());
    await release;
    return 'committed';
  });
}

/**
 * A timer the unit awaits, started from the check phase after the unit began: the guard's own
 * tick (set at the begin) then always comes first, however late a loaded machine runs the timer.
 */
const timerAfterBegin = () => new Promise((r) => setImmediate(() => setTimeout(r, 5)));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('unit-of-work guard: a unit that awaits real I/O', () => {
  it('a unit awaiting only its own queries commits', async () => {
    await reactivate();
    await expect(suspendedUnit(Promise.resolve())).resolves.toBe('committed');
    expect(await status()).toBe('uninstalled');
  });

  it.skipIf(!onSqlite)('a unit that lets the event loop turn (a timer) is refused and rolled back', async () => {
    await reactivate();
    const unit = suspendedUnit(timerAfterBegin());
    await expect(unit).rejects.toThrow(UnitOfWorkViolation);
    await expect(unit).rejects.toThrow(/the event loop turned before its commit/);
    expect(await status()).toBe('active');
  });

  it.each([
    ['password hashing', () => createPasswordHasher().hash('correct horse'), /Password hashing inside a unit of work/],
    [
      'an outbound request',
      () => createGuardedFetch(createOutboundPolicy(['127.0.0.1']))(`${server.url}/health`, {}),
      /An outbound request inside a unit of work/,
    ],
  ])('%s inside a unit throws at the call, and the unit rolls back', async (_name, io, message) => {
    await reactivate();
    const unit = server.runtime.store.transaction(async (repos) => {
      await repos.connections.markUninstalled(shop.connectionId, new Date().toISOString());
      await io();
    });
    await expect(unit).rejects.toThrow(message);
    expect(await status()).toBe('active');
  });

  it('a transaction opened inside another is refused instead of waiting for itself', async () => {
    const store = server.runtime.store;
    await expect(store.transaction(() => store.transaction(async () => 'inner'))).rejects.toThrow(/started inside another one/);
  });
});

describe('unit-of-work guard: work that starts while a unit is open', () => {
  it.skipIf(!onSqlite)('an HTTP request arriving while a unit is open is refused with a 500', async () => {
    await reactivate();
    const gate = deferred();
    const unit = suspendedUnit(gate.promise);
    unit.catch(() => undefined);
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    gate.resolve();
    await expect(unit).rejects.toThrow(UnitOfWorkViolation);
    // Once no unit is open, the same request is served.
    expect((await fetch(`${server.url}/health`)).status).not.toBe(500);
  });

  // SQLite's one shared connection and its synchronous transactions (syncTransaction): SQLite only.
  it.skipIf(!onSqlite)('a synchronous transaction interleaving with an open unit is refused and writes nothing', async () => {
    await reactivate();
    const gate = deferred();
    const unit = suspendedUnit(gate.promise);
    unit.catch(() => undefined);
    await new Promise((r) => setImmediate(r)); // the unit has begun and is suspended
    const sqlite = server.runtime.sqlite!.$client;
    const tag = syncTransaction(sqlite, 'tag a customer', (t: string) =>
      sqlite
        .prepare("INSERT INTO customer_tags (account_id, customer_id, tag, source) VALUES (?, ?, ?, 'guard')")
        .run(shop.accountId, shop.customerId, t),
    );
    const guardTags = () =>
      sqlite.prepare("SELECT tag FROM customer_tags WHERE customer_id = ? AND source = 'guard'").pluck().all(shop.customerId);
    expect(() => tag('vip')).toThrow(/tag a customer started while a unit of work is open/);
    gate.resolve();
    await expect(unit).rejects.toThrow(UnitOfWorkViolation);
    expect(guardTags()).toEqual([]);
    tag('vip');
    expect(guardTags()).toEqual(['vip']);
  });

  it.skipIf(!onSqlite)(
    'a unit of work asked for while another is open (staff setting tags) waits for it instead of joining it',
    async () => {
      await reactivate();
      const gate = deferred();
      const unit = server.runtime.store.transaction(async (repos: Repos) => {
        await repos.connections.markUninstalled(shop.connectionId, new Date().toISOString());
        await gate.promise;
        throw new Error('rolled back');
      });
      unit.catch(() => undefined);
      await new Promise((r) => setImmediate(r)); // the unit has begun and is suspended
      const database = server.runtime.database;
      const tags = setTags(database, shop.accountId, shop.customerId, ['wholesale']);
      gate.resolve();
      await expect(unit).rejects.toThrow('rolled back');
      // Its own unit, after the other rolled back: the tags stay.
      expect((await tags).manualTags).toEqual(['wholesale']);
      expect((await tagState(database, shop.customerId)).manualTags).toEqual(['wholesale']);
      expect(await status()).toBe('active');
    },
  );
});

describe('unit-of-work guard in production mode', () => {
  it.skipIf(!onSqlite)('logs the violation as an error and changes nothing else: the unit commits', async () => {
    await reactivate();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    configureUnitOfWorkGuard({ mode: 'log', logger: createLogger('info', sink) });
    await expect(suspendedUnit(timerAfterBegin())).resolves.toBe('committed');
    expect(await status()).toBe('uninstalled');
    const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string; err: string });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, msg: 'unit of work guard' });
    expect(logged[0]!.err).toMatch(/a SQLite transaction awaited something other than its own queries/);
  });
});
