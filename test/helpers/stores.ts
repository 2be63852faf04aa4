import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrmStore } from '../../src/crm/store.port.ts';
import { openDatabase, runMigrations } from '../../src/db/client.ts';
import { createPgPool } from '../../src/db/pg/client.ts';
import { query, type Dialect, type Params } from '../../src/db/sql/executor.ts';
import { createStore } from '../../src/db/store.ts';
import { createTenancy, type Tenancy } from '../../src/db/tenancy.repo.ts';
import { pgDatabase, sqliteDatabase, type SqlDatabase } from '../../src/db/sql/database.ts';
import { createTestDatabase, pgAvailable } from './pg.ts';

// The CRM store on each database, for tests that run the same cases on both (`for (const kind of
// STORES) describe.skipIf(!kind.available)(…)`). The PostgreSQL half skips when no server answers,
// unless RAPPORT_REQUIRE_PG=1 (./pg.ts). Rows the store needs but does not own (accounts,
// connections) are written through the tenancy repositories (`tenancy`); `database` is the handle
// the store runs on, for the other repositories.

export type StoreHarness = {
  dialect: Dialect;
  store: CrmStore;
  /** The database handle the store runs on: other repositories (tenancy, queries, sync…) bind to it. */
  database: SqlDatabase;
  /** Accounts, connections and staff logins on the same database (sealed with `SECRETS_KEY`). */
  tenancy: Tenancy;
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
export const SECRETS_KEY = Buffer.alloc(32, 9);

function harness(database: SqlDatabase, store: CrmStore, close: () => Promise<void>): StoreHarness {
  const x = database.x;
  const tenancy = createTenancy(database, SECRETS_KEY);
  return {
    dialect: database.dialect,
    store,
    database,
    tenancy,
    close,
    rows: (text, params) => x.all(query(text), params),
    run: (text, params) => x.run(query(text), params),
    account: (name, currency) => tenancy.createAccount(name, currency),
    async connection(accountId, c) {
      return (await tenancy.upsertConnection({ accountId, ...c })).id;
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
      const database = sqliteDatabase(db);
      const store = createStore(database, {
        tombstoneKey: options.tombstoneKey ?? TOMBSTONE_KEY,
        afterErasure: options.afterErasure,
      });
      return harness(database, store, async () => {
        db.$client.close();
        rmSync(dir, { recursive: true, force: true });
      });
    },
  },
  {
    name: 'pg',
    available: pgAvailable,
    async open(options = {}) {
      const testDb = await createTestDatabase();
      const pool = createPgPool({ url: testDb.url, max: 4, applicationName: 'rapport store test' });
      const database = pgDatabase(pool);
      const store = createStore(database, {
        tombstoneKey: options.tombstoneKey ?? TOMBSTONE_KEY,
        afterErasure: options.afterErasure,
      });
      return harness(database, store, async () => {
        await pool.end();
        await testDb.drop();
      });
    },
  },
];
