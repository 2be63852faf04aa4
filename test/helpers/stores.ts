import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrmStore } from '../../src/crm/store.port.ts';
import { openDatabase, runMigrations } from '../../src/db/client.ts';
import { createPgPool } from '../../src/db/pg/client.ts';
import { pgExecutor, query, sqliteExecutor, type Dialect, type Executor, type Params } from '../../src/db/sql/executor.ts';
import { createStore } from '../../src/db/store.ts';
import { pgDatabase, sqliteDatabase } from '../../src/db/sql/database.ts';
import { newId } from '../../src/lib/ids.ts';
import { createTestDatabase, pgAvailable } from './pg.ts';

// The CRM store on each database, for tests that run the same cases on both (`for (const kind of
// STORES) describe.skipIf(!kind.available)(…)`). The PostgreSQL half skips when no server answers,
// unless RAPPORT_REQUIRE_PG=1 (./pg.ts). Rows the store needs but does not own (accounts,
// connections) are written with plain SQL until the tenancy ports run on PostgreSQL.

export type StoreHarness = {
  dialect: Dialect;
  store: CrmStore;
  /** Plain SQL with `:name` parameters, outside any unit of work (assertions, setup). */
  rows<T = Record<string, unknown>>(text: string, params?: Params): Promise<T[]>;
  run(text: string, params?: Params): Promise<number>;
  account(name: string, currency: string): Promise<string>;
  connection(
    accountId: string,
    c: { platform: 'shopify' | 'woocommerce'; domain: string; currency: string; country?: string | null; timezone?: string | null },
  ): Promise<string>;
  close(): Promise<void>;
};

export type StoreOptions = { tombstoneKey?: Buffer; afterErasure?: () => void };
export type StoreKind = { name: Dialect; available: boolean; open(options?: StoreOptions): Promise<StoreHarness> };

const TOMBSTONE_KEY = Buffer.alloc(32, 7);

function harness(dialect: Dialect, store: CrmStore, x: Executor, close: () => Promise<void>): StoreHarness {
  return {
    dialect,
    store,
    close,
    rows: (text, params) => x.all(query(text), params),
    run: (text, params) => x.run(query(text), params),
    async account(name, currency) {
      const id = newId('acc');
      await x.run(query('INSERT INTO accounts (id, name, currency, created_at) VALUES (:id, :name, :currency, :at)'), {
        id,
        name,
        currency,
        at: new Date().toISOString(),
      });
      return id;
    },
    async connection(accountId, c) {
      const id = newId('con');
      await x.run(
        query(`INSERT INTO connections (id, account_id, platform, domain, name, status, currency, country, timezone, created_at)
        VALUES (:id, :accountId, :platform, :domain, :domain, 'active', :currency, :country, :timezone, :at)`),
        { id, accountId, ...c, country: c.country ?? null, timezone: c.timezone ?? null, at: new Date().toISOString() },
      );
      return id;
    },
  };
}

export const STORES: StoreKind[] = [
  {
    name: 'sqlite',
    available: true,
    async open(options = {}) {
      const dir = mkdtempSync(join(tmpdir(), 'rapport-store-'));
      const db = openDatabase(join(dir, 'store.sqlite'));
      runMigrations(db);
      const store = createStore(sqliteDatabase(db), {
        tombstoneKey: options.tombstoneKey ?? TOMBSTONE_KEY,
        afterErasure: options.afterErasure,
      });
      return harness('sqlite', store, sqliteExecutor(db.$client), async () => {
        db.$client.close();
        rmSync(dir, { recursive: true, force: true });
      });
    },
  },
  {
    name: 'pg',
    available: pgAvailable,
    async open(options = {}) {
      const database = await createTestDatabase();
      const pool = createPgPool({ url: database.url, max: 4, applicationName: 'rapport store test' });
      const store = createStore(pgDatabase(pool), {
        tombstoneKey: options.tombstoneKey ?? TOMBSTONE_KEY,
        afterErasure: options.afterErasure,
      });
      return harness('pg', store, pgExecutor(pool), async () => {
        await pool.end();
        await database.drop();
      });
    },
  },
];
